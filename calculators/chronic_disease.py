"""门诊慢性病 / 门诊特殊病: what the fund pays in a year for an approved chronic or special disease.

Rules section `chronic_disease:`, one entry per scheme (门诊慢性病, 门诊特殊病) with defaults and
per-disease terms. The limits the cities use are of three kinds, each a parameter:

- a cap on the compliant cost counted: per disease class (连云港 甲类5000/乙类3000, +500 per
  further disease up to +1000) or per month of the year (长治 二类/三类, 限额标准 月/人);
- a cap on the fund's payment per disease (长春 per-disease 年度额度, +480 per further disease);
- a fund cap shared with another benefit: 门诊统筹 etc. (长春 6500), inpatient (淮安 省定病种 24万,
  长治 一类 7万): what the other benefit already paid this year is an input.

Order: cost limits, deductible, rate (per disease, else per hospital level, else the scheme's),
then fund caps.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

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

SECTION = "chronic_disease"

Scheme = Literal["门诊慢性病", "门诊特殊病"]


class DiseaseTerms(RulesModel):
    listed: Param[bool] | None = None  # the words naming the disease, where no figure of its own is given
    deductible: Money | None = None
    rate: Rate | None = None
    monthly_cost_limit: Money | None = None
    fund_cap: Money | None = None
    inpatient_shared_cap: Money | None = None


class SchemeRules(RulesModel):
    deductible: Money | None = None
    rate: Rate | None = None
    level_rates: dict[str, Rate] = {}
    class_cost_caps: dict[str, Money] = {}  # by disease class (甲类/乙类)
    extra_disease_cost_cap: Money | None = None
    extra_disease_cost_cap_max: Money | None = None
    extra_disease_fund_cap: Money | None = None
    outpatient_shared_cap: Money | None = None  # fund cap shared with 门诊统筹 and other outpatient benefits
    inpatient_shared_cap: Money | None = None  # fund cap shared with inpatient benefits
    limits_not_given: Param[bool] | None = None  # the document says limits exist but does not give them
    diseases: dict[str, DiseaseTerms] = {}
    disease_required: bool = False  # the scheme's figures depend on the disease: the input must name one


class ChronicRules(RulesModel):
    schemes: dict[str, SchemeRules]


class ChronicInput(CalcInput):
    scheme: Scheme = Field(default="门诊慢性病", description="待遇类别：门诊慢性病、门诊特殊病")
    disease: str | None = Field(
        default=None,
        description="病种或病种类别（按各市文件的名称，如长治“冠心病”、淮安“其他病种”）；多病种时填限额最高的病种",
    )
    disease_class: Literal["甲类", "乙类"] | None = Field(
        default=None, description="慢性病病种类别（连云港按甲类、乙类病种确定封顶线）：甲类、乙类"
    )
    disease_count: int = Field(default=1, ge=1, le=20, description="享受待遇的病种数")
    level: HospitalLevel | None = Field(default=None, description=HOSPITAL_LEVEL_HELP)
    amount: Decimal = Field(ge=0, description="全年该病种门诊政策范围内（合规）医疗费用，元")
    months: int = Field(default=12, ge=1, le=12, description="本年度享受待遇的月数（长治按月限额计算）")
    deductible_paid_before: Decimal = Field(default=ZERO, ge=0, description="本年度此前已自付的起付线金额，元")
    fund_paid_before: Decimal = Field(default=ZERO, ge=0, description="本年度此前该项待遇基金已支付金额，元")
    shared_cap_used: Decimal = Field(
        default=ZERO, ge=0,
        description="本年度共用限额的其他待遇已支付金额，元（长春：门诊统筹等门诊待遇；淮安、长治：住院）",
    )


def _disease(scheme: SchemeRules, inputs: ChronicInput, city: str) -> DiseaseTerms | None:
    if inputs.disease is None:
        if scheme.disease_required:
            raise InputError("disease", f"{city}{inputs.scheme}的待遇标准按病种确定，请填写病种",
                             accepted=list(scheme.diseases))
        return None
    terms = scheme.diseases.get(inputs.disease)
    if terms is None and scheme.disease_required:
        raise InputError("disease", f"{city}的政策文件没有列出“{inputs.disease}”的{inputs.scheme}待遇标准",
                         accepted=list(scheme.diseases))
    return terms


def _rate(scheme: SchemeRules, terms: DiseaseTerms | None, inputs: ChronicInput, city: str) -> Param[Decimal]:
    if terms is not None and terms.rate is not None:
        return terms.rate
    if scheme.level_rates:
        if inputs.level is None:
            raise InputError("level", f"{city}{inputs.scheme}报销比例按医疗机构级别确定，请填写级别",
                             accepted=list(scheme.level_rates))
        if inputs.level not in scheme.level_rates:
            raise InputError("level", f"{city}的政策文件没有规定{inputs.level}医疗机构的报销比例",
                             accepted=list(scheme.level_rates))
        return scheme.level_rates[inputs.level]
    if scheme.rate is None:
        raise RulesError(f"corpus/rules/{city}.yaml", f"{SECTION}.{inputs.scheme}.rate", "no rate")
    return scheme.rate


def _cost_limits(scheme: SchemeRules, terms: DiseaseTerms | None, inputs: ChronicInput, result: Result,
                 city: str) -> Decimal:
    counted = inputs.amount
    result.step("政策范围内费用", yuan(inputs.amount), inputs.amount)
    if terms is not None and terms.monthly_cost_limit is not None:
        limit = value(terms.monthly_cost_limit) * inputs.months
        result.step(f"{inputs.disease}限额标准", f"{yuan(value(terms.monthly_cost_limit))}/月 × {inputs.months}个月",
                    limit, terms.monthly_cost_limit)
        if counted > limit:
            result.step("超出限额标准的费用个人负担", f"{yuan(counted)} − {yuan(limit)}", counted - limit)
            counted = limit
    if scheme.class_cost_caps:
        if inputs.disease_class is None:
            raise InputError("disease_class", f"{city}{inputs.scheme}封顶线按病种类别确定，请填写病种类别",
                             accepted=list(scheme.class_cost_caps))
        if inputs.disease_class not in scheme.class_cost_caps:
            raise InputError("disease_class", f"{city}的政策文件没有规定{inputs.disease_class}病种的封顶线",
                             accepted=list(scheme.class_cost_caps))
        cap_rule = scheme.class_cost_caps[inputs.disease_class]
        cap = value(cap_rule)
        result.step(f"{inputs.disease_class}病种封顶线（合规费用）", yuan(cap), cap, cap_rule)
        if inputs.disease_count > 1 and scheme.extra_disease_cost_cap is not None:
            extra = value(scheme.extra_disease_cost_cap) * (inputs.disease_count - 1)
            most = value(scheme.extra_disease_cost_cap_max, extra)
            extra = min(extra, most)
            result.step("多病种增加封顶线", f"每增加一个病种{yuan(value(scheme.extra_disease_cost_cap))}，"
                        f"最多{yuan(most)}：增加{yuan(extra)}", extra, scheme.extra_disease_cost_cap)
            cap += extra
        if counted > cap:
            result.step("封顶线以上的费用个人负担", f"{yuan(counted)} − {yuan(cap)}", counted - cap)
            counted = cap
    return counted


def _fund_caps(fund: Decimal, scheme: SchemeRules, terms: DiseaseTerms | None, inputs: ChronicInput,
               result: Result) -> Decimal:
    caps: list[tuple[str, Decimal, Param[Decimal] | None]] = []
    if terms is not None and terms.fund_cap is not None:
        cap = value(terms.fund_cap)
        if inputs.disease_count > 1 and scheme.extra_disease_fund_cap is not None:
            extra = value(scheme.extra_disease_fund_cap) * (inputs.disease_count - 1)
            result.step("多病种增加年度额度", f"{yuan(value(scheme.extra_disease_fund_cap))} × "
                        f"{inputs.disease_count - 1}", extra, scheme.extra_disease_fund_cap)
            cap += extra
        result.step(f"{inputs.disease}年度额度", yuan(cap), cap, terms.fund_cap)
        caps.append((f"{inputs.disease}年度额度", clamp(cap - inputs.fund_paid_before), terms.fund_cap))
    if scheme.outpatient_shared_cap is not None:
        cap = value(scheme.outpatient_shared_cap)
        room = clamp(cap - inputs.fund_paid_before - inputs.shared_cap_used)
        result.step("门诊待遇合并年度总额度", f"{yuan(cap)} − 本年已支付{yuan(inputs.fund_paid_before + inputs.shared_cap_used)}",
                    room, scheme.outpatient_shared_cap)
        caps.append(("门诊待遇合并年度总额度", room, scheme.outpatient_shared_cap))
    shared = terms.inpatient_shared_cap if terms is not None and terms.inpatient_shared_cap else None
    shared = shared or scheme.inpatient_shared_cap
    if shared is not None:
        cap = value(shared)
        room = clamp(cap - inputs.fund_paid_before - inputs.shared_cap_used)
        result.step("与住院共用的年度支付限额", f"{yuan(cap)} − 本年已支付{yuan(inputs.fund_paid_before + inputs.shared_cap_used)}",
                    room, shared)
        caps.append(("与住院共用的年度支付限额", room, shared))
    for label, room, rule in caps:
        if fund > room:
            result.step(f"受{label}限制", f"按比例计算{yuan(fund)}，按{yuan(room)}支付", room, rule)
            fund = room
    return fund


@register(
    "chronic_disease",
    "门诊慢性病、门诊特殊病",
    "计算门诊慢性病、门诊特殊病（门诊慢特病）统筹基金全年支付金额",
    ChronicInput,
)
def chronic_disease(city_rules: CityRules, inputs: ChronicInput) -> Result:
    city = city_rules.city
    rules: ChronicRules = city_rules.in_force(SECTION, inputs.on(), ChronicRules)  # type: ignore[assignment]
    if inputs.scheme not in rules.schemes:
        raise InputError("scheme", f"{city}的政策文件没有规定{inputs.scheme}的计算标准", accepted=list(rules.schemes))
    scheme = rules.schemes[inputs.scheme]
    result = Result.begin("chronic_disease", inputs)
    terms = _disease(scheme, inputs, city)
    if terms is not None and terms.listed is not None:
        result.step("病种", inputs.disease or "", None, terms.listed)

    counted = _cost_limits(scheme, terms, inputs, result, city)
    deductible_rule = terms.deductible if terms is not None and terms.deductible is not None else scheme.deductible
    deductible = clamp(value(deductible_rule) - inputs.deductible_paid_before)
    deductible = min(deductible, counted)
    if deductible_rule is not None:
        formula = (f"起付线{yuan(value(deductible_rule))}" if value(deductible_rule) else "不设起付线") + (
            f"，本年已付{yuan(inputs.deductible_paid_before)}" if inputs.deductible_paid_before else "")
        result.step("起付线", formula, deductible, deductible_rule)
    rate_rule = _rate(scheme, terms, inputs, city)
    base = counted - deductible
    fund = base * value(rate_rule)
    result.step("按比例报销", f"{yuan(base)} × {pct(value(rate_rule))}", fund, rate_rule)
    fund = _fund_caps(fund, scheme, terms, inputs, result)
    if scheme.limits_not_given is not None:
        result.step("年度限额", "文件未列出具体限额，以上未计入", None, scheme.limits_not_given)

    total = money(fund)
    result.step("统筹基金支付合计", yuan(total), total)
    result.total = total
    result.details = {"amount": money(inputs.amount), "fund": total, "self_pay": money(inputs.amount - fund)}
    name = f"（{inputs.disease}）" if inputs.disease else ""
    result.summary = (f"{city}{inputs.scheme}{name}：政策范围内费用{yuan(inputs.amount)}，"
                      f"统筹基金支付{yuan(total)}。")
    return result
