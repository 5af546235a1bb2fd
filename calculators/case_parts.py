"""Several benefits of one case, each by its own calculator, and their sum.

A delivery settled as a hospital stay and the fixed prenatal-check amount of the same pregnancy
(连云港: “住院分娩合规医疗费用先按照城乡居民医保普通住院进行报销 … 产前检查定额报销321元”) are paid
by two rules; `parts` lists each with its label, calculator and inputs (the calculator's fields
other than the city and date). The result has each part's steps under its label and the total of
their figures.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from calculators.errors import InputError
from calculators.registry import CalcInput, register, run
from calculators.result import Result, fmt_money, money
from calculators.rules import CityRules

ZERO = Decimal(0)
PartCalculator = Literal["inpatient", "maternity", "outpatient_general", "chronic_disease", "two_diseases",
                         "special_drugs", "outpatient_accident"]


class CasePart(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    label: str = Field(max_length=20, description="这一项的名称（如住院分娩、产前检查）")
    calculator: PartCalculator = Field(description="这一项按哪个计算器计算")
    inputs: dict[str, Any] = Field(description="这一项的计算输入（城市与日期除外）")


class CasePartsInput(CalcInput):
    parts: list[CasePart] = Field(min_length=2, max_length=10, description="同一次就医（同一病程）的各项待遇")


@register(
    "case_parts",
    "几项待遇合计",
    "同一次就医的几项待遇（如住院分娩与产前检查定额）各按其计算器计算，列出每项的步骤并合计",
    CasePartsInput,
)
def calculate(rules: CityRules, inputs: CasePartsInput) -> Result:
    result = Result.begin("case_parts", inputs)
    total = ZERO
    figures: list[tuple[str, Decimal]] = []
    for part in inputs.parts:
        if set(part.inputs) & {"city", "date"}:
            raise InputError("parts", "各项的输入不要再填写城市和日期")
        done = run(part.calculator, {**part.inputs, "city": inputs.city, "date": inputs.on()})
        figure = result.include(part.label, done)
        figures.append((part.label, figure))
        total += figure
    result.step("各项合计", " + ".join(fmt_money(f) for _, f in figures), total)
    result.total = money(total)
    result.details = {"parts": {label: figure for label, figure in figures}}
    each = "，".join(f"{label}{fmt_money(f)}元" for label, f in figures)
    result.summary = f"{inputs.city}居民医保合计支付{fmt_money(total)}元（{each}）。"
    return result
