"""Ask latency by route, without a language model, in a fresh process on the measured index.

`measure_ask` writes the question list to a file and runs `python -m bot.bench.ask` with
YIBAO_DATA_DIR set and no YIBAO_LLM_* variables: `Service.from_env()` exactly as the API builds
it. The worker answers every item once (warm-up), then `rounds` times timed, and writes the
timings by route: a turn after the first of a conversation is a follow-up turn, a refused answer
a decline, otherwise the answer's intent (policy, calculation, comparison, …).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from bot.bench.questions import BenchItem
from bot.bench.report import Row, Section, target
from bot.bench.server import PROJECT_DIR, bench_env
from bot.bench.stats import Latency, ms

TARGET_P50_MS = 40.0  # the answers issue: policy-answer p50 at most 40 ms
TARGET_P95_MS = 150.0
GROUP_ORDER = ("policy", "calculation", "follow_up", "decline")
RETRIEVAL = "retrieval"  # not a route: the search part of the answers that searched, as the answerer timed it
GROUP_LABELS = {"policy": "policy questions", "calculation": "calculations", "follow_up": "follow-up turns",
                "decline": "declines", "all": "all answers", RETRIEVAL: "of which retrieval (answers that searched)"}

AnswerFn = Callable[[str, str | None, str | None], Any]  # (question, city, session_id) -> Answer


def route_of(answer: Any, turn: int) -> str:
    if turn > 0:
        return "follow_up"
    if getattr(answer, "refused", False):
        return "decline"
    return str(getattr(answer, "intent", "unknown"))


def converse(answer_fn: AnswerFn, item: BenchItem, session_id: str) -> list[tuple[str, float, float | None]]:
    """Every turn of the item in one session: (route, ms, ms of retrieval or None) per turn."""
    timings = []
    for turn, question in enumerate(item.turns):
        started = time.perf_counter()
        answer = answer_fn(question, item.city if turn == 0 else None, session_id)
        elapsed = (time.perf_counter() - started) * 1000
        timings.append((route_of(answer, turn), elapsed, (getattr(answer, "timings_ms", None) or {}).get(RETRIEVAL)))
    return timings


def time_answers(answer_fn: AnswerFn, items: list[BenchItem], rounds: int,
                 time_limit_s: float = 600.0) -> dict[str, list[float]]:
    """ms by route over `rounds` timed passes after one warm-up pass; stops at the time limit.

    Under RETRIEVAL: the retrieval part of the answers that searched (`Answer.timings_ms`)."""
    for index, item in enumerate(items):
        converse(answer_fn, item, f"bench-warm-{index}")
    deadline = time.monotonic() + time_limit_s
    groups: dict[str, list[float]] = {}
    for round_ in range(rounds):
        for index, item in enumerate(items):
            if time.monotonic() > deadline:
                return groups
            for route, elapsed, retrieval in converse(answer_fn, item, f"bench-{round_}-{index}"):
                groups.setdefault(route, []).append(elapsed)
                if retrieval is not None:
                    groups.setdefault(RETRIEVAL, []).append(retrieval)
    return groups


def rows_for(groups: dict[str, list[float]]) -> list[Row]:
    rows = []
    routes = {name: values for name, values in groups.items() if name != RETRIEVAL}
    names = [g for g in GROUP_ORDER if g in routes] + sorted(g for g in routes if g not in GROUP_ORDER)
    every = [value for values in routes.values() for value in values]
    extra = [RETRIEVAL] if RETRIEVAL in groups else []
    for name in [*names, "all", *extra]:
        latency = Latency.of(every if name == "all" else groups[name])
        label = GROUP_LABELS.get(name, name)
        answer = name != RETRIEVAL  # the targets are for whole answers
        noun = ("answer" if answer else "search") + ("" if latency.n == 1 else "s" if answer else "es")
        rows.append(Row(f"{label}: p50 ({latency.n} {noun})", ms(latency.p50),
                        target(latency.p50, TARGET_P50_MS, "ms") if answer else ""))
        rows.append(Row(f"{label}: p95 / p99", f"{ms(latency.p95)} / {ms(latency.p99)}",
                        target(latency.p95, TARGET_P95_MS, "ms") if answer else ""))
    return rows


def measure_ask(section: Section, data_dir: Path, items: list[BenchItem], rounds: int,
                time_limit_s: float) -> None:
    with tempfile.TemporaryDirectory(prefix="yibao-bench-ask-") as tmp:
        questions, output = Path(tmp) / "items.json", Path(tmp) / "timings.json"
        questions.write_text(json.dumps([asdict(item) for item in items], ensure_ascii=False), encoding="utf-8")
        command = [sys.executable, "-m", "bot.bench.ask", str(questions), str(output),
                   "--rounds", str(rounds), "--time-limit", str(time_limit_s)]
        done = subprocess.run(command, cwd=PROJECT_DIR, env=bench_env(data_dir), capture_output=True,
                              text=True, timeout=time_limit_s * 2 + 300)
        if done.returncode != 0:
            raise RuntimeError(f"bot.bench.ask exited with {done.returncode}: {done.stderr[-2000:]}")
        result = json.loads(output.read_text(encoding="utf-8"))
    section.rows += rows_for(result["groups"])
    by_category: dict[str, int] = {}
    for item in items:
        by_category[item.category] = by_category.get(item.category, 0) + 1
    sources = sorted({item.source for item in items})
    section.notes += [
        f"{len(items)} items ({', '.join(f'{n} {c}' for c, n in by_category.items())}) from "
        f"{', '.join(sources)}; each answered once to warm up, then {rounds} timed round{'s' if rounds > 1 else ''} "
        f"(first answer of the worker: {result['first_answer_ms']:.0f} ms, not counted);",
        "grouped by the route the answer took: a turn after the first of a conversation is a follow-up "
        "turn, a refused answer a decline, otherwise the answer's intent;",
        "`Service.from_env()` in a fresh process on the measured index, YIBAO_LLM_* unset (no language "
        "model), wall time of `Service.answer` (routing, retrieval, composing or calculating, SQLite log "
        "of declines).",
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="ask-latency worker of `yibao bench`")
    parser.add_argument("items", type=Path)
    parser.add_argument("output", type=Path)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--time-limit", type=float, default=600.0)
    args = parser.parse_args(argv)
    from bot.service import Service

    items = [BenchItem(d["category"], tuple(d["turns"]), d.get("city"), d.get("source", ""))
             for d in json.loads(args.items.read_text(encoding="utf-8"))]
    service = Service.from_env()

    def answer_fn(question: str, city: str | None, session_id: str | None) -> Any:
        return service.answer(question, city=city, session_id=session_id)

    started = time.perf_counter()
    answer_fn(items[0].turns[0], items[0].city, None)
    first_ms = (time.perf_counter() - started) * 1000
    groups = time_answers(answer_fn, items, args.rounds, args.time_limit)
    args.output.write_text(json.dumps({"groups": groups, "first_answer_ms": first_ms}), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
