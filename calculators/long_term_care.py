"""长期照护保险 (长春): what the care insurance pays for a stay in a designated care institution.

Rules section `long_term_care:`, one entry per care category: a rate (or a share of the 重度
rate), the daily cost it applies to (107元: 床位费、护理费、护理耗材费), or for the 85–90 year-olds
not fully disabled the bed fee only with a daily payment limit (25元).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import Field

from calculators.errors import InputError, RulesError
from calculators.outpatient_common import ZERO, RulesModel, pct, value, yuan
from calculators.registry import CalcInput, register
from calculators.result import Result, money
from calculators.rules import CityRules, Money, Param, Rate

SECTION = "long_term_care"

CareCategory = Literal["重度失能", "中度失能", "未完全失能（85至90周岁）", "90周岁以上部分失能或未失能"]


class CategoryTerms(RulesModel):
    rate: Rate | None = None
    share_of_base_rate: Rate | None = None  # e.g. 中度失能: 重度失能比例的70%
    daily_cost_limit: Money | None = None  # the daily cost the rate applies to
    daily_fund_limit: Money | None = None  # the most paid per day
    bed_fee_only: Param[bool] | None = None


class CareRules(RulesModel):
    base_category: str  # the category whose rate others are a share of
    categories: dict[str, CategoryTerms]


class CareInput(CalcInput):
    category: CareCategory = Field(
        description="失能等级：重度失能、中度失能、未完全失能（85至90周岁）、90周岁以上部分失能或未失能"
    )
    days: int = Field(ge=1, le=366, description="入住定点照护机构的天数")
    daily_cost: Decimal = Field(ge=0, description="每天的床位费、护理费、护理耗材费合计，元")
    daily_bed_fee: Decimal | None = Field(
        default=None, ge=0, description="其中每天床位费，元（未完全失能老人只报销床位费）"
    )


def _rate(rules: CareRules, terms: CategoryTerms, result: Result, city: str) -> Decimal:
    if terms.rate is not None:
        result.step("报销比例", pct(value(terms.rate)), value(terms.rate), terms.rate)
        return value(terms.rate)
    base = rules.categories.get(rules.base_category)
    if terms.share_of_base_rate is None or base is None or base.rate is None:
        raise RulesError(f"corpus/rules/{city}.yaml", f"{SECTION}.categories", "no rate for this category")
    rate = value(base.rate) * value(terms.share_of_base_rate)
    result.step("报销比例", f"{rules.base_category}比例{pct(value(base.rate))} × {pct(value(terms.share_of_base_rate))}"
                f" = {pct(rate)}", rate, terms.share_of_base_rate)
    return rate


@register(
    "long_term_care",
    "长期照护保险",
    "计算失能人员入住定点照护机构的照护保险支付金额（长春）",
    CareInput,
)
def long_term_care(city_rules: CityRules, inputs: CareInput) -> Result:
    city = city_rules.city
    rules: CareRules = city_rules.in_force(SECTION, inputs.on(), CareRules)  # type: ignore[assignment]
    if inputs.category not in rules.categories:
        raise InputError("category", f"{city}的政策文件没有规定“{inputs.category}”的照护保险待遇",
                         accepted=list(rules.categories))
    terms = rules.categories[inputs.category]
    result = Result.begin("long_term_care", inputs)
    rate = _rate(rules, terms, result, city)
    if terms.bed_fee_only is not None and terms.bed_fee_only.value:
        if inputs.daily_bed_fee is None:
            raise InputError("daily_bed_fee", f"{inputs.category}只报销床位费，请填写每天床位费")
        if inputs.daily_bed_fee > inputs.daily_cost:
            raise InputError("daily_bed_fee", "每天床位费不能超过每天费用合计")
        daily_base = inputs.daily_bed_fee
        result.step("只报销床位费", f"每天床位费{yuan(daily_base)}", daily_base, terms.bed_fee_only)
    else:
        daily_base = inputs.daily_cost
        result.step("每天床位费、护理费、护理耗材费", yuan(daily_base), daily_base)
    if terms.daily_cost_limit is not None and daily_base > value(terms.daily_cost_limit):
        limit = value(terms.daily_cost_limit)
        result.step("每日费用额度", f"超过每天{yuan(limit)}的部分不报销，按{yuan(limit)}计", limit, terms.daily_cost_limit)
        daily_base = limit
    daily_fund = daily_base * rate
    result.step("每天支付", f"{yuan(daily_base)} × {pct(rate)}", daily_fund)
    if terms.daily_fund_limit is not None and daily_fund > value(terms.daily_fund_limit):
        daily_fund = value(terms.daily_fund_limit)
        result.step("日均支付限额", f"每天最多支付{yuan(daily_fund)}", daily_fund, terms.daily_fund_limit)
    fund = daily_fund * inputs.days
    total = money(fund)
    result.step("照护保险支付合计", f"{yuan(daily_fund)} × {inputs.days}天", total)
    result.total = total
    cost = inputs.daily_cost * inputs.days
    result.details = {"cost": money(cost), "fund": total, "self_pay": money(max(cost - fund, ZERO))}
    result.summary = (f"{city}长期照护保险（{inputs.category}）：{inputs.days}天费用{yuan(cost)}，"
                      f"照护保险支付{yuan(total)}。")
    return result
