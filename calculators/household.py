"""Several members of one household, each priced by the same calculator, and their sum.

`members` lists each member's own inputs (a label such as 爷爷, and the calculator's fields other
than the city and date); the result has each member's steps under the member's label and the total
of their figures. For 医疗救助, a member who is in no assisted group gets a step saying so and 0.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from calculators.errors import InputError
from calculators.registry import CalcInput, register, run
from calculators.result import Result, Step, fmt_money, money
from calculators.rules import CityRules

ZERO = Decimal(0)
PerMember = Literal["assistance", "critical_illness", "inpatient", "settlement", "outpatient_general",
                    "chronic_disease", "two_diseases"]
NOT_ASSISTED = ("", "普通")


class MemberCase(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    label: str = Field(max_length=20, description="家庭成员（如爷爷、奶奶、儿子）")
    inputs: dict[str, Any] = Field(description="该成员的计算输入（城市与日期除外）")


class HouseholdInput(CalcInput):
    calculator: PerMember = Field(description="每位成员按哪个计算器计算")
    members: list[MemberCase] = Field(min_length=1, max_length=20, description="家庭成员及各自的输入")


@register(
    "household",
    "家庭成员合计",
    "同一家庭的几位成员各自按同一项待遇计算（如各自的医疗救助），列出每人的步骤并合计",
    HouseholdInput,
)
def calculate(rules: CityRules, inputs: HouseholdInput) -> Result:
    result = Result.begin("household", inputs)
    total = ZERO
    parts = []
    for member in inputs.members:
        if inputs.calculator == "assistance" and str(member.inputs.get("group") or "") in NOT_ASSISTED:
            result.steps.append(Step(f"【{member.label}】", "", None, None))
            result.step(f"{member.label}：医疗救助", "不属于医疗救助对象，不享受医疗救助", ZERO)
            parts.append((member.label, ZERO))
            continue
        if set(member.inputs) & {"city", "date"}:
            raise InputError("members", "成员的输入不要再填写城市和日期")
        part = run(inputs.calculator, {**member.inputs, "city": inputs.city, "date": inputs.on()})
        figure = result.include(member.label, part)
        parts.append((member.label, figure))
        total += figure
    result.step("家庭合计", " + ".join(fmt_money(f) for _, f in parts), total)
    result.total = money(total)
    result.details = {"members": {label: figure for label, figure in parts}}
    each = "，".join(f"{label}{fmt_money(f)}元" for label, f in parts)
    result.summary = f"{inputs.city}全家{len(parts)}人合计{fmt_money(total)}元（{each}）。"
    return result
