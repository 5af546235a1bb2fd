"""“两病”门诊用药: what the fund pays in a year for hypertension / diabetes outpatient medication.

Rules section `two_diseases:`. Parameters: deductible, one rate or a rate per drug class (长治:
甲类60%、乙类50%), annual caps by disease (or by number of diseases), which facilities are
covered (淮安: 基层定点医疗机构), whether the cap includes what 门诊统筹 already paid (随州), and
whether patients in the chronic-disease scheme are excluded.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import Field

from calculators.errors import InputError, RulesError
from calculators.outpatient_common import FACILITY_HELP, ZERO, Facility, RulesModel, clamp, pct, value, yuan
from calculators.registry import CalcInput, register
from calculators.result import Result, money
from calculators.rules import CityRules, Money, Param, Rate

SECTION = "two_diseases"

Diseases = Literal["高血压", "糖尿病", "高血压和糖尿病"]
DiabetesType = Literal["Ⅰ型糖尿病", "其他类型糖尿病"]


class TwoDiseasesRules(RulesModel):
    deductible: Money
    rate: Rate | None = None
    class_a_rate: Rate | None = None  # 甲类药品
    class_b_rate: Rate | None = None  # 乙类药品
    caps: dict[str, Money]  # 高血压 / 糖尿病 / Ⅰ型糖尿病 / 高血压和糖尿病
    combined_cap: Param[Literal["sum"]] | None = None  # both diseases, where no joint cap is given
    facilities: dict[str, Param[bool]] | None = None  # where the benefit is paid, when restricted
    includes_general_outpatient: Param[bool] | None = None  # the cap includes 门诊统筹's payments
    excludes_chronic_scheme: Param[bool] | None = None


class TwoDiseasesInput(CalcInput):
    diseases: Diseases = Field(description="已纳入“两病”保障的病种：高血压、糖尿病、高血压和糖尿病")
    diabetes_type: DiabetesType = Field(
        default="其他类型糖尿病", description="糖尿病类型（长治Ⅰ型糖尿病限额不同）：Ⅰ型糖尿病、其他类型糖尿病"
    )
    amount: Decimal = Field(ge=0, description="全年“两病”门诊用药政策范围内费用，元")
    class_b_amount: Decimal = Field(default=ZERO, ge=0, description="其中乙类药品费用，元（长治乙类报销比例不同）")
    facility: Facility | None = Field(default=None, description=FACILITY_HELP + "（淮安限基层定点医疗机构）")
    in_chronic_scheme: bool = Field(default=False, description="是否已纳入门诊慢特病保障")
    general_outpatient_paid: Decimal = Field(
        default=ZERO, ge=0, description="本年度普通门诊统筹基金已支付金额，元（随州“两病”限额包含门诊统筹）"
    )
    fund_paid_before: Decimal = Field(default=ZERO, ge=0, description="本年度此前“两病”用药基金已支付金额，元")


def _cap(rules: TwoDiseasesRules, inputs: TwoDiseasesInput, result: Result, city: str) -> Decimal:
    diabetes_key = "Ⅰ型糖尿病" if inputs.diabetes_type == "Ⅰ型糖尿病" and "Ⅰ型糖尿病" in rules.caps else "糖尿病"
    if inputs.diseases == "高血压和糖尿病" and "高血压和糖尿病" not in rules.caps:
        if rules.combined_cap is None:
            raise RulesError(f"corpus/rules/{city}.yaml", f"{SECTION}.caps", "no cap for both diseases")
        keys = ["高血压", diabetes_key]
    else:
        keys = [diabetes_key if inputs.diseases == "糖尿病" else inputs.diseases]
    missing = [k for k in keys if k not in rules.caps]
    if missing:
        raise RulesError(f"corpus/rules/{city}.yaml", f"{SECTION}.caps", f"no cap for {missing[0]}")
    total = ZERO
    for key in keys:
        cap = value(rules.caps[key])
        result.step(f"年度支付限额（{key}）", yuan(cap), cap, rules.caps[key])
        total += cap
    if len(keys) > 1:
        result.step("两病合计年度限额", " + ".join(yuan(value(rules.caps[k])) for k in keys) + f" = {yuan(total)}",
                    total, rules.combined_cap)
    return total


@register(
    "two_diseases",
    "“两病”门诊用药",
    "计算高血压、糖尿病（“两病”）门诊用药统筹基金全年支付金额",
    TwoDiseasesInput,
)
def two_diseases(city_rules: CityRules, inputs: TwoDiseasesInput) -> Result:
    city = city_rules.city
    rules: TwoDiseasesRules = city_rules.in_force(SECTION, inputs.on(), TwoDiseasesRules)  # type: ignore[assignment]
    result = Result.begin("two_diseases", inputs)
    if inputs.class_b_amount > inputs.amount:
        raise InputError("class_b_amount", "乙类药品费用不能超过政策范围内费用合计")
    if inputs.in_chronic_scheme and rules.excludes_chronic_scheme is not None and rules.excludes_chronic_scheme.value:
        raise InputError("in_chronic_scheme", f"{city}已纳入门诊慢特病保障的患者不再享受“两病”门诊用药待遇，"
                                              "请按门诊慢特病计算")
    if rules.facilities is not None:
        covered = [k for k, p in rules.facilities.items() if p.value]
        if inputs.facility is None:
            raise InputError("facility", f"{city}“两病”门诊用药限在基层定点医疗机构，请填写就诊机构", accepted=covered)
        if inputs.facility not in covered:
            raise InputError("facility", f"{city}“两病”门诊用药只在基层定点医疗机构报销，“{inputs.facility}”不在其列",
                             accepted=covered)
        result.step("就诊机构", f"{inputs.facility}（基层定点医疗机构）", None, rules.facilities[inputs.facility])

    deductible = value(rules.deductible)
    result.step("起付线", "不设起付线" if deductible == 0 else yuan(deductible), deductible, rules.deductible)
    class_b = inputs.class_b_amount
    class_a = inputs.amount - class_b
    if rules.class_a_rate is not None and rules.class_b_rate is not None:
        a_due = min(deductible, class_a)
        b_due = min(deductible - a_due, class_b)
        fund = (class_a - a_due) * value(rules.class_a_rate) + (class_b - b_due) * value(rules.class_b_rate)
        result.step("甲类药品报销", f"{yuan(class_a - a_due)} × {pct(value(rules.class_a_rate))}",
                    (class_a - a_due) * value(rules.class_a_rate), rules.class_a_rate)
        if class_b > 0:
            result.step("乙类药品报销", f"{yuan(class_b - b_due)} × {pct(value(rules.class_b_rate))}",
                        (class_b - b_due) * value(rules.class_b_rate), rules.class_b_rate)
    elif rules.rate is not None:
        base = clamp(inputs.amount - deductible)
        fund = base * value(rules.rate)
        result.step("按比例报销", f"{yuan(base)} × {pct(value(rules.rate))}", fund, rules.rate)
    else:
        raise RulesError(f"corpus/rules/{city}.yaml", f"{SECTION}.rate", "no rate")

    cap = _cap(rules, inputs, result, city)
    used = inputs.fund_paid_before
    if rules.includes_general_outpatient is not None and rules.includes_general_outpatient.value:
        used += inputs.general_outpatient_paid
        if inputs.general_outpatient_paid > 0:
            result.step("扣除本年度门诊统筹已支付", yuan(inputs.general_outpatient_paid), inputs.general_outpatient_paid,
                        rules.includes_general_outpatient)
    room = clamp(cap - used)
    if used > 0:
        result.step("本年度剩余额度", f"{yuan(cap)} − {yuan(used)}", room)
    if fund > room:
        result.step("受年度限额限制", f"按比例计算{yuan(fund)}，超过额度，按{yuan(room)}支付", room)
        fund = room
    total = money(fund)
    result.step("统筹基金支付合计", yuan(total), total)
    result.total = total
    result.details = {"amount": money(inputs.amount), "fund": total, "self_pay": money(inputs.amount - fund)}
    result.summary = (f"{city}“两病”门诊用药（{inputs.diseases}）：政策范围内费用{yuan(inputs.amount)}，"
                      f"统筹基金支付{yuan(total)}。")
    return result
