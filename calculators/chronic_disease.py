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

A scheme paid "按住院比例" (`as_inpatient`: 长春 门诊特殊疾病, 按住院比例进行报销，一年只需支付一次起付线)
prices the year's compliant cost as one hospital stay at the hospital's level: that level's inpatient
deductible once and its inpatient rates, through the inpatient calculator.

A scheme had only from some hospital level up (`min_level`: 长春 门诊特殊疾病, 在二级及二级以上定点医疗机构…
申请办理，在办理机构门诊享受) pays nothing of a cost at a lower level, the rule shown as the reason.

Several visits (`visits`: day, hospital level, amount) are taken in the order of their days, a step
each: the year's cost limits and the deductible are used up by the first visits, each visit's rate
is that of its own hospital level, and the fund caps bound the running total.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from calculators import inpatient
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
from calculators.vocab import HOSPITAL_LEVELS, HospitalGrade, HospitalLevelName, HospitalTier, PersonType

SECTION = "chronic_disease"

Scheme = Literal["门诊慢性病", "门诊特殊病"]


class DiseaseTerms(RulesModel):
    listed: Param[bool] | None = None  # the words naming the disease, where no figure of its own is given
    disease_class: Param[str] | None = None  # the class the table lists it under (长治 一类门诊慢性病)
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
    as_inpatient: Param[bool] | None = None  # the year's cost paid at the inpatient deductible and rates
    min_level: Param[HospitalLevelName] | None = None  # the lowest hospital level the scheme is had at


class ChronicRules(RulesModel):
    schemes: dict[str, SchemeRules]


class ChronicVisit(BaseModel):
    """One outpatient visit for the approved disease."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    date: dt.date | None = Field(default=None, description="就诊日期")
    level: HospitalLevel | None = Field(default=None, description=HOSPITAL_LEVEL_HELP + "（不填按全年的级别）")
    amount: Decimal = Field(ge=0, description="本次政策范围内（合规）门诊费用，元")


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
    amount: Decimal | None = Field(default=None, ge=0, description="全年该病种门诊政策范围内（合规）医疗费用，元")
    visits: list[ChronicVisit] = Field(
        default_factory=list, max_length=400,
        description="逐次就诊（日期、医院级别、合规费用）；填写后按次计算，不再填写全年费用",
    )
    months: int = Field(default=12, ge=1, le=12, description="本年度享受待遇的月数（长治按月限额计算）")
    tier: HospitalTier | None = Field(default=None, description="医院隶属（省级/市级/县区级；按住院比例报销、长春三级医院需要）")
    grade: HospitalGrade | None = Field(default=None, description="医院等次（甲等/乙等；按住院比例报销时按收费类别的城市需要）")
    person: PersonType = Field(default="成年居民", description="参保人员类别（按住院比例报销时用）：成年居民、未成年居民、在校学生")
    deductible_paid_before: Decimal = Field(default=ZERO, ge=0, description="本年度此前已自付的起付线金额，元")
    fund_paid_before: Decimal = Field(default=ZERO, ge=0, description="本年度此前该项待遇基金已支付金额，元")
    shared_cap_used: Decimal = Field(
        default=ZERO, ge=0,
        description="本年度共用限额的其他待遇已支付金额，元（长春：门诊统筹等门诊待遇；淮安、长治：住院）",
    )

    @model_validator(mode="after")
    def _amount_or_visits(self) -> ChronicInput:
        if self.visits and self.amount is not None:
            raise InputError("amount", "全年费用与逐次就诊只能填写一种")
        if not self.visits and self.amount is None:
            raise InputError("amount", "全年该病种门诊政策范围内（合规）医疗费用，元：必须填写")
        return self

    def total_amount(self) -> Decimal:
        return self.amount if self.amount is not None else sum((v.amount for v in self.visits), ZERO)


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


def _rate(scheme: SchemeRules, terms: DiseaseTerms | None, inputs: ChronicInput, city: str,
          level: str | None = None) -> Param[Decimal]:
    """The rate: the disease's own, else that of the hospital level (`level`, else the input's), else
    the scheme's."""
    if terms is not None and terms.rate is not None:
        return terms.rate
    level = level or inputs.level
    if scheme.level_rates:
        if level is None:
            raise InputError("level", f"{city}{inputs.scheme}报销比例按医疗机构级别确定，请填写级别",
                             accepted=list(scheme.level_rates))
        if level not in scheme.level_rates:
            raise InputError("level", f"{city}的政策文件没有规定{level}医疗机构的报销比例",
                             accepted=list(scheme.level_rates))
        return scheme.level_rates[level]
    if scheme.rate is None:
        raise RulesError(f"corpus/rules/{city}.yaml", f"{SECTION}.{inputs.scheme}.rate", "no rate")
    return scheme.rate


def _cost_limits(scheme: SchemeRules, terms: DiseaseTerms | None, inputs: ChronicInput, result: Result,
                 city: str) -> list[tuple[str, Decimal]]:
    """The year's limits on the compliant cost counted (label of the excess, limit), with their steps."""
    limits: list[tuple[str, Decimal]] = []
    if terms is not None and terms.monthly_cost_limit is not None:
        limit = value(terms.monthly_cost_limit) * inputs.months
        result.step(f"{inputs.disease}限额标准", f"{yuan(value(terms.monthly_cost_limit))}/月 × {inputs.months}个月",
                    limit, terms.monthly_cost_limit)
        limits.append(("超出限额标准的费用个人负担", limit))
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
        limits.append(("封顶线以上的费用个人负担", cap))
    return limits


def _within_limits(amount: Decimal, limits: list[tuple[str, Decimal]], result: Result) -> Decimal:
    counted = amount
    for label, limit in limits:
        if counted > limit:
            result.step(label, f"{yuan(counted)} − {yuan(limit)}", counted - limit)
            counted = limit
    return counted


def _fund_caps(scheme: SchemeRules, terms: DiseaseTerms | None, inputs: ChronicInput,
               result: Result) -> list[tuple[str, Decimal, Param[Decimal] | None]]:
    """The fund caps of the year (label, room left, rule), with their steps."""
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
    return caps


def _capped(fund: Decimal, caps: list[tuple[str, Decimal, Param[Decimal] | None]], result: Result,
            prefix: str = "") -> Decimal:
    """`fund` within the room each cap has left; the rooms shrink by what is paid."""
    for label, room, rule in caps:
        if fund > room:
            result.step(f"{prefix}受{label}限制", f"按比例计算{yuan(fund)}，按{yuan(room)}支付", room, rule)
            fund = room
    for i, (label, room, rule) in enumerate(caps):
        caps[i] = (label, room - fund, rule)
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

    amount = inputs.total_amount()
    below = _below_min_level(scheme, inputs, city)
    if below is not None:
        return _not_at_level(result, scheme.min_level, inputs, below, amount, city)  # type: ignore[arg-type]
    deductible_rule = terms.deductible if terms is not None and terms.deductible is not None else scheme.deductible
    if scheme.as_inpatient is not None and scheme.as_inpatient.value:
        fund = _as_inpatient(city_rules, scheme.as_inpatient, inputs, amount, result)
    elif inputs.visits:
        fund = _by_visit(scheme, terms, inputs, result, city, deductible_rule)
    else:
        result.step("政策范围内费用", yuan(amount), amount)
        counted = _within_limits(amount, _cost_limits(scheme, terms, inputs, result, city), result)
        deductible = min(clamp(value(deductible_rule) - inputs.deductible_paid_before), counted)
        if deductible_rule is not None:
            result.step("起付线", _deductible_formula(deductible_rule, inputs), deductible, deductible_rule)
        rate_rule = _rate(scheme, terms, inputs, city)
        base = counted - deductible
        fund = base * value(rate_rule)
        result.step("按比例报销", f"{yuan(base)} × {pct(value(rate_rule))}", fund, rate_rule)
        fund = _capped(fund, _fund_caps(scheme, terms, inputs, result), result)
    if scheme.limits_not_given is not None:
        result.step("年度限额", "文件未列出具体限额，以上未计入", None, scheme.limits_not_given)

    total = money(fund)
    result.step("统筹基金支付合计", yuan(total), total)
    result.total = total
    result.details = {"amount": money(amount), "fund": total, "self_pay": money(amount - fund)}
    if inputs.visits:
        result.details["visits"] = len(inputs.visits)
    name = f"（{inputs.disease}）" if inputs.disease else ""
    visits = f"{len(inputs.visits)}次就诊" if inputs.visits else ""
    result.summary = (f"{city}{inputs.scheme}{name}：{visits}政策范围内费用{yuan(amount)}，"
                      f"统筹基金支付{yuan(total)}。")
    return result


def _below_min_level(scheme: SchemeRules, inputs: ChronicInput, city: str) -> str | None:
    """The hospital level of the case when it is below the lowest level the scheme is had at (长春 门诊特殊疾病:
    在二级及二级以上定点医疗机构…申请办理，在办理机构门诊享受), else None; visits at levels on both sides of
    that line are to be priced apart."""
    if scheme.min_level is None:
        return None
    lowest = HOSPITAL_LEVELS.index(scheme.min_level.value)
    levels = {v.level or inputs.level for v in inputs.visits} if inputs.visits else {inputs.level}
    below = {lv for lv in levels if lv is not None and HOSPITAL_LEVELS.index(lv) < lowest}
    if below and len(below) < len(levels):
        raise InputError("visits", f"{city}{inputs.scheme}只在{scheme.min_level.value}及以上医疗机构享受，"
                         "不同级别医院的就诊请分别计算")
    return below.pop() if below else None


def _not_at_level(result: Result, rule: Param[str], inputs: ChronicInput, level: str, amount: Decimal,
                  city: str) -> Result:
    """A case at a hospital below the scheme's lowest level: the scheme pays nothing, the rule is shown."""
    result.step("政策范围内费用", yuan(amount), amount)
    result.step("就医医院级别", f"{level}医疗机构不在{inputs.scheme}办理和享受待遇的范围（须{rule.value}及以上）",
                ZERO, rule)
    result.total = ZERO
    result.details = {"amount": money(amount), "fund": ZERO, "self_pay": money(amount)}
    name = f"（{inputs.disease}）" if inputs.disease else ""
    result.summary = (f"{city}{inputs.scheme}{name}只在{rule.value}及以上定点医疗机构办理、在办理机构门诊享受；"
                      f"在{level}医疗机构的门诊费用{yuan(amount)}不按{inputs.scheme}报销，统筹基金按该待遇支付0元。")
    return result


def _deductible_formula(rule: Money, inputs: ChronicInput) -> str:
    return (f"起付线{yuan(value(rule))}" if value(rule) else "不设起付线") + (
        f"，本年已付{yuan(inputs.deductible_paid_before)}" if inputs.deductible_paid_before else "")


def _by_visit(scheme: SchemeRules, terms: DiseaseTerms | None, inputs: ChronicInput, result: Result, city: str,
              deductible_rule: Money | None) -> Decimal:
    """The fund's payment visit by visit, in the order of their days (visits without a day keep their
    place): the year's cost limits and deductible are used up in that order, each visit's rate is its
    hospital level's, the fund caps bound the running total."""
    visits = sorted(enumerate(inputs.visits), key=lambda iv: (iv[1].date or dt.date.min, iv[0]))
    limits = _cost_limits(scheme, terms, inputs, result, city)
    rooms = [(label, limit) for label, limit in limits]
    if deductible_rule is not None:
        result.step("起付线", _deductible_formula(deductible_rule, inputs) + "（按年计一次，依次从各次费用中扣除）",
                    clamp(value(deductible_rule) - inputs.deductible_paid_before), deductible_rule)
    deductible_left = clamp(value(deductible_rule) - inputs.deductible_paid_before)
    caps = _fund_caps(scheme, terms, inputs, result)
    fund_total = ZERO
    for n, (_, visit) in enumerate(visits, start=1):
        label = f"第{n}次" + (f"（{visit.date.isoformat()}" if visit.date else "（") + \
            (f"，{visit.level}" if visit.level or inputs.level else "") + "）"
        label = label.replace("（）", "").replace("（，", "（")
        level = visit.level or inputs.level
        counted = visit.amount
        for excess, room in rooms:
            if counted > room:
                result.step(f"{label}{excess}", f"{yuan(counted)} − 剩余额度{yuan(room)}", counted - room)
                counted = room
        rooms = [(excess, room - counted) for excess, room in rooms]
        deductible = min(deductible_left, counted)
        deductible_left -= deductible
        rate_rule = _rate(scheme, terms, inputs, city, level)
        fund = (counted - deductible) * value(rate_rule)
        formula = f"({yuan(counted)} − 起付线{yuan(deductible)}) × {pct(value(rate_rule))}" if deductible else \
            f"{yuan(counted)} × {pct(value(rate_rule))}"
        result.step(f"{label}政策范围内费用{yuan(visit.amount)}", formula, fund, rate_rule)
        fund_total += _capped(fund, caps, result, prefix=label)
    return fund_total


def _as_inpatient(city_rules: CityRules, rule: Param[bool], inputs: ChronicInput, amount: Decimal,
                  result: Result) -> Decimal:
    """The year's compliant cost priced as one stay at the hospital's level (its inpatient deductible once,
    its inpatient rates and the inpatient fund cap), the stay's steps shown."""
    levels = {v.level or inputs.level for v in inputs.visits} if inputs.visits else {inputs.level}
    if len(levels) > 1:
        raise InputError("visits", f"{city_rules.city}{inputs.scheme}按住院比例报销，各次就诊须在同一级别医院，"
                         "不同级别请分别计算")
    level = levels.pop()
    result.step("政策范围内费用", yuan(amount), amount)
    result.step("按住院比例报销", f"{yuan(amount)}按{level or ''}医院住院起付线和比例计算，一年付一次起付线",
                None, rule)
    stay = inpatient.calculate(city_rules, inpatient.InpatientInput(
        city=inputs.city, date=inputs.date, person=inputs.person, level=level, grade=inputs.grade,
        tier=inputs.tier, cost=amount))
    for step in stay.steps:
        if step.amount is not None and step.label not in ("统筹基金支付合计", "个人负担的合规费用"):
            result.steps.append(step)
    return Decimal(str(stay.total))
