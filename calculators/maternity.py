"""生育: fixed or capped amounts the fund pays for a delivery, and the fixed prenatal-check amount.

Rules section `maternity:`: amounts by hospital level (or `不分级别`) and delivery type, whether an
amount is fixed (定额) or the most paid (限额: the compliant cost if lower), the prenatal-check
amount, the months of continuous insurance required, and whether deliveries are instead paid as
ordinary inpatient stays (连云港 from 2026) — then this calculator does not apply.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import Field

from calculators.errors import InputError
from calculators.outpatient_common import RulesModel, value, yuan
from calculators.registry import CalcInput, register
from calculators.result import Result, money
from calculators.rules import CityRules, Money, Param
from calculators.vocab import HospitalTier

SECTION = "maternity"
ANY_LEVEL = "不分级别"

Benefit = Literal["住院分娩", "产前检查"]
DeliveryType = Literal["顺产", "顺产伴侧切", "剖腹产", "剖腹产伴其他手术"]


class MaternityRules(RulesModel):
    delivery: dict[str, dict[str, Money]] = {}  # hospital tier (or 不分级别) -> delivery type -> amount
    delivery_basis: Param[Literal["fixed", "limit"]] | None = None
    delivery_as_inpatient: Param[bool] | None = None
    prenatal: Money | None = None
    prenatal_basis: Param[Literal["fixed", "limit"]] | None = None
    min_insured_months: Param[int] | None = None


class MaternityInput(CalcInput):
    benefit: Benefit = Field(default="住院分娩", description="待遇项目：住院分娩、产前检查")
    delivery_type: DeliveryType | None = Field(
        default=None, description="分娩方式：顺产、顺产伴侧切、剖腹产、剖腹产伴其他手术"
    )
    hospital_tier: HospitalTier | None = Field(default=None, description="分娩医院级别（长春）：省级、市级、县区级")
    amount: Decimal | None = Field(default=None, ge=0, description="实际发生的合规医疗费用，元（限额报销时需要）")
    insured_months: int | None = Field(default=None, ge=0, le=1200, description="已连续参保缴费月数（连云港须满12个月）")


def _pay(amount_rule: Money, basis: Param[Literal["fixed", "limit"]] | None, inputs: MaternityInput,
         label: str, result: Result) -> Decimal:
    amount = value(amount_rule)
    if basis is not None and basis.value == "limit":
        if inputs.amount is None:
            raise InputError("amount", f"{label}实行限额报销，请填写实际合规医疗费用")
        paid = min(inputs.amount, amount)
        result.step(f"{label}限额", f"限额{yuan(amount)}，实际费用{yuan(inputs.amount)}，按较低者支付", paid, amount_rule)
        result.step("限额报销", "按限额以内的实际费用报销", None, basis)
        return paid
    result.step(f"{label}定额", yuan(amount), amount, amount_rule)
    return amount


@register("maternity", "生育医疗待遇", "计算城乡居民住院分娩、产前检查的定额（限额）报销金额", MaternityInput)
def maternity(city_rules: CityRules, inputs: MaternityInput) -> Result:
    city = city_rules.city
    rules: MaternityRules = city_rules.in_force(SECTION, inputs.on(), MaternityRules)  # type: ignore[assignment]
    result = Result.begin("maternity", inputs)
    if rules.min_insured_months is not None and inputs.insured_months is not None:
        need = int(rules.min_insured_months.value)
        if inputs.insured_months < need:
            raise InputError("insured_months", f"{city}须连续参保缴费满{need}个月才能享受生育医疗待遇")
        result.step("参保条件", f"连续参保{inputs.insured_months}个月（须满{need}个月）", None, rules.min_insured_months)

    if inputs.benefit == "产前检查":
        if rules.prenatal is None:
            raise InputError("benefit", f"{city}的政策文件没有规定产前检查的定额报销标准",
                             accepted=["住院分娩"] if rules.delivery else None)
        paid = _pay(rules.prenatal, rules.prenatal_basis, inputs, "产前检查", result)
        what = "产前检查"
    else:
        if rules.delivery_as_inpatient is not None and rules.delivery_as_inpatient.value:
            raise InputError("benefit", f"{city}住院分娩费用按普通住院报销（剩余部分由财政补助），没有定额；"
                                        "请用住院报销计算", accepted=["产前检查"] if rules.prenatal else None)
        if not rules.delivery:
            raise InputError("benefit", f"{city}的政策文件没有规定住院分娩的定额报销标准",
                             accepted=["产前检查"] if rules.prenatal else None)
        if ANY_LEVEL in rules.delivery:
            by_type = rules.delivery[ANY_LEVEL]
        else:
            tiers = list(rules.delivery)
            if inputs.hospital_tier is None or inputs.hospital_tier not in rules.delivery:
                raise InputError("hospital_tier", f"{city}的生育定额按医院级别确定，文件只列出以下级别的标准",
                                 accepted=tiers)
            by_type = rules.delivery[inputs.hospital_tier]
        if inputs.delivery_type is None or inputs.delivery_type not in by_type:
            raise InputError("delivery_type", f"请填写分娩方式（{city}的文件列出的方式）", accepted=list(by_type))
        paid = _pay(by_type[inputs.delivery_type], rules.delivery_basis, inputs, inputs.delivery_type, result)
        what = f"住院分娩（{inputs.delivery_type}）"
    total = money(paid)
    result.step("医保支付合计", yuan(total), total)
    result.total = total
    result.details = {"fund": total}
    result.summary = f"{city}{what}：医保报销{yuan(total)}。"
    return result
