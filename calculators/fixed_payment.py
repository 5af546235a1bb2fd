"""定额治疗: treatments for which the resident pays one fixed amount a year (or a stay), whatever the bill.

Rules section `fixed_payment:` of a city (长春: 重特大疾病低自付 — 血液透析 800元 at a 市级 hospital,
600元 at a 区级 one, "参保患者一年只需支付一次定额"; 舒缓疗护 — 居民患者700元; 区属公立医院定额治疗 —
"一次住院只需支付1000元起付线，就可以实现一次住院治疗" at the five hospitals it names). Each scheme lists
the fixed amount by the hospital tier where it depends on it (or `不分级别`), the treatments it names an
amount for, whether the amount is paid once a year or once a stay (`per`), and the hospitals it is
practised in where the document names them. The total is the resident's own payment; the fund pays
the rest of the bill.
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

SECTION = "fixed_payment"
ANY_TIER = "不分级别"


class SchemeTerms(RulesModel):
    amounts: dict[str, Money]  # hospital tier (or 不分级别) -> the resident's fixed payment for the year
    treatment: str | None = None  # the one treatment the amounts are given for (血液透析), else any
    per: Param[Literal["year", "stay"]] | None = None  # the amount paid once a year (default) or once a stay
    hospitals: Param[list[str]] | None = None  # the hospitals practising the scheme, where the document names them


class FixedPaymentRules(RulesModel):
    schemes: dict[str, SchemeTerms]


class FixedPaymentInput(CalcInput):
    scheme: str = Field(description="定额治疗项目（长春：重特大疾病低自付、舒缓疗护）")
    hospital_tier: HospitalTier | None = Field(default=None, description="定点医疗机构级别：市级、县区级（按级别定额时）")
    treatment: str | None = Field(default=None, description="治疗项目（如血液透析），文件只为部分项目列出定额时填写")
    cost: Decimal | None = Field(default=None, ge=0, description="实际医疗费用合计，元（只用于说明，不影响定额）")
    stays: int = Field(default=1, ge=1, le=50, description="住院次数（按每次住院定额的项目；几个人时为合计次数）")
    persons: int = Field(default=1, ge=1, le=20, description="按定额支付的人数（几位家庭成员各自接受定额治疗时）")


@register("fixed_payment", "定额治疗个人支付",
          "计算按定额治疗（重特大疾病低自付、舒缓疗护）时参保居民一年个人需支付的定额", FixedPaymentInput)
def fixed_payment(city_rules: CityRules, inputs: FixedPaymentInput) -> Result:
    city = city_rules.city
    rules: FixedPaymentRules = city_rules.in_force(SECTION, inputs.on(), FixedPaymentRules)  # type: ignore[assignment]
    terms = rules.schemes.get(inputs.scheme)
    if terms is None:
        raise InputError("scheme", f"{city}的政策文件没有规定“{inputs.scheme}”的定额", accepted=list(rules.schemes))
    if terms.treatment is not None and inputs.treatment not in (None, terms.treatment):
        raise InputError("treatment", f"{city}的政策文件只列出{terms.treatment}的{inputs.scheme}定额",
                         accepted=[terms.treatment])
    if ANY_TIER in terms.amounts:
        rule = terms.amounts[ANY_TIER]
    elif inputs.hospital_tier is None or inputs.hospital_tier not in terms.amounts:
        raise InputError("hospital_tier", f"{city}{inputs.scheme}的定额按定点医疗机构级别确定",
                         accepted=list(terms.amounts))
    else:
        rule = terms.amounts[inputs.hospital_tier]
    result = Result.begin("fixed_payment", inputs)
    each = money(value(rule))
    what = inputs.scheme + (f"（{terms.treatment}）" if terms.treatment else "")
    where = "" if ANY_TIER in terms.amounts else f"{inputs.hospital_tier}定点医疗机构"
    per_stay = terms.per is not None and terms.per.value == "stay"
    if terms.hospitals is not None:
        result.step("定额治疗医院", "、".join(terms.hospitals.value), None, terms.hospitals)
    if inputs.cost is not None:
        result.step("医疗费用" if per_stay else "全年医疗费用", yuan(inputs.cost), inputs.cost)
    who = f"{inputs.persons}人" if inputs.persons > 1 else ""
    if per_stay:
        amount = money(each * inputs.stays)
        result.step(f"{what}个人定额", f"{who}每次住院只需支付{yuan(each)} × {inputs.stays}次", amount, rule)
        said = (f"{who}{inputs.stays}次住院个人共支付定额{yuan(amount)}" if inputs.stays > 1
                else f"一次住院个人只需支付定额{yuan(amount)}")
    elif inputs.persons > 1:  # each person pays the year's amount once
        amount = money(each * inputs.persons)
        result.step(f"{what}个人定额", f"{where}每人一年只需支付{yuan(each)} × {inputs.persons}人", amount, rule)
        said = f"{where}每人一年只需支付定额{yuan(each)}，{inputs.persons}人共{yuan(amount)}"
    else:
        amount = each
        result.step(f"{what}个人定额", f"{where}一年只需支付{yuan(amount)}", amount, rule)
        said = f"{where}个人一年只需支付定额{yuan(amount)}"
    fund = money(inputs.cost - amount) if inputs.cost is not None and inputs.cost > amount else None
    if fund is not None:
        result.step("医保支付", f"{yuan(inputs.cost)} − {yuan(amount)}", fund)
    result.total = amount
    result.details = {"self_pay": amount, **({"fund": fund} if fund is not None else {})}
    result.summary = f"{city}{what}：{said}，其余由医保按规定支付。"
    return result


