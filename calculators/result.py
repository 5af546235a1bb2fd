"""What a calculator returns: the figure, and the steps that lead to it, each citing its rule."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from calculators.rules import Citation, Param

CENT = Decimal("0.01")


def money(amount: Decimal | int | str) -> Decimal:
    """Round to 0.01 yuan, half up (only at the end of a calculation, or for display)."""
    return Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)


def fmt_money(amount: Decimal) -> str:
    """`12345.5` -> `12345.50`; whole yuan shown without decimals: `8000`."""
    q = money(amount)
    return f"{q:.0f}" if q == q.to_integral_value() else f"{q:.2f}"


def fmt_rate(rate: Decimal) -> str:
    """`0.85` -> `85%`."""
    pct = (Decimal(rate) * 100).normalize()
    return f"{pct:f}%"


@dataclass(frozen=True)
class Step:
    """One line of the breakdown table."""

    label: str  # Chinese, e.g. "起付线"
    formula: str  # how the amount was obtained, e.g. "(50000 − 1000) × 85%"
    amount: Decimal | None = None
    citation: Citation | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "formula": self.formula,
            "amount": None if self.amount is None else float(money(self.amount)),
            "citation": None if self.citation is None else self.citation.model_dump(),
        }


@dataclass
class Result:
    """A calculation: its total (money in yuan, or a date), the steps, the caveats."""

    name: str  # calculator name in the registry
    city: str
    total: Decimal | dt.date | None
    unit: str  # "元", "元/年", "date"
    summary: str  # one Chinese sentence stating the result
    inputs: dict[str, Any] = field(default_factory=dict)
    steps: list[Step] = field(default_factory=list)
    caveats: list[str] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)  # named sub-totals, e.g. {"reimbursed": ..}

    @classmethod
    def begin(cls, name: str, inputs: Any, unit: str = "元") -> Result:
        """An empty result for calculator `name`, recording the inputs it was given (a `CalcInput`)."""
        return cls(name=name, city=inputs.city, total=None, unit=unit, summary="",
                   inputs=inputs.model_dump(exclude_none=True))

    def step(self, label: str, formula: str, amount: Decimal | None = None,
             rule: Param[Any] | Citation | None = None) -> Decimal | None:
        """Append a step citing `rule`; an interpreted rule adds its caveat once. Returns `amount`."""
        citation = rule.cite() if isinstance(rule, Param) else rule
        self.steps.append(Step(label, formula, amount, citation))
        if citation is not None and citation.interpretation and citation.interpretation not in self.caveats:
            self.caveats.append(citation.interpretation)
        return amount

    def include(self, label: str, part: Result, prefix: str | None = None) -> Decimal:
        """Append another calculation's steps under `label` (a heading step, then each step prefixed
        with `prefix`, by default "label："), take its caveats once each, and return its total as the
        money figure it adds (0 when none)."""
        self.steps.append(Step(f"【{label}】", "", None, None))
        lead = f"{label}：" if prefix is None else prefix
        for step in part.steps:
            self.steps.append(Step(f"{lead}{step.label}", step.formula, step.amount, step.citation))
        for caveat in part.caveats:
            if caveat not in self.caveats:
                self.caveats.append(caveat)
        return Decimal(str(part.total or 0))

    def to_dict(self) -> dict[str, Any]:
        if isinstance(self.total, dt.date):
            total: Any = self.total.isoformat()
        elif self.total is None:
            total = None
        else:
            total = float(money(self.total))
        return {
            "name": self.name,
            "city": self.city,
            "inputs": {k: _jsonable(v) for k, v in self.inputs.items()},
            "total": total,
            "unit": self.unit,
            "summary": self.summary,
            "steps": [s.to_dict() for s in self.steps],
            "caveats": list(self.caveats),
            "details": {k: _jsonable(v) for k, v in self.details.items()},
        }


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if hasattr(value, "value") and not isinstance(value, (str, int, float, bool)):  # enums
        return value.value
    return value
