"""Search latency (p50/p95 of `Retriever.search`, warm) and retrieval hit rates of each mode."""

from __future__ import annotations

import re
import time
from pathlib import Path

from bot.bench.report import Row, Section, at_least, target
from bot.bench.stats import Latency, ms
from bot.config import RETRIEVER_MODES, Settings
from bot.retrieval.retriever import Retriever
from ingest.settings import IndexSettings

# The ranking issue's targets: search p50 and p95 (ranking included), and the serving mode's hit rates.
TARGET_P50_MS = 20.0
TARGET_P95_MS = 40.0
TARGET_HIT_AT_1 = 0.85
TARGET_HIT_AT_5 = 0.97
SERVING_MODE = "hybrid"
_WHITESPACE = re.compile(r"\s+")


def is_hit(passage_text: str, quote: str) -> bool:
    """The passage contains the quote, whitespace removed from both (as `yibao eval` scores)."""
    return _WHITESPACE.sub("", quote) in _WHITESPACE.sub("", passage_text)


def retrieval_hits(retriever: Retriever, records: list[dict], mode: str, k: int = 5) -> tuple[float, float, int]:
    """(hit@1, hit@k, items scored) over the records with a `source_quote`; no city is given."""
    scored = [record for record in records if record.get("source_quote")]
    at_1 = at_k = 0
    for record in scored:
        passages = retriever.search(record["question"], k=k, mode=mode)
        hits = [is_hit(p.text, record["source_quote"]) for p in passages]
        at_1 += bool(hits and hits[0])
        at_k += any(hits)
    n = len(scored)
    return (at_1 / n if n else 0.0), (at_k / n if n else 0.0), n


def search_latencies_ms(retriever: Retriever, questions: list[str], rounds: int) -> list[float]:
    for question in questions:  # warm-up: embedding model, jieba, Chroma segments
        retriever.search(question)
    timings = []
    for _ in range(rounds):
        for question in questions:
            started = time.perf_counter()
            retriever.search(question)
            timings.append((time.perf_counter() - started) * 1000)
    return timings


def measure_search(section: Section, data_dir: Path, embedder: str, questions: list[str], question_source: str,
                   rounds: int, dev_records: list[dict]) -> None:
    retriever = Retriever(Settings(index=IndexSettings(data_dir=data_dir, embedder=embedder)))
    latency = Latency.of(search_latencies_ms(retriever, questions, rounds))
    section.rows += [
        Row(f"search p50 ({latency.n} searches)", ms(latency.p50), target(latency.p50, TARGET_P50_MS, "ms")),
        Row("search p95 / p99", f"{ms(latency.p95)} / {ms(latency.p99)}", target(latency.p95, TARGET_P95_MS, "ms")),
    ]
    section.notes.append(f"`Retriever.search()` (hybrid, k=5, city read from the question) over {len(questions)} "
                         f"questions of {question_source}, after one warm-up pass, {rounds} timed round{'s' if rounds > 1 else ''};")
    for mode in RETRIEVER_MODES:
        at_1, at_5, n = retrieval_hits(retriever, dev_records, mode)
        if n:
            goal = (f"{at_least(at_1, TARGET_HIT_AT_1)} / {at_least(at_5, TARGET_HIT_AT_5)}"
                    if mode == SERVING_MODE else "")
            section.rows.append(Row(f"retrieval {mode}: hit@1 / hit@5 ({n} questions, no city given)",
                                    f"{at_1:.3f} / {at_5:.3f}", goal))
    if any(record.get("source_quote") for record in dev_records):
        section.notes.append("hit@k: a retrieved passage contains the item's `source_quote`, whitespace "
                             "removed from both; retrieval figures do not depend on load.")
