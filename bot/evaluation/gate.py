"""The quality gate: bounds on summary metrics, read from a TOML file such as `eval_thresholds.toml`.

```toml
[min]            # the metric must be at least this
hit_at_5 = 0.90
[max]            # the metric must be at most this
latency_ms_p95 = 2000
```

A metric that is null in the summary (no items counted) is reported as skipped, not failed.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from bot.evaluation.metrics import METRICS

Bound = Literal["min", "max"]
BOUNDS: tuple[Bound, ...] = ("min", "max")


class ThresholdsError(ValueError):
    """A thresholds file that cannot be used: what is wrong and the accepted names."""


@dataclass(frozen=True)
class Check:
    metric: str
    bound: Bound
    threshold: float
    value: float | None

    @property
    def passed(self) -> bool | None:
        """True or False; None when the run has no value for the metric."""
        if self.value is None:
            return None
        return self.value >= self.threshold if self.bound == "min" else self.value <= self.threshold

    def describe(self) -> str:
        sign = "≥" if self.bound == "min" else "≤"
        if self.passed is None:
            return f"SKIP  {self.metric}: no items in this run (needs {sign} {self.threshold:g})"
        word = "ok  " if self.passed else "FAIL"
        return f"{word}  {self.metric} = {self.value:g} (needs {sign} {self.threshold:g})"


def load_thresholds(path: str | Path) -> dict[Bound, dict[str, float]]:
    """The bounds of a thresholds file; raises `ThresholdsError` naming the file and the bad entry."""
    path = Path(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ThresholdsError(f"{path}: no such thresholds file") from None
    except tomllib.TOMLDecodeError as exc:
        raise ThresholdsError(f"{path}: not valid TOML ({exc})") from None
    unknown_sections = set(raw) - set(BOUNDS)
    if unknown_sections:
        raise ThresholdsError(f"{path}: unknown sections {sorted(unknown_sections)}; accepted: [min], [max]")
    bounds: dict[Bound, dict[str, float]] = {}
    names = [m for m in METRICS if m != "n"]
    for bound in BOUNDS:
        section = raw.get(bound, {})
        if not isinstance(section, dict):
            raise ThresholdsError(f"{path}: [{bound}] must be a table of metric = number")
        for metric, value in section.items():
            if metric not in names:
                raise ThresholdsError(f"{path}: [{bound}] {metric}: unknown metric; accepted: {', '.join(names)}")
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ThresholdsError(f"{path}: [{bound}] {metric} = {value!r}: must be a number")
        bounds[bound] = {m: float(v) for m, v in section.items()}
    if not any(bounds.values()):
        raise ThresholdsError(f"{path}: no thresholds; give [min] or [max] entries")
    return bounds


def check_gate(summary: dict[str, Any], thresholds: dict[Bound, dict[str, float]]) -> list[Check]:
    """One check per bound, in the order of the thresholds file."""
    return [Check(metric, bound, threshold, summary.get(metric))
            for bound in BOUNDS for metric, threshold in thresholds.get(bound, {}).items()]


def gate_passed(checks: list[Check]) -> bool:
    return all(check.passed is not False for check in checks)


def format_checks(checks: list[Check]) -> str:
    failed = [c.metric for c in checks if c.passed is False]
    verdict = "quality gate passed" if not failed else f"quality gate FAILED: {', '.join(failed)}"
    return "\n".join([*(c.describe() for c in checks), verdict])
