"""门诊特药 / 单独支付药品: the fund's share of outpatient special-drug costs.

Rules section `special_drugs:` gives one of two ways the documents pay them:
- a flat `rate` of the compliant drug cost (随州: 办理单独支付药品使用资格表，报销50%); drugs paid as a
  listed special disease's (纳入特殊疾病支付) follow that disease's rate and are not computed here;
- a `first_share` the resident pays first, the rest paid "按照住院比例" (长春: 88种特药 个人先承担35%,
  10种 按乙类 自付10%), i.e. as an inpatient cost at the hospital's level, with one deductible a year.
"""

from __future__ import annotations

from decimal import Decimal

from pydantic import Field

from calculators import inpatient
from calculators.errors import InputError
from calculators.inpatient import MAX_COST, InpatientInput
from calculators.outpatient_common import RulesModel, pct, yuan
from calculators.registry import CalcInput, register
from calculators.result import Result, money
from calculators.rules import CityRules, Param, Rate
from calculators.vocab import HospitalGrade, HospitalLevel, HospitalTier, PersonType

SECTION = "special_drugs"
ZERO = Decimal(0)


class SpecialDrugRules(RulesModel):
    rate: Rate | None = None  # a flat rate of the drug cost
    special_disease_note: Param[str] | None = None  # drugs paid as a special disease's are not flat-rated
    first_share: dict[str, Rate] = {}  # drug list -> the share the resident pays first
    as_inpatient: Param[bool] | None = None  # the rest paid at the inpatient rates of the hospital's level
    deductible_once: Param[bool] | None = None


class SpecialDrugInput(CalcInput):
    amount: Decimal = Field(ge=0, le=MAX_COST, description="本年度门诊特药（单独支付药品）政策范围内费用，元")
    drug_list: str | None = Field(default=None, description="特药目录（长春：88种特药、10种特药）")
    for_special_disease: bool = Field(default=False, description="是否为纳入特殊疾病支付的单独支付药品（随州）")
    person: PersonType = Field(default="成年居民", description="参保人员类别：成年居民、未成年居民、在校学生")
    level: HospitalLevel | None = Field(default=None, description="用药医院级别（按住院比例报销时需要）")
    grade: HospitalGrade | None = Field(default=None, description="医院等次（甲等/乙等）")
    tier: HospitalTier | None = Field(default=None, description="医院隶属（省级/市级/县区级；长春三级医院需要）")


@register(
    "special_drugs",
    "门诊特药",
    "计算门诊特药（单独支付药品）费用的统筹基金支付金额：按比例，或个人先承担一部分后按住院比例报销",
    SpecialDrugInput,
)
def special_drugs(city_rules: CityRules, inputs: SpecialDrugInput) -> Result:
    city = city_rules.city
    if SECTION not in city_rules.sections:
        raise InputError("city", f"{city}的政策文件没有给出门诊特药的报销办法")
    rules: SpecialDrugRules = city_rules.in_force(SECTION, inputs.on(), SpecialDrugRules)  # type: ignore[assignment]
    result = Result.begin("special_drugs", inputs)
    result.step("门诊特药政策范围内费用", yuan(inputs.amount), inputs.amount)
    if rules.rate is not None:
        if inputs.for_special_disease:
            raise InputError("for_special_disease",
                             f"{city}纳入特殊疾病支付的单独支付药品按对应病种的比例报销，请按门诊慢特病计算")
        fund = inputs.amount * rules.rate.value
        result.step("按比例报销", f"{yuan(inputs.amount)} × {pct(rules.rate.value)}", fund, rules.rate)
        if rules.special_disease_note is not None:
            result.caveats.append(rules.special_disease_note.value)
    elif rules.first_share and rules.as_inpatient is not None:
        fund = _as_inpatient(city_rules, rules, inputs, result)
    else:
        raise InputError("city", f"{city}的政策文件没有给出门诊特药的报销办法")
    total = money(fund)
    result.step("统筹基金支付合计", yuan(total), total)
    result.total = total
    result.details = {"amount": money(inputs.amount), "fund": total, "personal": money(inputs.amount - total)}
    result.summary = f"{city}门诊特药：政策范围内费用{yuan(inputs.amount)}，统筹基金支付{yuan(total)}。"
    return result


def _as_inpatient(city_rules: CityRules, rules: SpecialDrugRules, inputs: SpecialDrugInput,
                  result: Result) -> Decimal:
    lists = list(rules.first_share)
    drug_list = inputs.drug_list if inputs.drug_list in rules.first_share else (lists[0] if len(lists) == 1 else None)
    if drug_list is None:
        raise InputError("drug_list", f"{city_rules.city}的特药分目录报销，请选择药品所在目录", accepted=lists)
    share = rules.first_share[drug_list]
    own = inputs.amount * share.value
    result.step(f"个人先行承担（{drug_list}）", f"{yuan(inputs.amount)} × {pct(share.value)}", own, share)
    rest = inputs.amount - own
    result.step("按住院比例报销", f"{yuan(rest)}按{inputs.level or ''}医院住院起付线和比例计算", None, rules.as_inpatient)
    if rules.deductible_once is not None:
        result.step("起付线", "一年只付一次（本年首次使用特药）", None, rules.deductible_once)
    stay = inpatient.calculate(city_rules, InpatientInput(
        city=inputs.city, date=inputs.date, person=inputs.person, level=inputs.level, grade=inputs.grade,
        tier=inputs.tier, cost=rest))
    for step in stay.steps:
        if step.amount is not None and step.label not in ("统筹基金支付合计", "个人负担的合规费用"):
            result.steps.append(step)
    return Decimal(str(stay.total))

