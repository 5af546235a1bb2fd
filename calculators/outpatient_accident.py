"""门诊意外伤害: the fund's share of outpatient costs of an accident of a student or minor.

Rules section `outpatient_accident:`: who is covered, whether only accidents at school count
(连云港), the cost band reimbursed (长春: above 100元 up to 5000元; 连云港: up to the 3000元
封顶线), and the rate (one rate, or one per hospital level).
"""

from __future__ import annotations

from decimal import Decimal

from pydantic import Field

from calculators.errors import InputError, RulesError
from calculators.outpatient_common import (
    HOSPITAL_LEVEL_HELP,
    ZERO,
    HospitalLevel,
    RulesModel,
    clamp,
    pct,
    value,
    yuan,
)
from calculators.registry import CalcInput, register
from calculators.result import Result, money
from calculators.rules import CityRules, Money, Param, Rate
from calculators.vocab import PersonType

SECTION = "outpatient_accident"



class AccidentRules(RulesModel):
    persons: dict[str, Param[bool]]  # who is covered
    in_school_only: Param[bool] | None = None
    no_liable_party: Param[bool] | None = None
    deductible: Money | None = None  # lower bound of the band (not included)
    cost_cap: Money  # upper bound of the compliant cost counted in a year
    rate: Rate | None = None
    level_rates: dict[str, Rate] = {}


class AccidentInput(CalcInput):
    person: PersonType = Field(description="参保人员类别：在校学生（含学校、幼教机构统一参保的幼儿）、未成年居民、成年居民")
    amount: Decimal = Field(ge=0, description="本年度意外伤害门（急）诊政策范围内（合规）医疗费用，元")
    level: HospitalLevel | None = Field(default=None, description=HOSPITAL_LEVEL_HELP)
    in_school: bool = Field(default=True, description="是否在校内发生（连云港限校内意外伤害）")
    third_party_liable: bool = Field(default=False, description="是否有明确的侵权人（第三方责任）")
    amount_counted_before: Decimal = Field(
        default=ZERO, ge=0, description="本年度此前已按门诊意外伤害报销的合规费用，元"
    )


def _rate(rules: AccidentRules, inputs: AccidentInput, city: str) -> Param[Decimal]:
    if rules.level_rates:
        if inputs.level is None or inputs.level not in rules.level_rates:
            raise InputError("level", f"{city}门诊意外伤害报销比例按医疗机构级别确定，请填写级别",
                             accepted=list(rules.level_rates))
        return rules.level_rates[inputs.level]
    if rules.rate is None:
        raise RulesError(f"corpus/rules/{city}.yaml", f"{SECTION}.rate", "no rate")
    return rules.rate


@register(
    "outpatient_accident",
    "门诊意外伤害",
    "计算学生、未成年居民意外伤害门（急）诊费用的统筹基金支付金额",
    AccidentInput,
)
def outpatient_accident(city_rules: CityRules, inputs: AccidentInput) -> Result:
    city = city_rules.city
    rules: AccidentRules = city_rules.in_force(SECTION, inputs.on(), AccidentRules)  # type: ignore[assignment]
    result = Result.begin("outpatient_accident", inputs)
    covered = [p for p, rule in rules.persons.items() if rule.value]
    if inputs.person not in covered:
        raise InputError("person", f"{city}门诊意外伤害待遇只适用于以下人员", accepted=covered)
    result.step("适用人员", inputs.person, None, rules.persons[inputs.person])
    if rules.in_school_only is not None and rules.in_school_only.value and not inputs.in_school:
        raise InputError("in_school", f"{city}门诊意外伤害只报销学生在校内遭遇的意外伤害")
    if inputs.third_party_liable:
        raise InputError("third_party_liable", "有明确侵权人（第三方责任）的意外伤害费用应由第三方负担，医保不予报销")
    rate_rule = _rate(rules, inputs, city)

    low = value(rules.deductible)
    cap = value(rules.cost_cap)
    before = inputs.amount_counted_before
    start = max(before, low)
    end = min(before + inputs.amount, cap)
    counted = clamp(end - start)
    band = (f"{yuan(low)}以上至{yuan(cap)}的部分" if low else f"封顶线{yuan(cap)}以内的部分")
    if low:
        result.step("起付（不含）", yuan(low), low, rules.deductible)
    result.step("计入报销的合规费用", f"{band}：{yuan(counted)}" +
                (f"（本年此前已计{yuan(before)}）" if before else ""), counted, rules.cost_cap)
    fund = counted * value(rate_rule)
    result.step("按比例报销", f"{yuan(counted)} × {pct(value(rate_rule))}", fund, rate_rule)
    total = money(fund)
    result.step("统筹基金支付合计", yuan(total), total)
    result.total = total
    result.details = {"amount": money(inputs.amount), "counted": money(counted), "fund": total}
    result.summary = f"{city}门诊意外伤害：合规费用{yuan(inputs.amount)}，统筹基金支付{yuan(total)}。"
    return result
