"""城乡居民大病保险: what the critical-illness insurance pays on the year's personal burden.

Input: the cumulative compliant personal burden after the basic scheme (基本医保报销后个人负担的
合规医疗费用). Deductible, bands (over the cumulative burden or over the part above the
deductible: `basis` in the rules), the special groups' lower deductible / higher rates / no cap,
长治's second stage, 淮安's continuous-participation and zero-claim cap increases, and the cap.
Every figure comes from the `critical_illness` section of `corpus/rules/<city>.yaml`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from calculators.bands import Band, adjust_rates, check_bands, pay_bands
from calculators.registry import CalcInput, register
from calculators.result import Result, fmt_money, fmt_rate, money
from calculators.rules import CityRules, Money, Param, Rate
from calculators.vocab import SpecialGroup

ZERO = Decimal(0)
MAX_AMOUNT = Decimal(100_000_000)


class SecondStage(BaseModel):
    above: Decimal
    rate: Decimal


class CapIncrease(BaseModel):
    step: Decimal  # each increase
    free_years: int  # continuous years before the first increase
    max_share: Decimal  # all increases together at most this share of the original cap


class GroupRule(BaseModel):
    model_config = ConfigDict(extra="forbid")

    members: Param[list[str]]
    deductible: Money | None = None
    deductible_factor: Rate | None = None
    bands: Param[list[Band]] | None = None
    rate_delta: Rate | None = None
    fixed_rate: Rate | None = None
    no_cap: Param[bool] | None = None


class CriticalIllnessRules(BaseModel):
    model_config = ConfigDict(extra="forbid")

    deductible: Money
    cap: Money
    basis: Param[Literal["cumulative", "above_deductible"]]
    bands: Param[list[Band]]
    groups: dict[str, GroupRule] = {}
    second_stage: Param[SecondStage] | None = None
    unapproved_transfer_delta: Rate | None = None
    cap_increase: Param[CapIncrease] | None = None

    @field_validator("bands")
    @classmethod
    def _bands_ordered(cls, v: Param[list[Band]]) -> Param[list[Band]]:
        check_bands(v.value)
        return v


class CriticalIllnessInput(CalcInput):
    burden: Decimal = Field(ge=0, le=MAX_AMOUNT,
                            description="本年度经基本医保报销后，个人累计负担的合规医疗费用（元，住院和门诊慢特病）")
    group: SpecialGroup = Field(default="普通", description="特殊人群（特困人员、低保对象、返贫致贫人口、医疗救助对象等；普通居民填“普通”）")
    continuous_years: int = Field(default=0, ge=0, le=100, description="连续参保年数（淮安：从2025年起算，满4年后每年提高限额）")
    zero_claim_years: int = Field(default=0, ge=0, le=100, description="尚未使用的基金零报销年数（淮安：每年提高限额）")
    unapproved_transfer: bool = Field(default=False, description="是否未办理转院审批手续（长治：大病保险比例降低）")
    paid_this_year: Decimal = Field(default=ZERO, ge=0, le=MAX_AMOUNT, description="本年度大病保险此前已赔付的金额（元）")


def load_rules(rules: CityRules, on: Any) -> CriticalIllnessRules:
    return rules.in_force("critical_illness", on, CriticalIllnessRules)  # type: ignore[return-value]


def find_group(params: CriticalIllnessRules, group: str) -> tuple[str, GroupRule] | None:
    for name, rule in params.groups.items():
        if group in rule.members.value:
            return name, rule
    return None


def compute(params: CriticalIllnessRules, inputs: CriticalIllnessInput, result: Result) -> Decimal:
    """Add the 大病保险 steps to `result`; returns the payment (unrounded)."""
    burden = inputs.burden
    result.step("基本医保报销后个人负担的合规费用", f"{fmt_money(burden)}元", burden)
    found = find_group(params, inputs.group) if inputs.group != "普通" else None
    if inputs.group != "普通" and found is None:
        result.caveats.append(f"{inputs.city}的文件没有规定{inputs.group}的大病保险倾斜政策，按普通参保人员计算。")
    group = found[1] if found else None
    if found:
        result.step("适用人群", f"{inputs.group}：按{found[0]}倾斜政策", None, rule=found[1].members)

    deductible, ded_rule = params.deductible.value, params.deductible
    bands, band_rule = list(params.bands.value), params.bands
    if group is not None:
        if group.deductible is not None:
            deductible, ded_rule = group.deductible.value, group.deductible
        elif group.deductible_factor is not None:
            deductible = params.deductible.value * group.deductible_factor.value
            ded_rule = group.deductible_factor
        if group.bands is not None:
            bands, band_rule = list(group.bands.value), group.bands
        if group.fixed_rate is not None:
            bands, band_rule = [Band(upto=None, rate=group.fixed_rate.value)], group.fixed_rate
        elif group.rate_delta is not None:
            delta = group.rate_delta.value
            bands = adjust_rates(bands, lambda r: r + delta)
            result.step("倾斜政策比例", f"各段比例 + {fmt_rate(delta)}", None, rule=group.rate_delta)
    if inputs.unapproved_transfer:
        if params.unapproved_transfer_delta is None:
            result.caveats.append(f"{inputs.city}的文件没有规定未办转院审批对大病保险的影响，按正常比例计算。")
        else:
            delta = params.unapproved_transfer_delta.value
            bands = adjust_rates(bands, lambda r: r + delta)
            result.step("未办理转院审批", f"比例 − {fmt_rate(abs(delta))}", None, rule=params.unapproved_transfer_delta)

    result.step("大病保险起付标准", f"{fmt_money(deductible)}元", deductible, rule=ded_rule)
    paid = ZERO
    if burden > deductible:
        if params.basis.value == "cumulative":
            result.step("分段口径", "按个人累计负担金额分段，第一段自起付标准起算", None, rule=params.basis)
            paid = pay_bands(result, deductible, burden, bands, label="大病保险支付", rule=band_rule, start=deductible)
        else:
            excess = burden - deductible
            result.step("超过起付标准的部分", f"{fmt_money(burden)} − {fmt_money(deductible)}", excess,
                        rule=params.basis)
            paid = pay_bands(result, ZERO, excess, bands, label="大病保险支付（超起付标准部分）", rule=band_rule)

    if params.second_stage is not None:
        stage = params.second_stage.value
        left = burden - paid
        if left > stage.above:
            extra = (left - stage.above) * stage.rate
            result.step("大病保险再报销", f"({fmt_money(left)} − {fmt_money(stage.above)}) × {fmt_rate(stage.rate)}",
                        extra, rule=params.second_stage)
            paid += extra

    if group is not None and group.no_cap is not None and group.no_cap.value:
        result.step("年度最高支付限额", "倾斜人群不设封顶线", None, rule=group.no_cap)
        cap = None
    else:
        cap = params.cap.value
        inc = params.cap_increase
        if inc is not None and (inputs.continuous_years or inputs.zero_claim_years):
            v = inc.value
            steps = max(0, inputs.continuous_years - v.free_years) + inputs.zero_claim_years
            raised = min(v.step * steps, params.cap.value * v.max_share)
            result.step("激励提高限额", f"{steps}次 × {fmt_money(v.step)}元（最多原封顶线的{fmt_rate(v.max_share)}）",
                        raised, rule=inc)
            cap += raised
        elif inc is None and (inputs.continuous_years or inputs.zero_claim_years):
            result.caveats.append(f"{inputs.city}的文件没有规定连续参保或零报销提高大病保险限额，未计入。")
        room = max(ZERO, cap - inputs.paid_this_year)
        if paid > room:
            result.step("年度最高支付限额", f"限额{fmt_money(cap)}元，本年已赔付{fmt_money(inputs.paid_this_year)}元",
                        room, rule=params.cap)
            paid = room
    result.details.update({"deductible": deductible, "cap": cap, "reimbursed": paid})
    return paid


@register(
    "critical_illness",
    "大病保险",
    "按参保城市的大病保险起付标准、分段比例、困难群体倾斜政策和年度最高支付限额，计算基本医保报销后个人负担的合规费用中大病保险再报销多少",
    CriticalIllnessInput,
)
def calculate(rules: CityRules, inputs: CriticalIllnessInput) -> Result:
    params = load_rules(rules, inputs.on())
    result = Result.begin("critical_illness", inputs)
    paid = compute(params, inputs, result)
    personal = inputs.burden - paid
    result.step("大病保险支付合计", f"{fmt_money(paid)}元", paid)
    result.step("大病保险后个人负担", f"{fmt_money(inputs.burden)} − {fmt_money(paid)}", personal)
    result.total = money(paid)
    result.details["personal"] = personal
    result.summary = (f"{inputs.city}大病保险：个人负担的合规费用{fmt_money(inputs.burden)}元，"
                      f"大病保险支付{fmt_money(paid)}元，仍由个人负担{fmt_money(personal)}元。")
    return result
