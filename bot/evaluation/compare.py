"""The difference of two runs (`summary.json` files), metric by metric, overall, by city and by kind.

A change is an improvement when a share rises or a latency falls; `n` is shown without a verdict.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.evaluation.metrics import LATER_METRICS, LOWER_IS_BETTER, METRICS

IMPROVED, REGRESSED = "▲ improved", "▼ regressed"


class SummaryError(ValueError):
    """A summary file that cannot be read."""


@dataclass(frozen=True)
class Row:
    group: str  # "overall", "city 淮安", "kind factual"
    metric: str
    before: float | None
    after: float | None

    @property
    def delta(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return round(self.after - self.before, 4)

    @property
    def verdict(self) -> str:
        if self.metric == "n":
            return ""
        if self.before is None and self.after is not None:
            return "new"
        if self.after is None and self.before is not None:
            return "gone"
        if not self.delta:
            return ""
        better = self.delta < 0 if self.metric in LOWER_IS_BETTER else self.delta > 0
        return IMPROVED if better else REGRESSED


def read_summary(path: str | Path) -> dict[str, Any]:
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SummaryError(f"{path}: no such summary file") from None
    except json.JSONDecodeError as exc:
        raise SummaryError(f"{path}: not valid JSON ({exc.msg} at line {exc.lineno})") from None
    missing = [m for m in METRICS if m not in LATER_METRICS and (not isinstance(data, dict) or m not in data)]
    if missing:
        raise SummaryError(f"{path}: not a yibao eval summary (missing {', '.join(missing)})")
    return data


def _group_rows(group: str, before: dict[str, Any], after: dict[str, Any]) -> list[Row]:
    return [Row(group, m, before.get(m), after.get(m)) for m in METRICS]


def compare(before: dict[str, Any], after: dict[str, Any]) -> list[Row]:
    """Rows for every metric: overall, then each city and each kind found in either summary."""
    rows = _group_rows("overall", before, after)
    for key, label in (("by_city", "city"), ("by_kind", "kind")):
        a, b = before.get(key, {}), after.get(key, {})
        for name in [*a, *(n for n in b if n not in a)]:
            rows += _group_rows(f"{label} {name}", a.get(name, {}), b.get(name, {}))
    return rows


def _number(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:g}" if isinstance(value, int) else f"{value:.4g}"


def format_comparison(rows: list[Row], before_name: str, after_name: str) -> str:
    lines = [f"A = {before_name}", f"B = {after_name}"]
    group = None
    for row in rows:
        if row.group != group:
            group = row.group
            lines += ["", f"[{group}]", f"  {'metric':<18} {'A':>9} {'B':>9} {'B-A':>9}"]
        delta = "" if row.delta is None else "0" if row.delta == 0 else f"{row.delta:+.4g}"
        lines.append(f"  {row.metric:<18} {_number(row.before):>9} {_number(row.after):>9} {delta:>9}  {row.verdict}"
                     .rstrip())
    improved = sum(r.verdict == IMPROVED for r in rows)
    regressed = sum(r.verdict == REGRESSED for r in rows)
    lines += ["", f"{improved} improved, {regressed} regressed"]
    sizes = [(r.before, r.after) for r in rows if r.group == "overall" and r.metric == "n"]
    if sizes and sizes[0][0] != sizes[0][1]:
        lines.append(f"note: the runs have different numbers of items ({sizes[0][0]} and {sizes[0][1]}), "
                     "so they may not be comparable")
    return "\n".join(lines)
