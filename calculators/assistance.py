"""Medical assistance (医疗救助): what the assistance fund pays on the compliant personal burden.

The burden is what is left to the person, within policy scope (政策范围内个人自付), after the basic
scheme and 大病保险 have paid. Assistance comes in layers, as the documents put them:

- basic assistance (基本救助 / 住院救助): (burden − deductible) × rate, up to a yearly limit;
- tilted assistance (倾斜救助), for those referred properly and treated in the province: what is
  still left after basic assistance, above its own deductible, × rate, up to its own limit;
- assistance on application (依申请救助, 随州): for people newly recognised as recipients, on the
  burden of the 12 months before recognition: (burden − deductible) × rate, up to a limit.

Deductibles and limits are yearly, so a stay in the middle of the year is computed as the
assistance on the year's cumulative burden minus the assistance on the burden before the stay
(`earlier_burden`). Other code (the one-stop settlement) calls `assistance(rules, inputs)`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from calculators.errors import InputError
from calculators.registry import CalcInput, register
from calculators.result import Result, fmt_money, fmt_rate, money
from calculators.rules import CityRules, Money, Param, Rate
from calculators.vocab import SpecialGroup

SECTION = "assistance"
ZERO = Decimal(0)

AssistanceKind = Literal["基本救助", "依申请救助", "门诊慢性病救助", "门诊特药救助"]
# The outpatient kinds and the benefit whose remaining cost each assists (CategoryRule.outpatient keys).
OUTPATIENT_KINDS = {"门诊慢性病救助": "门诊慢性病", "门诊特药救助": "门诊特药"}
TiltArea = Literal["否", "市域内", "市域外省内"]


class TiltRule(BaseModel):
    model_config = ConfigDict(extra="forbid")

    deductible: Money
    rate: dict[str, Rate]  # by TiltArea other than "否"
    limit: Param[Decimal | None]


class CategoryRule(BaseModel):
    model_config = ConfigDict(extra="forbid")

    class_name: str | None = None
    deductible: Money
    rate: Rate
    limit: Param[Decimal | None]
    top_up_to: Rate | None = None  # 长治 返贫致贫人口: a single in-province stay is assisted up to 90%
    # 长治 返贫致贫人口: in-province stay costs outside the list, within the hospitals' control ratio, are
    # assisted at this rate (a figure answered from the data; the calculator takes no out-of-list cost)
    out_of_list_rate: Rate | None = None
    outpatient: dict[str, Rate] = {}  # 门诊救助 by benefit (长治: 门诊慢性病, 门诊特药): a rate of what is left
    tilt: TiltRule | None = None


class OnApplicationRule(BaseModel):
    model_config = ConfigDict(extra="forbid")

    deductible: Money
    rate: Rate
    limit: Money


class AssistanceRules(BaseModel):
    model_config = ConfigDict(extra="forbid")

    categories: dict[str, CategoryRule]
    not_eligible: dict[str, Param[str]] = {}
    on_application: OnApplicationRule | None = None


class AssistanceInput(CalcInput):
    # 依申请救助 is for people not yet recognised as any group: the group is asked only for the other kinds
    group: SpecialGroup | None = Field(default=None, description="救助对象类别（如特困人员、低保对象、易返贫致贫人口）")
    burden: Decimal = Field(
        ge=0, description="经基本医保、大病保险报销后，政策范围内个人自付费用（元；年度累计或本次）"
    )
    earlier_burden: Decimal = Field(
        default=ZERO, ge=0, description="本年度此前已发生的政策范围内个人自付费用（元），用于年度起付线和限额"
    )
    kind: AssistanceKind = Field(default="基本救助", description="救助方式")
    tilt_area: TiltArea = Field(
        default="否", description="是否规范转诊且在省域内就医（倾斜救助条件）；随州按市域内、市域外省内区分比例"
    )
    stay_in_list_total: Decimal | None = Field(
        default=None, ge=0,
        description="本次省内住院目录内总费用（元；长治返贫致贫人口“综合支付比例达不到90%的救助到90%”时需要）",
    )

    @model_validator(mode="after")
    def _group_needed(self) -> AssistanceInput:
        if self.group is None and self.kind != "依申请救助":
            raise InputError("group", "救助对象类别：必须填写")
        return self


@register(
    "assistance",
    "医疗救助",
    "按救助对象类别计算医疗救助金额：基本救助（起付线、救助比例、年度限额）、倾斜救助、依申请救助",
    AssistanceInput,
)
def assistance(rules: CityRules, inputs: AssistanceInput) -> Result:
    """Medical assistance on the compliant personal burden left after basic insurance and 大病保险."""
    if SECTION not in rules.sections:
        raise InputError("city", f"{rules.city}的政策文件没有给出可计算的医疗救助标准", accepted=cities_with_rules())
    params: AssistanceRules = rules.in_force(SECTION, inputs.on(), AssistanceRules)  # type: ignore[assignment]
    result = Result.begin("assistance", inputs)
    if inputs.kind == "依申请救助":
        return _on_application(params, inputs, result)
    if inputs.kind in OUTPATIENT_KINDS:
        return _outpatient(params, inputs, result)
    return _basic_and_tilt(params, inputs, result)


def _outpatient(params: AssistanceRules, inputs: AssistanceInput, result: Result) -> Result:
    """门诊救助: a rate of the compliant cost left after the outpatient benefit (no deductible or cap given)."""
    rule = _category(params, inputs, result)
    if rule is None:
        return _not_eligible(inputs, result)
    benefit = OUTPATIENT_KINDS[inputs.kind]
    rate = rule.outpatient.get(benefit)
    if rate is None:
        raise InputError("kind", f"{result.city}的医疗救助待遇表没有规定{inputs.group}的{inputs.kind}",
                         accepted=["基本救助", *(k for k, b in OUTPATIENT_KINDS.items() if b in rule.outpatient)])
    result.step(f"{benefit}政策范围内剩余个人自付", f"{fmt_money(inputs.burden)}元", inputs.burden)
    paid = inputs.burden * rate.value
    result.step(inputs.kind, f"{fmt_money(inputs.burden)} × {fmt_rate(rate.value)}", paid, rate)
    result.total = money(paid)
    result.details = {"basic": money(paid), "tilt": ZERO, "remaining": money(inputs.burden - paid)}
    result.summary = (f"{result.city}{inputs.group}{inputs.kind}可获{fmt_money(paid)}元，"
                      f"个人仍负担{fmt_money(inputs.burden - paid)}元。")
    return result


def cities_with_rules() -> list[str]:
    from calculators.rules import load_city_rules
    from corpus.catalogue import CITIES

    return [c for c in CITIES if SECTION in load_city_rules(c).sections]


def _layer(burden: Decimal, deductible: Decimal, rate: Decimal, limit: Decimal | None) -> Decimal:
    """(burden − deductible) × rate, never negative, capped at the limit."""
    paid = max(ZERO, burden - deductible) * rate
    return paid if limit is None else min(paid, limit)


def _on_application(params: AssistanceRules, inputs: AssistanceInput, result: Result) -> Result:
    rule = params.on_application
    if rule is None:
        raise InputError("kind", f"{result.city}的政策文件没有规定依申请救助", accepted=["基本救助"])
    total_burden = inputs.earlier_burden + inputs.burden
    before = _layer(inputs.earlier_burden, rule.deductible.value, rule.rate.value, rule.limit.value)
    after = _layer(total_burden, rule.deductible.value, rule.rate.value, rule.limit.value)
    paid = after - before
    _burden_steps(result, inputs)
    result.step("依申请救助起付线", f"{fmt_money(rule.deductible.value)}元", rule.deductible.value, rule.deductible)
    result.step(
        "依申请救助",
        f"({fmt_money(total_burden)} − {fmt_money(rule.deductible.value)}) × {fmt_rate(rule.rate.value)}"
        f"，最高{fmt_money(rule.limit.value)}元" + (f"，减去此前已救助{fmt_money(before)}元" if before else ""),
        paid, rule.rate,
    )
    result.step("依申请救助限额", f"{fmt_money(rule.limit.value)}元", rule.limit.value, rule.limit)
    result.total = money(paid)
    result.details = {"basic": money(paid), "tilt": ZERO, "remaining": money(inputs.burden - paid)}
    result.summary = f"{result.city}依申请救助可救助{fmt_money(paid)}元。"
    return result


def _burden_steps(result: Result, inputs: AssistanceInput) -> None:
    result.step("政策范围内个人自付（基本医保、大病保险后）", f"{fmt_money(inputs.burden)}元", inputs.burden)
    if inputs.earlier_burden:
        result.step("本年度此前个人自付", f"{fmt_money(inputs.earlier_burden)}元", inputs.earlier_burden)


def _category(params: AssistanceRules, inputs: AssistanceInput, result: Result) -> CategoryRule | None:
    if inputs.group in params.categories:
        return params.categories[inputs.group]
    if inputs.group in params.not_eligible:
        reason = params.not_eligible[inputs.group]
        result.step("救助资格", reason.value, ZERO, reason)
        return None
    raise InputError(
        "group",
        f"{result.city}的医疗救助待遇表没有单列“{inputs.group}”，请选择具体的救助对象类别",
        accepted=[*params.categories, *params.not_eligible],
    )


def _not_eligible(inputs: AssistanceInput, result: Result) -> Result:
    """A group the city's assistance rules name as not assisted: nothing paid, the burden stays."""
    result.total = ZERO
    result.details = {"basic": ZERO, "tilt": ZERO, "remaining": money(inputs.burden)}
    result.summary = f"{result.city}的{inputs.group}不享受医疗救助待遇。"
    return result


def _basic_and_tilt(params: AssistanceRules, inputs: AssistanceInput, result: Result) -> Result:
    rule = _category(params, inputs, result)
    if rule is None:
        return _not_eligible(inputs, result)
    _burden_steps(result, inputs)
    before, total_burden = inputs.earlier_burden, inputs.earlier_burden + inputs.burden
    d, r, cap = rule.deductible.value, rule.rate.value, rule.limit.value
    basic = _layer(total_burden, d, r, cap) - _layer(before, d, r, cap)
    label = f"基本救助（{rule.class_name}）" if rule.class_name else "基本救助"
    result.step("救助起付线", f"{fmt_money(d)}元", d, rule.deductible)
    formula = f"({fmt_money(total_burden)} − {fmt_money(d)}) × {fmt_rate(r)}"
    if cap is not None:
        formula += f"，最高{fmt_money(cap)}元"
    if before:
        formula += f" − 此前部分{fmt_money(_layer(before, d, r, cap))}"
    result.step(label, formula, basic, rule.rate)
    if cap is not None:
        result.step("年度救助限额", f"{fmt_money(cap)}元", cap, rule.limit)
    elif rule.limit.interpretation:
        result.step("年度救助限额", "文件未写限额", None, rule.limit)

    if rule.top_up_to is not None:
        basic = _top_up(rule.top_up_to, inputs, basic, result)

    tilt = _tilt(rule, inputs, before - _layer(before, d, r, cap), basic, result)
    paid = basic + tilt
    result.total = money(paid)
    result.details = {"basic": money(basic), "tilt": money(tilt), "remaining": money(inputs.burden - paid)}
    result.step("医疗救助合计", f"{fmt_money(basic)} + {fmt_money(tilt)}", paid)
    result.summary = f"{result.city}{inputs.group}可获医疗救助{fmt_money(paid)}元，个人仍负担{fmt_money(inputs.burden - paid)}元。"
    return result


def _top_up(top: Rate, inputs: AssistanceInput, basic: Decimal, result: Result) -> Decimal:
    """长治 返贫致贫人口: a single in-province stay whose combined payment is under 90% is assisted up to 90%."""
    total = inputs.stay_in_list_total
    if total is None:
        result.caveats.append(
            f"单次省内住院目录内费用综合支付比例达不到{fmt_rate(top.value)}的救助到{fmt_rate(top.value)}；"
            "未提供本次住院目录内总费用，未计算这一项。"
        )
        return basic
    if total < inputs.burden:
        raise InputError("stay_in_list_total", "本次住院目录内总费用不能小于个人自付费用")
    allowed_left = total * (1 - top.value)
    needed = inputs.burden - allowed_left
    if needed <= basic:
        return basic
    result.step(
        f"综合支付比例救助到{fmt_rate(top.value)}",
        f"{fmt_money(inputs.burden)} − {fmt_money(total)} × {fmt_rate(1 - top.value)}", needed - basic, top,
    )
    return needed


def _tilt(rule: CategoryRule, inputs: AssistanceInput, left_before: Decimal, basic: Decimal,
          result: Result) -> Decimal:
    """倾斜救助 on what is left after basic assistance over the year (`left_before` + this burden's rest)."""
    tilt = rule.tilt
    if tilt is None:
        return ZERO
    if inputs.tilt_area == "否":
        result.caveats.append("规范转诊且在省域内就医的，经三重制度保障后个人负担仍较重的部分还可享受倾斜救助（未计入）。")
        return ZERO
    rate = tilt.rate[inputs.tilt_area]
    left_after = left_before + (inputs.burden - basic)
    td, tcap = tilt.deductible.value, tilt.limit.value
    paid = _layer(left_after, td, rate.value, tcap) - _layer(left_before, td, rate.value, tcap)
    result.step("倾斜救助起付线", f"{fmt_money(td)}元", td, tilt.deductible)
    result.step(
        f"倾斜救助（{inputs.tilt_area}）",
        f"({fmt_money(left_after)} − {fmt_money(td)}) × {fmt_rate(rate.value)}"
        + (f"，最高{fmt_money(tcap)}元" if tcap is not None else "，不设限额"),
        paid, rate,
    )
    result.step("倾斜救助年度限额", "无" if tcap is None else f"{fmt_money(tcap)}元", tcap, tilt.limit)
    return paid
