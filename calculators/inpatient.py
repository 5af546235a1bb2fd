"""Inpatient reimbursement (住院) by the resident scheme's pooled fund, for one or more stays.

Per stay, in order: out-of-area self-pay share (转外先行自付) → 乙类 self-pay share → deductible
(起付线, per stay) → rate bands over the stay's remaining compliant cost (by hospital class,
person type, care area, special disease) → the annual cap shared by all stays of the year.
Every figure comes from the `inpatient` section of `corpus/rules/<city>.yaml`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from calculators.bands import Band, adjust_rates, check_bands, pay_bands, split_band
from calculators.errors import InputError
from calculators.registry import CalcInput, register
from calculators.result import Result, fmt_money, fmt_rate, money
from calculators.rules import CityRules, Money, Param, Rate
from calculators.vocab import (
    CareArea,
    HospitalGrade,
    HospitalLevel,
    HospitalTier,
    PersonType,
    SpecialGroup,
)

ZERO = Decimal(0)
MAX_COST = Decimal(100_000_000)  # 1亿元: above this an amount is a typing error, not a hospital bill
Disease = Literal["肺结核", "精神病"]


# ------------------------------------------------------------------------------------------
# Rules data


class HighCost(BaseModel):
    above: Decimal
    rate: Decimal
    mode: Literal["set", "at_least"]  # the rate above `above` is `rate`, or raised to at least it


class ClassRule(BaseModel):
    """A hospital class (医院级别/收费类别): who belongs to it, its deductible and rate bands."""

    model_config = ConfigDict(extra="forbid")

    match: list[dict[str, str]] = []  # patterns over level/grade/tier; [] = reached only via an area
    deductible: Money
    student_deductible: Money | None = None
    rates: Param[list[Band]]
    minor_rates: Param[list[Band]] | None = None  # explicit rates for 未成年居民 and 在校学生

    @field_validator("rates", "minor_rates")
    @classmethod
    def _bands_ordered(cls, v: Param[list[Band]] | None) -> Param[list[Band]] | None:
        if v is not None:
            check_bands(v.value)
        return v


class AreaRule(BaseModel):
    """How care outside the city changes the stay's figures."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    rule: Param[str] | None = None  # what the document says when it changes nothing
    class_name: str | None = Field(default=None, alias="class")
    deductible: Money | None = None
    rate_delta: Rate | None = None
    fixed_rate: Rate | None = None
    self_pay_share: Rate | None = None
    # what the documents further say of the area that no calculation input decides (长春: a stay that
    # should have been settled directly but was not is paid 10 points lower); stated, never computed
    provisos: list[Param[str]] = []


class SpecialDiseaseRule(BaseModel):
    model_config = ConfigDict(extra="forbid")

    deductible: Money
    rate: Rate
    areas: list[str]


class DaySurgeryRule(BaseModel):
    """日间手术: paid as a hospital stay without a deductible; at its own rate by level where the city
    sets one, else at the stay's rates."""

    model_config = ConfigDict(extra="forbid")

    deductible: Money
    rates: Param[dict[str, Decimal]] | None = None  # by hospital level (一级/二级/三级)


class InpatientRules(BaseModel):
    model_config = ConfigDict(extra="forbid")

    classes: dict[str, ClassRule]
    areas: dict[str, AreaRule]
    class_b_share: Rate | None = None
    minor_uplift: Rate | None = None
    minor_high_cost: Param[HighCost] | None = None
    special_diseases: dict[str, SpecialDiseaseRule] = {}
    no_deductible_groups: Param[list[str]] | None = None
    student_deductible_note: Param[str] | None = None
    cap: Money
    cap_basis: Param[Literal["payment", "compliant_cost"]]
    deductible_per_stay: Param[bool]
    day_surgery: DaySurgeryRule | None = None
    emergency_as_inpatient: Param[bool] | None = None  # 急诊抢救 not followed by admission paid as a stay
    emergency_with_stay: Param[bool] | None = None  # 急诊抢救 followed by admission: its cost added to the stay's


# ------------------------------------------------------------------------------------------
# Inputs


class Stay(BaseModel):
    """One hospital stay (一次住院)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    level: HospitalLevel | None = Field(default=None, description="医院级别（一级/二级/三级；乡镇卫生院、社区卫生服务中心按一级）")
    grade: HospitalGrade | None = Field(default=None, description="医院等次（甲等/乙等；长治按收费类别时需要）")
    tier: HospitalTier | None = Field(default=None, description="医院隶属（省级/市级/县区级；长春三级医院、长治二类收费医院需要）")
    area: CareArea = Field(default="市内", description="就医地：市内、转诊、异地安置、异地急诊、未备案、省内异地、省外")
    cost: Decimal = Field(ge=0, le=MAX_COST, description="本次住院的合规医疗费用（元，政策范围内，含甲类和乙类）")
    class_b_cost: Decimal = Field(default=ZERO, ge=0, le=MAX_COST, description="其中乙类药品和诊疗项目费用（元）")
    disease: Disease | None = Field(default=None, description="特殊病种（连云港：肺结核、精神病住院不设起付线）")
    day_surgery: bool = Field(default=False, description="是否为日间手术（48小时内出院，按住院结算）")

    @model_validator(mode="after")
    def _class_b_within_cost(self) -> Stay:
        if self.class_b_cost > self.cost:
            raise InputError("class_b_cost", f"乙类费用（{fmt_money(self.class_b_cost)}元）不能大于合规医疗费用（{fmt_money(self.cost)}元）")
        return self


class InpatientInput(CalcInput):
    """One stay given by its fields, or several stays of the same year in `stays`."""

    person: PersonType = Field(default="成年居民", description="参保人员类别：成年居民、未成年居民、在校学生")
    group: SpecialGroup = Field(default="普通", description="特殊人群（特困人员、低保对象等；普通居民填“普通”）")
    level: HospitalLevel | None = Field(default=None, description="医院级别（一级/二级/三级；乡镇卫生院、社区卫生服务中心按一级）")
    grade: HospitalGrade | None = Field(default=None, description="医院等次（甲等/乙等；长治按收费类别时需要）")
    tier: HospitalTier | None = Field(default=None, description="医院隶属（省级/市级/县区级；长春三级医院、长治二类收费医院需要）")
    area: CareArea = Field(default="市内", description="就医地：市内、转诊、异地安置、异地急诊、未备案、省内异地、省外")
    cost: Decimal | None = Field(default=None, ge=0, le=MAX_COST, description="合规医疗费用（元，政策范围内，含甲类和乙类）")
    class_b_cost: Decimal = Field(default=ZERO, ge=0, le=MAX_COST, description="其中乙类药品和诊疗项目费用（元）")
    disease: Disease | None = Field(default=None, description="特殊病种（连云港：肺结核、精神病住院不设起付线）")
    stays: list[Stay] | None = Field(default=None, description="同一年内的多次住院（列表，每次含 level、cost 等）")
    day_surgery: bool = Field(default=False, description="是否为日间手术（48小时内出院，按住院结算）")
    emergency_rescue: bool = Field(
        default=False, description="是否为未转住院的急诊抢救费用（文件规定视同住院报销的城市适用）")
    emergency_before_stay: Decimal | None = Field(
        default=None, ge=0, le=MAX_COST,
        description="转为住院前的急诊抢救政策范围内费用（元；文件规定与住院费用合并计算的城市适用）")

    @model_validator(mode="after")
    def _one_or_many(self) -> InpatientInput:
        if self.stays is None and self.cost is None:
            raise InputError("cost", "合规医疗费用：必须填写")
        if self.stays is not None and self.cost is not None:
            raise InputError("stays", "多次住院请只填 stays，不要同时填单次的 cost")
        if self.stays is not None and not self.stays:
            raise InputError("stays", "至少要有一次住院")
        if self.emergency_before_stay is not None and self.stays is not None:
            raise InputError("emergency_before_stay", "转住院前的急诊抢救费用只能与单次住院的 cost 一起填写")
        if self.cost is not None and self.class_b_cost > self.cost:
            raise InputError("class_b_cost", f"乙类费用（{fmt_money(self.class_b_cost)}元）不能大于合规医疗费用（{fmt_money(self.cost)}元）")
        return self

    def all_stays(self) -> list[Stay]:
        if self.stays is not None:
            return list(self.stays)
        cost = (self.cost or ZERO) + (self.emergency_before_stay or ZERO)
        return [Stay(level=self.level, grade=self.grade, tier=self.tier, area=self.area,
                     cost=min(cost, MAX_COST), class_b_cost=self.class_b_cost, disease=self.disease,
                     day_surgery=self.day_surgery)]


# ------------------------------------------------------------------------------------------
# Calculation


def load_rules(rules: CityRules, on: Any) -> InpatientRules:
    return rules.in_force("inpatient", on, InpatientRules)  # type: ignore[return-value]


def choose_class(params: InpatientRules, stay: Stay, city: str) -> tuple[str, ClassRule]:
    """The hospital class of a stay: named by its care area, else matched by level/grade/tier."""
    area = params.areas.get(stay.area)
    if area is not None and area.class_name:
        return area.class_name, params.classes[area.class_name]
    given = {"level": stay.level, "grade": stay.grade, "tier": stay.tier}
    missing: set[str] = set()
    for name, rule in params.classes.items():
        for pattern in rule.match:
            if all(given.get(k) == v for k, v in pattern.items()):
                return name, rule
            if all(given.get(k) in (None, v) for k, v in pattern.items()):
                missing |= {k for k in pattern if given.get(k) is None}
    for field, label, accepted in (
        ("level", "医院级别", ["一级", "二级", "三级"]),
        ("grade", "医院等次", ["甲等", "乙等"]),
        ("tier", "医院隶属", ["省级", "市级", "县区级"]),
    ):
        if field in missing:
            raise InputError(field, f"{city}的住院待遇按{label}区分，请填写{label}", accepted=accepted)
    shown = "、".join(f"{k}={v}" for k, v in given.items() if v)
    raise InputError("level", f"{city}的住院待遇没有与“{shown or '未填写'}”对应的医院类别", accepted=list(params.classes))


def _rates_for(params: InpatientRules, rule: ClassRule, person: str, result: Result) -> tuple[list[Band], Param[Any]]:
    """The band table for this person, and the parameter to cite for it."""
    if person == "成年居民":
        return list(rule.rates.value), rule.rates
    if rule.minor_rates is not None:
        return list(rule.minor_rates.value), rule.minor_rates
    bands = list(rule.rates.value)
    cited: Param[Any] = rule.rates
    if params.minor_uplift is not None:
        uplift = params.minor_uplift.value
        bands = adjust_rates(bands, lambda r: r + uplift)
        result.step(f"{person}报销比例", f"成年居民比例 + {fmt_rate(uplift)}", None, rule=params.minor_uplift)
        cited = params.minor_uplift
    if params.minor_high_cost is not None:
        high = params.minor_high_cost.value
        if high.mode == "set":
            bands = split_band(bands, high.above, lambda r: high.rate)
        else:
            bands = split_band(bands, high.above, lambda r: max(r, high.rate))
        result.step(f"{person}高额费用段", f"{fmt_money(high.above)}元以上部分按{fmt_rate(high.rate)}"
                    + ("" if high.mode == "set" else "（原比例更高的不降低）"), None, rule=params.minor_high_cost)
    return bands, cited


def _stay(params: InpatientRules, inputs: InpatientInput, stay: Stay, n: int, room: Decimal,
          result: Result) -> tuple[Decimal, Decimal]:
    """Pay one stay. `room` is what the annual cap still allows (payment, or compliant cost).
    Returns (fund payment, compliant cost counted against a compliant-cost cap)."""
    tag = f"第{n}次住院" if inputs.stays is not None else "住院"
    city = inputs.city
    if stay.area not in params.areas:
        raise InputError("area", f"{city}的文件没有规定“{stay.area}”住院的待遇", accepted=list(params.areas))
    area = params.areas[stay.area]
    amount = stay.cost
    class_b = stay.class_b_cost
    result.step(f"{tag}合规医疗费用", f"{fmt_money(amount)}元（其中乙类{fmt_money(class_b)}元）", amount)

    if params.cap_basis.value == "compliant_cost" and amount > room:
        result.step(f"{tag}计入封顶线的费用", f"年度合规医疗费用封顶线尚余{fmt_money(room)}元", room, rule=params.cap)
        class_b = class_b * room / amount if amount else ZERO
        amount = room
    counted = amount

    disease = params.special_diseases.get(stay.disease) if stay.disease else None
    if stay.disease and (disease is None or stay.area not in disease.areas):
        result.caveats.append(f"{city}文件对“{stay.disease}”在此就医地住院没有特殊规定，按普通住院计算。")
        disease = None

    if area.self_pay_share is not None:
        share = amount * area.self_pay_share.value
        result.step(f"{tag}异地先行自付", f"{fmt_money(amount)} × {fmt_rate(area.self_pay_share.value)}", share,
                    rule=area.self_pay_share)
        amount -= share
        class_b -= class_b * area.self_pay_share.value
    if params.class_b_share is not None and class_b > 0:
        share = class_b * params.class_b_share.value
        result.step(f"{tag}乙类先行自付", f"{fmt_money(class_b)} × {fmt_rate(params.class_b_share.value)}", share,
                    rule=params.class_b_share)
        amount -= share
    elif class_b > 0 and params.class_b_share is None:
        result.caveats.append(f"{city}文件未规定乙类先行自付比例，乙类费用与甲类同样计算。")

    if disease is not None:
        deductible, ded_rule = disease.deductible.value, disease.deductible
        bands = [Band(upto=None, rate=disease.rate.value)]
        rate_rule: Param[Any] = disease.rate
        class_label = stay.disease
    else:
        class_label, rule = choose_class(params, stay, city)
        deductible, ded_rule = rule.deductible.value, rule.deductible
        if inputs.person == "在校学生" and rule.student_deductible is not None:
            deductible, ded_rule = rule.student_deductible.value, rule.student_deductible
            if params.student_deductible_note is not None:
                result.step(f"{tag}学生起付线", "在校学生按学生起付线", None, rule=params.student_deductible_note)
        if area.deductible is not None:
            deductible, ded_rule = area.deductible.value, area.deductible
        if params.no_deductible_groups and inputs.group in params.no_deductible_groups.value:
            deductible, ded_rule = ZERO, params.no_deductible_groups
        bands, rate_rule = _rates_for(params, rule, inputs.person, result)
        if area.fixed_rate is not None:
            bands, rate_rule = [Band(upto=None, rate=area.fixed_rate.value)], area.fixed_rate
        elif area.rate_delta is not None:
            delta = area.rate_delta.value
            bands = adjust_rates(bands, lambda r: r + delta)
            result.step(f"{tag}{stay.area}比例调整",
                        "比例不变" if delta == 0 else f"各段比例{'+' if delta > 0 else '−'}{fmt_rate(abs(delta))}",
                        None, rule=area.rate_delta)
        elif area.rule is not None and not area.class_name:
            result.step(f"{tag}就医地", stay.area, None, rule=area.rule)
        elif area.rule is not None:
            result.step(f"{tag}就医地", f"{stay.area}：按{class_label}标准", None, rule=area.rule)

    if stay.day_surgery:
        surgery = params.day_surgery
        if surgery is None:
            raise InputError("day_surgery", f"{city}的政策文件没有给出日间手术的结算办法")
        deductible, ded_rule, class_label = surgery.deductible.value, surgery.deductible, f"{class_label}日间手术"
        if surgery.rates is not None:
            level_rate = surgery.rates.value.get(stay.level or "")
            if level_rate is None:
                raise InputError("level", f"{city}日间手术按医院级别支付，请填写医院级别",
                                 accepted=list(surgery.rates.value))
            bands, rate_rule = [Band(upto=None, rate=level_rate)], surgery.rates
    result.step(f"{tag}起付线（{class_label}）", f"{fmt_money(deductible)}元由个人负担",
                min(deductible, amount), rule=ded_rule)
    paid = ZERO
    if amount > deductible:
        paid = pay_bands(result, deductible, amount, bands, label=f"{tag}统筹支付", rule=rate_rule, start=deductible)
    if params.cap_basis.value == "payment" and paid > room:
        result.step(f"{tag}年度最高支付限额", f"统筹基金年度限额尚余{fmt_money(room)}元", room, rule=params.cap)
        paid = room
    return paid, counted


@register(
    "inpatient",
    "住院报销",
    "按参保城市的住院起付线、分段报销比例、乙类先行自付、异地就医和年度最高支付限额，计算居民医保统筹基金支付多少、个人负担多少",
    InpatientInput,
)
def calculate(rules: CityRules, inputs: InpatientInput) -> Result:
    params = load_rules(rules, inputs.on())
    result = Result.begin("inpatient", inputs)
    if inputs.emergency_rescue:
        rule = params.emergency_as_inpatient
        if rule is None or not rule.value:
            raise InputError("emergency_rescue", f"{inputs.city}的政策文件没有规定未转住院的急诊抢救费用按住院报销")
        result.step("急诊抢救未转住院", "政策范围内费用视同住院费用报销", None, rule=rule)
    if inputs.emergency_before_stay is not None:
        merged = params.emergency_with_stay
        if merged is None or not merged.value:
            raise InputError("emergency_before_stay",
                             f"{inputs.city}的政策文件没有规定急诊抢救转住院的费用与住院费用合并计算")
        rescue, stay_cost = inputs.emergency_before_stay, inputs.cost or ZERO
        result.step("急诊抢救费用并入住院",
                    f"急诊抢救{fmt_money(rescue)}元 + 住院{fmt_money(stay_cost)}元 = {fmt_money(rescue + stay_cost)}元",
                    rescue + stay_cost, rule=merged)
    stays = inputs.all_stays()
    room = params.cap.value
    total_paid = ZERO
    total_cost = ZERO
    per_stay = []
    for n, stay in enumerate(stays, start=1):
        paid, counted = _stay(params, inputs, stay, n, room, result)
        room -= paid if params.cap_basis.value == "payment" else counted
        total_paid += paid
        total_cost += stay.cost
        per_stay.append({"cost": stay.cost, "paid": paid, "personal": stay.cost - paid})
    if len(stays) > 1:
        result.step("多次住院起付线", f"{len(stays)}次住院各计起付线", None, rule=params.deductible_per_stay)
    personal = total_cost - total_paid
    result.step("统筹基金支付合计", " + ".join(fmt_money(s["paid"]) for s in per_stay), total_paid)
    result.step("个人负担的合规费用", f"{fmt_money(total_cost)} − {fmt_money(total_paid)}", personal)
    result.total = money(total_paid)
    result.details = {"reimbursed": total_paid, "personal": personal, "cost": total_cost, "stays": per_stay,
                      "cap": params.cap.value}
    result.summary = (f"{inputs.city}居民医保住院：合规医疗费用{fmt_money(total_cost)}元，"
                      f"统筹基金支付{fmt_money(total_paid)}元，个人负担{fmt_money(personal)}元。")
    return result

