"""Percentiles and latency summaries of the benchmarks (values in milliseconds)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


def percentile(values: Sequence[float], q: float) -> float | None:
    """The q-quantile (0 ≤ q ≤ 1) by linear interpolation between the closest ranks; None when empty.

    Same definition as numpy's default: position (n - 1) * q in the sorted values.
    """
    if not 0.0 <= q <= 1.0:
        raise ValueError(f"q={q!r}: accepted values are 0 to 1 (0.95 for p95)")
    ordered = sorted(values)
    if not ordered:
        return None
    position = (len(ordered) - 1) * q
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


@dataclass(frozen=True)
class Latency:
    """p50/p95/p99 of n timings in ms."""

    n: int
    p50: float | None
    p95: float | None
    p99: float | None

    @classmethod
    def of(cls, values_ms: Sequence[float]) -> Latency:
        return cls(len(values_ms), percentile(values_ms, 0.50), percentile(values_ms, 0.95),
                   percentile(values_ms, 0.99))


def ms(value: float | None) -> str:
    """A duration in ms for a table: one decimal, or an en dash when there is no value."""
    return "–" if value is None else f"{value:.1f} ms"


def seconds(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f} s"
