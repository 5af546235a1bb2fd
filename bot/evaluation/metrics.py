"""The summary of a run: the design's metrics over all items, by city and by kind.

| key | over which items | value |
|---|---|---|
| `n` | all | number of items |
| `hit_at_1`, `hit_at_5` | factual items with a `source_quote` | share whose quote is in the first / first five retrieved passages |
| `fact_recall` | factual items with `answer_facts` that do not expect a refusal | share whose answer states every fact |
| `refusal_precision` | factual items the bot refused | share that expected a refusal |
| `refusal_recall` | factual items that expect a refusal | share the bot refused |
| `false_refusal_rate` | factual items that do not expect a refusal | share the bot refused (lower is better) |
| `wrong_figure_rate` | answered factual items with a figure among their `answer_facts` | share stating a figure of a missing fact's kind but not its value (lower is better) |
| `calc_accuracy` | calculation items | share whose expected figure is stated within tolerance |
| `latency_ms_p50`, `latency_ms_p95` | all | percentiles of the wall time of the answer call (linear interpolation) |

A metric with no items to count over is None (null in JSON). Shares are rounded to 4 places,
latencies to 0.1 ms.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from bot.evaluation.scoring import ItemResult
from corpus.catalogue import CITIES

METRICS = ("n", "hit_at_1", "hit_at_5", "fact_recall", "refusal_precision", "refusal_recall",
           "false_refusal_rate", "wrong_figure_rate", "calc_accuracy", "latency_ms_p50", "latency_ms_p95")
LOWER_IS_BETTER = frozenset({"false_refusal_rate", "wrong_figure_rate", "latency_ms_p50", "latency_ms_p95"})
# Metrics newer than the first summaries: a summary.json written before them lacks them.
LATER_METRICS = frozenset({"false_refusal_rate"})
GENERAL = "通用"  # the group of items without a city
KINDS = ("factual", "calculation")


def percentile(values: Sequence[float], q: float) -> float | None:
    if not values:
        return None
    return round(float(np.percentile(np.asarray(values, dtype=float), q)), 1)


def metrics(results: Sequence[ItemResult]) -> dict[str, Any]:
    """The design's metrics over `results` (keys in `METRICS`)."""
    tallies = counts(results)
    latencies = [r.latency_ms for r in results]
    summary: dict[str, Any] = {"n": len(results)}
    for name, (passed, counted) in tallies.items():
        summary[name] = round(passed / counted, 4) if counted else None
    summary["latency_ms_p50"] = percentile(latencies, 50)
    summary["latency_ms_p95"] = percentile(latencies, 95)
    return summary


def city_label(city: str | None) -> str:
    return city or GENERAL


def _grouped(results: Sequence[ItemResult], key: Callable[[ItemResult], str],
             order: Sequence[str]) -> dict[str, dict[str, Any]]:
    groups: dict[str, list[ItemResult]] = {}
    for result in results:
        groups.setdefault(key(result), []).append(result)
    ranked = sorted(groups, key=lambda g: (order.index(g) if g in order else len(order), g))
    return {g: metrics(groups[g]) for g in ranked}


def summarize(results: Sequence[ItemResult]) -> dict[str, Any]:
    """`summary.json`: the metrics, then `by_city` and `by_kind` with the same keys per group."""
    summary = metrics(results)
    summary["by_city"] = _grouped(results, lambda r: city_label(r.city), (*CITIES, GENERAL))
    summary["by_kind"] = _grouped(results, lambda r: r.kind, KINDS)
    return summary


def counts(results: Sequence[ItemResult]) -> dict[str, tuple[int, int]]:
    """For each share metric, (items that passed, items counted): what the report shows beside it."""
    factual = [r for r in results if r.kind == "factual"]

    def tally(flags: Sequence[bool | None]) -> tuple[int, int]:
        counted = [f for f in flags if f is not None]
        return sum(counted), len(counted)

    return {
        "hit_at_1": tally([r.hit_at_1 for r in factual]),
        "hit_at_5": tally([r.hit_at_5 for r in factual]),
        "fact_recall": tally([r.facts_ok for r in factual]),
        "refusal_precision": tally([bool(r.expect_refusal) for r in factual if r.refused]),
        "refusal_recall": tally([r.refused for r in factual if r.expect_refusal]),
        "false_refusal_rate": tally([r.refused for r in factual if not r.expect_refusal]),
        "wrong_figure_rate": tally([r.wrong_figure for r in factual]),
        "calc_accuracy": tally([r.calc_ok for r in results if r.kind == "calculation"]),
    }
