"""普通门诊统筹: what the pooled fund pays for ordinary outpatient visits in a year.

Rules section `outpatient:` of each city. The cities differ in every dimension, each a parameter:
which facilities are covered and on what terms (deductible, rate, daily limit of the fund's
payment), whether the annual cap limits the fund's payment or the compliant cost counted
(连云港: "合规费用在800元以内可以报销50%"), a family-doctor cap, a separate rate for 一般诊疗费 (淮安),
the share of 乙类 drugs paid first by the patient (长治), and prenatal visits outside the daily
limits (随州).

The order of a visit's calculation: 乙类 self-pay share, deductible (once a year, across visits),
rate, daily limit, annual cap.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from calculators.errors import InputError, RulesError
from calculators.outpatient_common import (
    FACILITY_HELP,
    ZERO,
    Facility,
    RulesModel,
    clamp,
    pct,
    value,
    yuan,
)
from calculators.registry import CalcInput, register
from calculators.result import Result, money
from calculators.rules import CityRules, Money, Param, Rate

SECTION = "outpatient"


class FacilityTerms(RulesModel):
    covered: Param[bool]
    deductible: Money | None = None  # overrides the section's
    rate: Rate | None = None  # overrides the section's
    daily_limit: Money | None = None  # most the fund pays per person per day at this kind of facility


class OutpatientRules(RulesModel):
    facilities: dict[str, FacilityTerms]
    deductible: Money
    rate: Rate | None = None
    general_fee_rate: Rate | None = None  # 一般诊疗费 (淮安)
    annual_cap: Money
    family_doctor_cap: Money | None = None
    cap_basis: Param[Literal["fund", "cost"]]
    class_b_self_pay: Rate | None = None  # 乙类 share paid by the patient first (长治)
    prenatal: Param[Literal["included", "any_level_no_daily_limit"]] | None = None
    designated_facility: Param[bool] | None = None  # 2017 连云港: one designated 基层 facility a year
    # percentage points off the home rate for visits on a temporary trip to another province (长治)
    cross_province_reduction: Rate | None = None


class OutpatientVisit(BaseModel):
    """One outpatient visit (or one day's visits at one facility)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    date: dt.date | None = Field(default=None, description="就诊日期（有每日支付限额的城市必填）")
    facility: Facility = Field(description=FACILITY_HELP)
    amount: Decimal = Field(ge=0, description="本次政策范围内（合规）门诊费用，元")
    general_fee_amount: Decimal = Field(
        default=ZERO, ge=0, description="其中一般诊疗费，元（淮安一般诊疗费报销比例不同）"
    )
    class_b_amount: Decimal = Field(default=ZERO, ge=0, description="其中乙类药品费用，元（长治乙类先自付5%）")
    prenatal: bool = Field(
        default=False, description="是否为产前检查、先兆流产、流产、引产的门诊费用（随州不受日限额和机构等级限制）"
    )


class OutpatientInput(CalcInput):
    visits: list[OutpatientVisit] = Field(
        default_factory=list, max_length=366, description="逐次就诊明细；不填时按下面的全年合计计算"
    )
    facility: Facility | None = Field(default=None, description=FACILITY_HELP + "（按全年合计计算时填写）")
    compliant_amount: Decimal | None = Field(
        default=None, ge=0, description="全年政策范围内（合规）普通门诊费用合计，元"
    )
    general_fee_amount: Decimal = Field(default=ZERO, ge=0, description="其中一般诊疗费，元")
    class_b_amount: Decimal = Field(default=ZERO, ge=0, description="其中乙类药品费用，元")
    days: int | None = Field(
        default=None, ge=1, le=366, description="就诊天数（不同日期数；随州按日限额计算时必填，按每天费用相同计算）"
    )
    prenatal: bool = Field(default=False, description="是否为产前检查、先兆流产、流产、引产的门诊费用")
    family_doctor: bool = Field(default=False, description="是否纳入家庭医生签约服务管理")
    cross_province_temporary: bool = Field(
        default=False, description="是否为跨省临时外出就医（长治在参保地相同级别比例基础上降低10个百分点）"
    )
    deductible_paid_before: Decimal = Field(
        default=ZERO, ge=0, description="本年度此前已自付的门诊统筹起付线金额，元（本年第一次使用填0）"
    )
    fund_paid_before: Decimal = Field(
        default=ZERO, ge=0, description="本年度此前门诊统筹基金已支付的金额，元"
    )


@dataclass
class _Line:
    """One visit computed: its parts in yuan before the daily and annual limits."""

    visit: OutpatientVisit
    terms: FacilityTerms | None
    class_b_own: Decimal  # 乙类 share paid first by the patient
    deductible: Decimal  # deductible paid at this visit
    general_base: Decimal  # 一般诊疗费 reimbursed at the general-fee rate
    other_base: Decimal  # the rest reimbursed at the facility's rate
    fund: Decimal


def _visits(inputs: OutpatientInput, rules: OutpatientRules) -> list[OutpatientVisit]:
    """The visits to compute: as given, or the yearly totals spread evenly over `days`."""
    if inputs.visits:
        if inputs.compliant_amount is not None:
            raise InputError("compliant_amount", "已填写逐次就诊明细时，不要再填写全年合计")
        return list(inputs.visits)
    if inputs.compliant_amount is None:
        raise InputError("compliant_amount", "请填写全年政策范围内门诊费用合计，或逐次就诊明细（visits）")
    if inputs.facility is None:
        raise InputError("facility", "请填写就诊机构", accepted=list(rules.facilities))
    has_daily_limit = any(t.daily_limit is not None for t in rules.facilities.values())
    if has_daily_limit and inputs.days is None and not inputs.prenatal:
        raise InputError("days", "该市门诊统筹有每日支付限额，请填写就诊天数（不同日期数）或逐次就诊明细")
    days = inputs.days or 1
    share = Decimal(days)
    return [
        OutpatientVisit(
            facility=inputs.facility,
            amount=inputs.compliant_amount / share,
            general_fee_amount=inputs.general_fee_amount / share,
            class_b_amount=inputs.class_b_amount / share,
            prenatal=inputs.prenatal,
            date=dt.date.min + dt.timedelta(days=i),  # distinct days; the date itself is not used
        )
        for i in range(days)
    ]


def _terms(visit: OutpatientVisit, field: str, rules: OutpatientRules, city: str) -> FacilityTerms | None:
    """The facility's terms; None for a prenatal visit that any facility may serve (随州)."""
    if visit.general_fee_amount + visit.class_b_amount > visit.amount:
        raise InputError(field, "一般诊疗费与乙类药品费用之和不能超过合规费用合计")
    if visit.prenatal:
        if rules.prenatal is None:
            raise InputError(
                "prenatal", f"{city}的政策文件没有把产前检查费用纳入普通门诊统筹计算（请查看生育待遇）"
            )
        if rules.prenatal.value == "any_level_no_daily_limit":
            return rules.facilities.get(visit.facility)
    terms = rules.facilities.get(visit.facility)
    if terms is None or not terms.covered.value:
        raise InputError(
            "facility",
            f"{city}普通门诊统筹只在以下定点机构报销，“{visit.facility}”的门诊费用统筹基金不支付",
            accepted=[k for k, t in rules.facilities.items() if t.covered.value],
        )
    return terms


def _deductible_rule(terms: FacilityTerms | None, rules: OutpatientRules) -> Param[Decimal]:
    return terms.deductible if terms is not None and terms.deductible is not None else rules.deductible


def _rate_rule(terms: FacilityTerms | None, rules: OutpatientRules, city: str) -> Param[Decimal]:
    rule = terms.rate if terms is not None and terms.rate is not None else rules.rate
    if rule is None:
        raise RulesError(f"corpus/rules/{city}.yaml", f"{SECTION}.rate", "no rate for this facility")
    return rule


def _reduction(rules: OutpatientRules, cross_province: bool) -> Decimal:
    """The percentage points taken off the facility's rate (a temporary visit in another province)."""
    return value(rules.cross_province_reduction) if cross_province and rules.cross_province_reduction else ZERO


def _compute_visit(visit: OutpatientVisit, terms: FacilityTerms | None, rules: OutpatientRules,
                   deductible_paid: Decimal, city: str, reduction: Decimal = ZERO) -> _Line:
    own = visit.class_b_amount * value(rules.class_b_self_pay)
    eligible = visit.amount - own
    deductible = min(clamp(value(_deductible_rule(terms, rules)) - deductible_paid), eligible)
    base = eligible - deductible
    general = min(visit.general_fee_amount, base) if rules.general_fee_rate is not None else ZERO
    other = base - general
    fund = (general * clamp(value(rules.general_fee_rate) - reduction)
            + other * clamp(value(_rate_rule(terms, rules, city)) - reduction))
    return _Line(visit, terms, own, deductible, general, other, fund)


@register(
    "outpatient_general",
    "普通门诊统筹",
    "计算城乡居民普通门诊统筹基金全年支付金额（起付线、报销比例、日限额、年度限额、家庭医生签约）",
    OutpatientInput,
)
def outpatient_general(city_rules: CityRules, inputs: OutpatientInput) -> Result:
    on = inputs.on()
    rules: OutpatientRules = city_rules.in_force(SECTION, on, OutpatientRules)  # type: ignore[assignment]
    city = city_rules.city
    result = Result.begin("outpatient_general", inputs)
    visits = _visits(inputs, rules)
    if inputs.visits and any(t.daily_limit is not None for t in rules.facilities.values()):
        missing = [i for i, v in enumerate(visits) if v.date is None and not v.prenatal]
        if missing:
            raise InputError(f"visits[{missing[0]}]", "该市门诊统筹有每日支付限额，请填写每次就诊的日期")

    deductible_paid = inputs.deductible_paid_before
    lines: list[_Line] = []
    uncovered = _uncovered_visits(inputs, rules)
    for index, visit in enumerate(visits):
        if index in uncovered:
            continue
        field = f"visits[{index}]" if inputs.visits else "general_fee_amount"
        line = _compute_visit(visit, _terms(visit, field, rules, city), rules, deductible_paid, city,
                              _reduction(rules, inputs.cross_province_temporary))
        deductible_paid += line.deductible
        lines.append(line)

    _record_uncovered([visits[i] for i in sorted(uncovered)], rules, result)
    _record_visits(lines, rules, result, city, _reduction(rules, inputs.cross_province_temporary))
    if inputs.cross_province_temporary and rules.cross_province_reduction is None:
        result.caveats.append(f"{city}的政策文件没有规定跨省临时外出普通门诊的比例调整，按参保地比例计算。")
    fund = _apply_daily_limits(lines, rules, result)
    fund = _apply_annual_cap(fund, inputs, rules, result)

    total_amount = sum((v.amount for v in visits), ZERO)
    total = money(fund)
    result.total = total
    result.details = {"compliant_amount": money(total_amount), "fund": total,
                      "self_pay": money(total_amount - fund)}
    result.summary = (
        f"{city}普通门诊统筹：政策范围内费用{yuan(total_amount)}，统筹基金支付{yuan(total)}，"
        f"个人负担{yuan(total_amount - total)}。"
    )
    if rules.designated_facility is not None and rules.designated_facility.value:
        result.caveats.append("须在本人选定的门诊统筹定点基层医疗机构就医。")
    return result


def _uncovered_visits(inputs: OutpatientInput, rules: OutpatientRules) -> set[int]:
    """The listed visits at a facility the scheme does not pay (an adult's visit to a 三级 hospital's
    clinic where only 基层 facilities are covered), when other listed visits are covered: those pay
    nothing and the others are computed. A single visit, or none covered, is an input error instead."""
    if len(inputs.visits) < 2:
        return set()

    def covered(visit: OutpatientVisit) -> bool:
        if visit.prenatal and rules.prenatal is not None and rules.prenatal.value == "any_level_no_daily_limit":
            return True
        terms = rules.facilities.get(visit.facility)
        return terms is not None and bool(terms.covered.value)

    out = {i for i, v in enumerate(inputs.visits) if not covered(v)}
    return out if len(out) < len(inputs.visits) else set()


def _record_uncovered(visits: list[OutpatientVisit], rules: OutpatientRules, result: Result) -> None:
    if not visits:
        return
    rule = next(t.covered for t in rules.facilities.values() if t.covered.value)
    by_place: dict[str, list[OutpatientVisit]] = defaultdict(list)
    for visit in visits:
        by_place[visit.facility].append(visit)
    for where, group in by_place.items():
        amount = sum((v.amount for v in group), ZERO)
        count = f"{len(group)}次，" if len(group) > 1 else ""
        result.step(f"{where}门诊费用", f"{count}合计{yuan(amount)}，不属于普通门诊统筹支付范围，基金不支付", ZERO, rule)


def _record_visits(lines: list[_Line], rules: OutpatientRules, result: Result, city: str,
                   reduction: Decimal = ZERO) -> None:
    """Steps summarising the visits by facility: 乙类 share, deductible, reimbursement."""
    groups: dict[str, list[_Line]] = defaultdict(list)
    for line in lines:
        groups[line.visit.facility + ("（产前检查等）" if line.visit.prenatal else "")].append(line)
    for where, group in groups.items():
        terms = group[0].terms
        count = f"{len(group)}次，" if len(group) > 1 else ""
        amount = sum((g.visit.amount for g in group), ZERO)
        result.step(f"{where}合规费用", f"{count}合计{yuan(amount)}", amount)
        own = sum((g.class_b_own for g in group), ZERO)
        if own > 0:
            class_b = sum((g.visit.class_b_amount for g in group), ZERO)
            result.step(f"{where}乙类药品先行自付", f"{yuan(class_b)} × {pct(value(rules.class_b_self_pay))}",
                        own, rules.class_b_self_pay)
        deductible_rule = _deductible_rule(terms, rules)
        deductible = sum((g.deductible for g in group), ZERO)
        if value(deductible_rule) > 0:
            result.step(f"{where}起付线", f"起付线{yuan(value(deductible_rule))}（每年一次），本次计入{yuan(deductible)}",
                        deductible, deductible_rule)
        else:
            result.step(f"{where}起付线", "不设起付线", ZERO, deductible_rule)
        general = sum((g.general_base for g in group), ZERO)
        if general > 0:
            general_rate = clamp(value(rules.general_fee_rate) - reduction)
            result.step(f"{where}一般诊疗费报销", f"{yuan(general)} × {pct(general_rate)}",
                        general * general_rate, rules.general_fee_rate)
        other = sum((g.other_base for g in group), ZERO)
        rate_rule = _rate_rule(terms, rules, city)
        if reduction > 0:
            reduced = clamp(value(rate_rule) - reduction)
            result.step(f"{where}跨省临时外出支付比例", f"{pct(value(rate_rule))}降低{pct(reduction).rstrip('%')}个百分点 = {pct(reduced)}", None,
                        rules.cross_province_reduction)
        else:
            reduced = value(rate_rule)
        label = "其他费用报销" if general > 0 else "报销"
        result.step(f"{where}{label}", f"{yuan(other)} × {pct(reduced)}", other * reduced, rate_rule)


def _apply_daily_limits(lines: list[_Line], rules: OutpatientRules, result: Result) -> Decimal:
    """Sum the visits' fund shares, capping each day's share at the facility's daily limit."""
    days: dict[tuple[object, object], Decimal] = defaultdict(lambda: ZERO)
    limits: dict[tuple[object, object], Param[Decimal]] = {}
    free = ZERO
    exempt = rules.prenatal is not None and rules.prenatal.value == "any_level_no_daily_limit"
    for line in lines:
        limit = line.terms.daily_limit if line.terms is not None else None
        if line.visit.prenatal and exempt:
            free += line.fund
            limit = None
        elif limit is None:
            free += line.fund
        else:
            key = (line.visit.date, line.visit.facility)
            days[key] += line.fund
            limits[key] = limit
    if exempt and any(line.visit.prenatal for line in lines):
        result.step("产前检查等费用", "不受日限额和医疗机构等级限制", None, rules.prenatal)
    total = free
    for key, fund in days.items():
        limit_rule = limits[key]
        capped = min(fund, value(limit_rule))
        total += capped
    over = {k: f for k, f in days.items() if f > value(limits[k])}
    if over:
        by_rule: dict[str, tuple[Param[Decimal], int]] = {}
        for key in over:
            rule = limits[key]
            name = str(key[1])
            by_rule[name] = (rule, by_rule.get(name, (rule, 0))[1] + 1)
        for name, (rule, count) in by_rule.items():
            result.step(f"{name}每日支付限额",
                        f"{count}天的基金支付超过每天{yuan(value(rule))}，按每天{yuan(value(rule))}计",
                        None, rule)
        result.step("按日限额后的基金支付", f"{yuan(sum(days.values(), ZERO) + free)} → {yuan(total)}", total)
    return total


def _apply_annual_cap(fund: Decimal, inputs: OutpatientInput, rules: OutpatientRules, result: Result) -> Decimal:
    cap_rule = rules.annual_cap
    if inputs.family_doctor:
        if rules.family_doctor_cap is not None:
            cap_rule = rules.family_doctor_cap
        else:
            result.caveats.append("该时期的政策文件没有规定家庭医生签约人员的单独限额，按普通限额计算。")
    cap = value(cap_rule)
    if rules.cap_basis.value == "cost":
        if rules.rate is None or rules.general_fee_rate is not None or any(
            t.rate is not None for t in rules.facilities.values()
        ):
            raise RulesError(f"corpus/rules/{result.city}.yaml", f"{SECTION}.cap_basis",
                             "a cap on the compliant cost needs one rate for every facility")
        rate = value(rules.rate)
        fund_cap = cap * rate
        result.step("年度封顶线（限定合规费用）",
                    f"封顶线{yuan(cap)}以内的合规费用按{pct(rate)}报销，基金全年最多支付"
                    f"{yuan(cap)} × {pct(rate)} = {yuan(fund_cap)}", fund_cap, cap_rule)
        result.step("封顶线的含义", "封顶线是可报销合规费用的上限", None, rules.cap_basis)
    else:
        fund_cap = cap
        result.step("年度基金支付限额", yuan(cap), cap, cap_rule)
    room = clamp(fund_cap - inputs.fund_paid_before)
    if inputs.fund_paid_before > 0:
        result.step("本年度剩余额度", f"{yuan(fund_cap)} − 已支付{yuan(inputs.fund_paid_before)}", room)
    if fund > room:
        result.step("受年度限额限制", f"按比例计算{yuan(fund)}，超过剩余额度，按{yuan(room)}支付", room, cap_rule)
        fund = room
    result.step("统筹基金支付合计", yuan(fund), fund)
    return fund
