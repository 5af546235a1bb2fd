"""One-stop settlement (一站式结算): basic scheme → 大病保险 → medical assistance, in that order.

The basic scheme pays on the stays (`calculators.inpatient`); what the resident still bears of the
compliant cost goes to 大病保险 (`calculators.critical_illness`), counted with the year's earlier
burden; what is left after 大病保险 goes to medical assistance (`calculators.assistance`) when
the resident belongs to an assisted group and the city's rules give assistance figures.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pydantic import Field

from calculators import critical_illness, inpatient
from calculators.assistance import SECTION as ASSISTANCE_SECTION
from calculators.assistance import AssistanceInput, TiltArea, assistance
from calculators.critical_illness import CriticalIllnessInput
from calculators.inpatient import MAX_COST, InpatientInput
from calculators.registry import register
from calculators.result import Result, Step, fmt_money, money
from calculators.rules import CityRules

ZERO = Decimal(0)


class SettlementInput(InpatientInput):
    earlier_burden: Decimal = Field(
        default=ZERO, ge=0, le=MAX_COST,
        description="本年度此前经基本医保报销后个人已负担的合规费用（元，用于大病保险起付标准累计）",
    )
    continuous_years: int = Field(default=0, ge=0, le=100, description="连续参保年数（淮安：从2025年起算，满4年后每年提高大病保险限额）")
    zero_claim_years: int = Field(default=0, ge=0, le=100, description="尚未使用的基金零报销年数（淮安）")
    unapproved_transfer: bool = Field(default=False, description="是否未办理转院审批手续（长治：大病保险比例降低）")
    tilt_area: TiltArea = Field(default="否", description="是否规范转诊且在省域内就医（医疗救助倾斜救助条件）")


def _critical(rules: CityRules, inputs: SettlementInput, burden: Decimal) -> tuple[Result, Decimal]:
    """大病保险 on this burden, counted on top of the year's earlier burden."""
    earlier_paid = _earlier_serious(rules, inputs) if inputs.earlier_burden else ZERO
    part = critical_illness.calculate(
        rules, CriticalIllnessInput(**_critical_fields(inputs), burden=inputs.earlier_burden + burden))
    paid = part.details["reimbursed"] - earlier_paid
    if inputs.earlier_burden:
        part.step("本次大病保险支付（扣除此前负担已获赔付）",
                  f"{fmt_money(part.details['reimbursed'])} − {fmt_money(earlier_paid)}", paid)
    return part, paid


@register(
    "settlement",
    "一站式结算",
    "住院费用按基本医保、大病保险、医疗救助的顺序一站式结算，显示每一道保障支付多少、个人最后负担多少",
    SettlementInput,
)
def calculate(rules: CityRules, inputs: SettlementInput) -> Result:
    result = Result.begin("settlement", inputs)
    basic = inpatient.calculate(rules, InpatientInput(**inputs.model_dump(include=set(InpatientInput.model_fields))))
    result.include("基本医保统筹基金", basic, prefix="")
    cost = basic.details["cost"]
    fund = basic.details["reimbursed"]
    burden = basic.details["personal"]

    part, serious = _critical(rules, inputs, burden)
    result.include("大病保险", part, prefix="")
    left = max(ZERO, burden - serious)

    aid = ZERO
    if inputs.group == "普通":
        result.caveats.append("普通居民不享受医疗救助；特困、低保等救助对象请选择人群类别。")
    elif ASSISTANCE_SECTION not in rules.sections:
        result.caveats.append(f"{inputs.city}的政策文件没有给出可计算的医疗救助标准，未计算医疗救助。")
    else:
        earlier_left = ZERO
        if inputs.earlier_burden:
            earlier_left = inputs.earlier_burden - _earlier_serious(rules, inputs)
        aid_result = assistance(rules, AssistanceInput(
            city=inputs.city, date=inputs.on(), group=inputs.group, burden=left,
            earlier_burden=max(ZERO, earlier_left), tilt_area=inputs.tilt_area))
        result.include("医疗救助", aid_result, prefix="")
        aid = Decimal(str(aid_result.total or 0))

    final = cost - fund - serious - aid
    result.steps.append(Step("【结算汇总】", "", None, None))
    result.step("合规医疗费用", f"{fmt_money(cost)}元", cost)
    result.step("基本医保统筹基金支付", f"{fmt_money(fund)}元", fund)
    result.step("大病保险支付", f"{fmt_money(serious)}元", serious)
    result.step("医疗救助支付", f"{fmt_money(aid)}元", aid)
    result.step("个人最终负担（合规费用部分）", f"{fmt_money(cost)} − {fmt_money(fund)} − {fmt_money(serious)} − {fmt_money(aid)}",
                final)
    result.total = money(final)
    result.details = {"cost": cost, "basic": fund, "critical_illness": serious, "assistance": aid,
                      "personal": final}
    result.summary = (f"{inputs.city}一站式结算：合规医疗费用{fmt_money(cost)}元，基本医保支付{fmt_money(fund)}元，"
                      f"大病保险支付{fmt_money(serious)}元，医疗救助{fmt_money(aid)}元，个人最终负担{fmt_money(final)}元"
                      "（不含政策范围外费用）。")
    return result


def _critical_fields(inputs: SettlementInput) -> dict[str, Any]:
    return {
        "city": inputs.city, "date": inputs.on(), "group": inputs.group,
        "continuous_years": inputs.continuous_years, "zero_claim_years": inputs.zero_claim_years,
        "unapproved_transfer": inputs.unapproved_transfer,
    }


def _earlier_serious(rules: CityRules, inputs: SettlementInput) -> Decimal:
    """What 大病保险 paid on the year's earlier burden."""
    params = critical_illness.load_rules(rules, inputs.on())
    scratch = Result(name="critical_illness", city=inputs.city, total=None, unit="元", summary="")
    return critical_illness.compute(
        params, CriticalIllnessInput(**_critical_fields(inputs), burden=inputs.earlier_burden), scratch)
