"""`yibao bench`: every measure of the service, each written to its section of BENCHMARKS.md.

Measures (one module each): ingest (`bench_ingest`), search (`bench_search`), ask latency by
route (`bench_ask`), peak memory of a serving process (`bench_memory`), start-up to first answer
(`bench_startup`), throughput of POST /api/ask (`bench_throughput`); servers and worker processes
come from `bench_server` (127.0.0.1 only, stopped in a `finally`).

The index measured: a copy of `--data-dir` when given, else the one the ingest measure just built,
else a copy of YIBAO_DATA_DIR (default `.yibao`), else a new build; bench never writes to a data
dir it did not create. Every loop is bounded in count and in time; a measure that fails is
reported and the others still run.
"""

from __future__ import annotations

import datetime as dt
import os
import shlex
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bot.bench.machine import load_average, machine_facts
from bot.bench.questions import BenchItem, dev_files, dev_records, question_list, read_jsonl, single_questions
from bot.bench.report import MEASURES, Section
from ingest.index_state import read_pointer
from ingest.settings import IndexSettings

PROJECT_DIR = Path(__file__).resolve().parents[2]
BENCHMARKS_MD = PROJECT_DIR / "BENCHMARKS.md"
PARAPHRASES = PROJECT_DIR / "tests" / "data" / "paraphrases.jsonl"
# settings that change the figures (OMP_NUM_THREADS: threads of the embedding engine)
ENV_SHOWN = ("YIBAO_EMBEDDER", "YIBAO_RETRIEVER_MODE", "YIBAO_RERANKER", "OMP_NUM_THREADS")


@dataclass(frozen=True)
class Counts:
    """How much each measure does: bounded counts and time limits."""

    per_category: int | None  # items of each category in the question list (None = all)
    ask_rounds: int
    search_rounds: int
    startup_runs: int
    memory_apps: tuple[str, ...]
    clients: tuple[int, ...]
    max_requests: int  # per client count
    time_limit_s: float  # per loop
    scale_out: tuple[int, int, float, int] = (2, 100, 60.0, 1_000_000)  # workers, clients, seconds, max requests


FULL = Counts(per_category=None, ask_rounds=3, search_rounds=3, startup_runs=3, memory_apps=("api", "page"),
              clients=(1, 4, 8), max_requests=200, time_limit_s=300.0)
QUICK = Counts(per_category=2, ask_rounds=1, search_rounds=1, startup_runs=1, memory_apps=("api",),
               clients=(1, 4, 8), max_requests=8, time_limit_s=60.0, scale_out=(2, 4, 10.0, 16))


@dataclass(frozen=True)
class BenchOptions:
    only: tuple[str, ...] = MEASURES
    quick: bool = False
    data_dir: Path | None = None
    dev: tuple[Path, ...] = ()
    write: bool = True

    @property
    def counts(self) -> Counts:
        return QUICK if self.quick else FULL

    def command(self, measure: str, environ: dict[str, str] | None = None) -> str:
        """The command that reproduces one measure's figures (settings that change them included)."""
        env = os.environ if environ is None else environ
        words = [f"{name}={shlex.quote(env[name])}" for name in ENV_SHOWN if env.get(name)]
        words += ["yibao", "bench", "--only", measure]
        if self.quick:
            words.append("--quick")
        if self.data_dir is not None:
            words += ["--data-dir", shlex.quote(str(self.data_dir))]
        for path in self.dev:
            words += ["--dev", shlex.quote(str(path))]
        return " ".join(words)


@dataclass
class RunContext:
    """What the measures of one run share: the question list, the dev records, the index measured."""

    items: list[BenchItem]
    records: list[dict]
    embedder: str
    tmp: Path
    built: Path | None = None  # the index the ingest measure built
    data_dir: Path | None = None  # the index the other measures use, chosen on first need


def parse_only(text: str) -> tuple[str, ...]:
    """'ask,search' -> ('search', 'ask') in MEASURES order; ValueError naming the accepted values."""
    names = [name.strip() for name in text.split(",") if name.strip()]
    unknown = [name for name in names if name not in MEASURES]
    if unknown or not names:
        raise ValueError(f"--only: unknown measure {', '.join(unknown) or '(none)'}; accepted: {','.join(MEASURES)}")
    return tuple(name for name in MEASURES if name in names)


def new_section(key: str, options: BenchOptions) -> Section:
    return Section(key=key, started=dt.datetime.now().strftime("%Y-%m-%d %H:%M"), machine=machine_facts(),
                   load_start=load_average(), command=options.command(key))


def copy_index(source: Path, target: Path) -> Path:
    """A copy of a data dir's index to measure, without its SQLite store of feedback and questions."""
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("yibao.sqlite*"))
    return target


def measured_data_dir(options: BenchOptions, tmp: Path, built: Path | None, embedder: str, log) -> Path:
    if options.data_dir is not None:
        if read_pointer(options.data_dir) is None:
            raise FileNotFoundError(f"--data-dir {options.data_dir}: no index there; run `yibao ingest` first")
        return copy_index(options.data_dir, tmp / "index")
    if built is not None:
        return built
    default = IndexSettings.from_env().data_dir
    if read_pointer(default) is not None:
        log(f"测量 {default} 的索引（复制一份）…")
        return copy_index(default, tmp / "index")
    from ingest.pipeline import run_ingest

    log("没有现成的索引，先建立一个（不计时）…")
    run_ingest(IndexSettings(data_dir=tmp / "index", embedder=embedder), progress=True)
    return tmp / "index"


def _search_questions(items: list[BenchItem], quick: bool) -> tuple[list[str], str]:
    if PARAPHRASES.exists():
        questions, source = [r["question"] for r in read_jsonl(PARAPHRASES)], "`tests/data/paraphrases.jsonl`"
    else:
        questions, source = single_questions(items), "the ask question list"
    return (questions[:8] if quick else questions), source


def run_measure(key: str, section: Section, ctx: RunContext, options: BenchOptions, log) -> None:
    counts, items = options.counts, ctx.items
    if key == "ingest":
        from bot.bench.ingest import measure_ingest

        measure_ingest(section, ctx.tmp / "ingest", ctx.embedder, log=log)
        ctx.built = ctx.tmp / "ingest"
        return
    if ctx.data_dir is None:
        ctx.data_dir = measured_data_dir(options, ctx.tmp, ctx.built, ctx.embedder, log)
    data_dir = ctx.data_dir
    if key == "search":
        from bot.bench.search import measure_search

        questions, source = _search_questions(items, options.quick)
        measure_search(section, data_dir, ctx.embedder, questions, source, counts.search_rounds, ctx.records)
    elif key == "ask":
        from bot.bench.ask import measure_ask

        measure_ask(section, data_dir, items, counts.ask_rounds, counts.time_limit_s)
    elif key == "memory":
        from bot.bench.memory import measure_memory

        measure_memory(section, data_dir, items, counts.memory_apps, counts.time_limit_s)
    elif key == "startup":
        from bot.bench.startup import measure_startup

        measure_startup(section, data_dir, items[0].turns[0], counts.startup_runs)
    elif key == "throughput":
        from bot.bench.throughput import measure_scale_out, measure_throughput

        measure_throughput(section, data_dir, single_questions(items), counts.clients, counts.max_requests,
                           counts.time_limit_s)
        workers, clients, seconds, most = counts.scale_out
        measure_scale_out(section, data_dir, single_questions(items), workers, clients, seconds, most)


def run_bench(options: BenchOptions, log: Callable[[str], None] = print,
              on_section: Callable[[Section], None] | None = None,
              measure: Callable[..., None] = run_measure) -> list[Section]:
    """Every measure of `options.only`, in order; a failure is recorded in its section's `error`."""
    paths = [path for entry in options.dev for path in dev_files(entry)]
    sections = []
    with tempfile.TemporaryDirectory(prefix="yibao-bench-") as tmp:
        ctx = RunContext(items=question_list(paths, options.counts.per_category), records=dev_records(paths),
                         embedder=IndexSettings.from_env().embedder, tmp=Path(tmp))
        for key in options.only:
            section = new_section(key, options)
            log(f"—— {section.title} ——")
            try:
                measure(key, section, ctx, options, log)
            except Exception as exc:  # one failing measure must not lose the others
                section.error = f"{type(exc).__name__}: {exc}"
            section.load_end = load_average()
            sections.append(section)
            if on_section is not None:
                on_section(section)
    return sections
