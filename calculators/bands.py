"""Rate bands: paying a rate on each slice of an amount, one cited step per slice.

A band table is a list of `Band(upto, rate)` in increasing order; each band runs from the previous
band's `upto` (or the table's start) to its own `upto` inclusive, the last one may be open
(`upto=None`). Rules files store a table as one parameter whose value is a list of
`{upto: 10000, rate: 0.80}` mappings, quoted from the document's table.

`pay_bands(result, low, high, bands, ...)` pays each band's rate on the part of the interval
(low, high] that falls in the band, so the same function serves both band semantics found in the
documents: bands over a cumulative amount (随州: 12000<累计金额≤30000 …; pass the cumulative
amount as `high` and the deductible as `low`) and bands over the amount above a deductible
(淮安: 6万元以下的部分 …; pass 0 and the excess).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, field_validator

from calculators.result import Result, fmt_money, fmt_rate
from calculators.rules import Citation, Param

ZERO = Decimal(0)


class Band(BaseModel):
    """One slice: up to `upto` (inclusive; None = no upper edge), paid at `rate`."""

    model_config = ConfigDict(frozen=True)

    upto: Decimal | None = None
    rate: Decimal

    @field_validator("rate")
    @classmethod
    def _rate_is_a_fraction(cls, v: Decimal) -> Decimal:
        if not ZERO <= v <= 1:
            raise ValueError(f"a rate must be a fraction between 0 and 1, got {v}")
        return v


def check_bands(bands: Sequence[Band]) -> None:
    """Edges must increase and only the last band may be open (raises ValueError otherwise)."""
    if not bands:
        raise ValueError("a band table needs at least one band")
    for i, band in enumerate(bands[:-1]):
        if band.upto is None:
            raise ValueError(f"band {i} is open but is not the last")
        nxt = bands[i + 1].upto
        if nxt is not None and nxt <= band.upto:
            raise ValueError(f"band edges must increase: {band.upto} then {nxt}")


def adjust_rates(bands: Sequence[Band], adjust: Callable[[Decimal], Decimal]) -> list[Band]:
    """The same edges with each rate replaced by `adjust(rate)`, kept within 0..1."""
    return [Band(upto=b.upto, rate=min(Decimal(1), max(ZERO, adjust(b.rate)))) for b in bands]


def split_band(bands: Sequence[Band], at: Decimal, rate_above: Callable[[Decimal], Decimal]) -> list[Band]:
    """Bands with an extra edge at `at`; above it each rate becomes `rate_above(rate)` (within 0..1)."""
    def above(band: Band) -> Band:
        return Band(upto=band.upto, rate=min(Decimal(1), max(ZERO, rate_above(band.rate))))

    out: list[Band] = []
    lower: Decimal | None = None
    for band in bands:
        if band.upto is not None and band.upto <= at:
            out.append(band)
        elif lower is not None and lower >= at:
            out.append(above(band))
        else:
            out.append(Band(upto=at, rate=band.rate))
            out.append(above(band))
        lower = band.upto
    return out


def pay_bands(
    result: Result,
    low: Decimal,
    high: Decimal,
    bands: Sequence[Band],
    *,
    label: str,
    rule: Param | Citation | None = None,
    start: Decimal = ZERO,
) -> Decimal:
    """Pay each band's rate on its part of (low, high]; one step per non-empty slice.

    `start` is where the first band begins (its lower edge). Returns the total paid (unrounded).
    """
    check_bands(bands)
    total = ZERO
    lower = start
    for band in bands:
        upper = band.upto
        a = max(lower, low)
        b = high if upper is None else min(upper, high)
        if b > a:
            paid = (b - a) * band.rate
            edge = "以上" if upper is None else f"至{fmt_money(upper)}元"
            result.step(
                label if len(bands) == 1 else f"{label}（{fmt_money(lower)}元{edge}段）",
                f"({fmt_money(b)} − {fmt_money(a)}) × {fmt_rate(band.rate)}",
                paid,
                rule=rule,
            )
            total += paid
        if upper is None or upper >= high:
            break
        lower = upper
    return total
