"""Individual contributions (个人缴费) to the resident scheme, per person or for a household.

For each member: the city's yearly standard for the person's category (adult, minor, school
pupil, college student), less the state's subsidy for the groups the member belongs to. A
subsidy is a share of the standard (随州 低保 90%, full subsidy 100%) or an amount fixed by year
(随州 脱贫人口 phase-out). A member in several groups gets the highest subsidy, never the sum
(随州: "就高不就低 … 不得重复资助"). The contribution year picks the figures: each version of
the `contributions` rules section covers the contribution years it names.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal, get_args

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from calculators.errors import InputError
from calculators.registry import CalcInput, register
from calculators.result import Result, fmt_money, fmt_rate, money
from calculators.rules import CityRules, Money, Param, Rate
from calculators.vocab import canonical

SECTION = "contributions"
ZERO = Decimal(0)

PersonCategoryName = Literal["成年居民", "未成年居民", "在校学生", "大中专学生"]
PERSON_CATEGORIES: tuple[str, ...] = get_args(PersonCategoryName)
PERSON_CATEGORY_ALIASES: dict[str, str] = {
    "adult": "成年居民", "成年人": "成年居民", "成人": "成年居民", "成年": "成年居民", "普通居民": "成年居民",
    "老人": "成年居民", "老年人": "成年居民", "elderly": "成年居民",
    "minor": "未成年居民", "child": "未成年居民", "未成年人": "未成年居民", "未成年": "未成年居民",
    "儿童": "未成年居民", "新生儿": "未成年居民",
    "student": "在校学生", "pupil": "在校学生", "学生": "在校学生", "中小学生": "在校学生", "幼儿园": "在校学生",
    "幼儿": "在校学生", "在校中小学生": "在校学生",
    "college": "大中专学生", "大学生": "大中专学生", "大中专": "大中专学生", "大中专院校学生": "大中专学生",
    "高校学生": "大中专学生", "职业院校学生": "大中专学生", "技工院校学生": "大中专学生",
}

GroupName = Literal[
    "特困人员", "孤儿", "优抚对象", "重度残疾人", "严重精神障碍患者", "计划生育特殊困难家庭",
    "低保对象", "返贫致贫人口", "脱贫不稳定人口", "边缘易致贫人口", "突发严重困难人口", "监测对象",
    "脱贫人口", "困境儿童", "精减退职职工", "特困职工", "低保边缘家庭成员", "支出型困难家庭大重病患者",
    "临时救助对象大重病患者", "其他特殊困难人员", "医疗救助对象", "易肇事肇祸严重精神障碍患者",
    "困难老年人", "原建档立卡低收入人口",
]
GROUPS: tuple[str, ...] = get_args(GroupName)
GROUP_ALIASES: dict[str, str] = {
    "特困": "特困人员", "五保": "特困人员", "特困供养人员": "特困人员", "城乡特困人员": "特困人员",
    "事实无人抚养儿童": "孤儿",
    "优抚人员": "优抚对象", "重点优抚对象": "优抚对象", "享受国家抚恤补助的优抚对象": "优抚对象",
    "残疾人": "重度残疾人", "重度残疾": "重度残疾人", "二级残疾人": "重度残疾人", "一级残疾人": "重度残疾人",
    "丧失劳动能力的残疾人": "重度残疾人", "丧失劳动能力的重度残疾人": "重度残疾人",
    "精神障碍患者": "严重精神障碍患者",
    "计生特困家庭": "计划生育特殊困难家庭", "计划生育特殊困难家庭成员": "计划生育特殊困难家庭",
    "低保": "低保对象", "低保户": "低保对象", "最低生活保障对象": "低保对象", "最低生活保障家庭成员": "低保对象",
    "返贫致贫": "返贫致贫人口",
    "脱贫不稳定户": "脱贫不稳定人口", "脱贫不稳定": "脱贫不稳定人口",
    "边缘易致贫户": "边缘易致贫人口", "边缘易致贫": "边缘易致贫人口",
    "突发严重困难户": "突发严重困难人口", "突发严重困难": "突发严重困难人口",
    "防返贫监测对象": "监测对象",
    "脱贫户": "脱贫人口", "脱贫": "脱贫人口",
    "低保边缘": "低保边缘家庭成员", "低保边缘家庭": "低保边缘家庭成员",
    "救助对象": "医疗救助对象",
    "建档立卡低收入人口": "原建档立卡低收入人口", "建档立卡": "原建档立卡低收入人口",
}

NONE_GROUP_WORDS = {"普通", "普通居民", "无", "none"}


def _person(value: Any) -> Any:
    value = canonical(PERSON_CATEGORY_ALIASES, value)
    if value is not None and value not in PERSON_CATEGORIES:
        raise PydanticCustomError(
            "contribution_person", "参保人员类别“{value}”无效（可选：{accepted}）",
            {"value": value, "accepted": "、".join(PERSON_CATEGORIES)},
        )
    return value


def _groups(value: Any) -> Any:
    if value is None:
        return []
    if isinstance(value, str):
        value = [v for v in value.replace("，", ",").replace("、", ",").split(",") if v.strip()]
    out = []
    for item in value:
        name = canonical(GROUP_ALIASES, item)
        if name in NONE_GROUP_WORDS:
            continue
        if name not in GROUPS:
            raise PydanticCustomError(
                "contribution_group", "资助参保人群“{value}”无效（可选：{accepted}）",
                {"value": name, "accepted": "、".join(GROUPS)},
            )
        out.append(name)
    return out


PersonCategory = Annotated[PersonCategoryName, BeforeValidator(_person)]
Group = Annotated[GroupName, BeforeValidator(lambda v: canonical(GROUP_ALIASES, v))]


class Member(BaseModel):
    """One person of the household."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    label: str | None = Field(default=None, description="称呼（如爷爷、女儿），只用于显示")
    person: PersonCategory | None = Field(default=None, description="参保人员类别")
    age: int | None = Field(default=None, ge=0, le=130, description="年龄（周岁；未填类别时据此区分成年、未成年）")
    groups: list[Group] = Field(default_factory=list, description="所属资助参保人群（可多选）")

    @field_validator("groups", mode="before")
    @classmethod
    def _check_groups(cls, value: Any) -> Any:
        return _groups(value)

    def category(self) -> str:
        if self.person is not None:
            return self.person
        if self.age is not None:
            return "未成年居民" if self.age < 18 else "成年居民"
        return "成年居民"


class ContributionInput(CalcInput):
    year: int | None = Field(default=None, ge=2000, le=2100, description="缴费年度（缴费所享受待遇的年度；默认计算日期所在年）")
    members: list[Member] = Field(default_factory=list, max_length=30, description="家庭成员（每人一项；只算一人时可改填参保人员类别、年龄、资助人群）")
    person: PersonCategory | None = Field(default=None, description="参保人员类别（只算一人时）")
    age: int | None = Field(default=None, ge=0, le=130, description="年龄（周岁，只算一人时）")
    groups: list[Group] = Field(default_factory=list, description="所属资助参保人群（只算一人时，可多选）")

    @field_validator("groups", mode="before")
    @classmethod
    def _check_groups(cls, value: Any) -> Any:
        return _groups(value)

    @model_validator(mode="after")
    def _one_or_many(self) -> ContributionInput:
        if self.members and (self.person is not None or self.age is not None or self.groups):
            raise ValueError("members 与 person/age/groups 只能二选一")
        return self

    def household(self) -> list[Member]:
        return list(self.members) or [Member(person=self.person, age=self.age, groups=self.groups)]

    def contribution_year(self) -> int:
        return self.year if self.year is not None else self.on().year


class Subsidy(BaseModel):
    model_config = ConfigDict(extra="forbid")

    share: Rate | None = None  # share of the standard the state pays
    amount_by_year: dict[int, Money] | None = None  # fixed yuan per person, by contribution year
    unquantified: Param[str] | None = None  # the documents grant a subsidy without saying how much


class ContributionRules(BaseModel):
    model_config = ConfigDict(extra="forbid")

    standard: dict[str, Money]
    subsidies: dict[str, Subsidy] = {}
    highest_applies: Param[str] | None = None


@register(
    "contribution",
    "个人缴费",
    "按城市、缴费年度和人员类别计算城乡居民医保个人缴费（含困难人群资助），可按家庭成员逐人合计",
    ContributionInput,
)
def contribution(rules: CityRules, inputs: ContributionInput) -> Result:
    """The individual contribution of each member and of the household, for one contribution year."""
    year = inputs.contribution_year()
    params = rules_for_year(rules, year)
    members = inputs.household()
    result = Result.begin("contribution", inputs, unit="元/年")
    lines = []
    total = ZERO
    for i, member in enumerate(members):
        who = member.label or (f"第{i + 1}人" if len(members) > 1 else "本人")
        pay = _member(params, member, who, year, i if len(members) > 1 else None, result)
        lines.append({"label": who, "category": member.category(), "groups": list(member.groups), "pay": money(pay)})
        total += pay
    if len(members) > 1:
        result.step("个人缴费合计", " + ".join(fmt_money(line["pay"]) for line in lines), total)
    result.total = money(total)
    result.details = {"year": year, "members": lines}
    who = f"全家{len(members)}人" if len(members) > 1 else ""
    result.summary = f"{rules.city}{year}年度{who}城乡居民医保个人缴费{fmt_money(total)}元。"
    return result


def covered_years(rules: CityRules) -> list[int]:
    """The contribution years the city's documents give figures for."""
    years: set[int] = set()
    for version in rules.versions(SECTION):
        last = version.effective_to.year if version.effective_to else version.effective_from.year
        years.update(range(version.effective_from.year, last + 1))
    return sorted(years)


def rules_for_year(rules: CityRules, year: int) -> ContributionRules:
    if SECTION not in rules.sections:
        raise InputError("city", f"{rules.city}的政策文件没有给出城乡居民医保个人缴费标准", accepted=_cities_with_rules())
    years = covered_years(rules)
    if year not in years:
        raise InputError(
            "year", f"{rules.city}的政策文件没有{year}年度的个人缴费标准", accepted=[f"{y}年度" for y in years]
        )
    return rules.in_force(SECTION, dt.date(year, 1, 1), ContributionRules)  # type: ignore[return-value]


def _cities_with_rules() -> list[str]:
    from calculators.rules import load_city_rules
    from corpus.catalogue import CITIES

    return [c for c in CITIES if SECTION in load_city_rules(c).sections]


def _member(params: ContributionRules, member: Member, who: str, year: int, index: int | None,
            result: Result) -> Decimal:
    field = "members" if index is not None else "person"
    where = f"第{index + 1}位家庭成员的" if index is not None else ""
    category = member.category()
    if category not in params.standard:
        raise InputError(
            field, f"{where}{result.city}的政策文件没有给出“{category}”的缴费标准", accepted=list(params.standard)
        )
    standard = params.standard[category]
    result.step(f"{who}：{category}缴费标准", f"{fmt_money(standard.value)}元/年", standard.value, standard)
    best: tuple[Decimal, str, Param[Any] | None, str] | None = None
    for group in member.groups:
        if group not in params.subsidies:
            raise InputError(
                "groups" if index is None else field,
                f"{where}{result.city}的政策文件没有“{group}”的资助参保规定",
                accepted=list(params.subsidies),
            )
        amount, rule, formula = _subsidy(params.subsidies[group], group, standard.value, year, result.city)
        if best is None or amount > best[0]:
            best = (amount, group, rule, formula)
    if best is None:
        return standard.value
    amount, group, rule, formula = best
    if len(member.groups) > 1:
        others = "、".join(g for g in member.groups if g != group)
        rule_note = params.highest_applies
        result.step(f"{who}：同时属于多类资助人群", f"按资助最高的“{group}”计算，不重复资助（另属：{others}）",
                    None, rule_note)
    result.step(f"{who}：{group}资助", formula, amount, rule)
    pay = max(ZERO, standard.value - amount)
    result.step(f"{who}：个人实缴", f"{fmt_money(standard.value)} − {fmt_money(amount)}", pay)
    return pay


def _subsidy(rule: Subsidy, group: str, standard: Decimal, year: int, city: str
             ) -> tuple[Decimal, Param[Any] | None, str]:
    if rule.share is not None:
        amount = standard * rule.share.value
        label = "全额资助" if rule.share.value == 1 else f"按缴费标准{fmt_rate(rule.share.value)}资助"
        return amount, rule.share, f"{label}：{fmt_money(standard)} × {fmt_rate(rule.share.value)}"
    if rule.amount_by_year is not None:
        if year not in rule.amount_by_year:
            raise InputError(
                "year", f"{city}的政策文件没有{year}年度“{group}”的资助金额",
                accepted=[f"{y}年度" for y in sorted(rule.amount_by_year)],
            )
        fixed = rule.amount_by_year[year]
        amount = min(fixed.value, standard)
        text = f"{year}年度定额资助{fmt_money(fixed.value)}元" if fixed.value else f"{year}年度不再资助"
        return amount, fixed, text
    if rule.unquantified is not None:
        raise InputError("groups", f"{city}：{rule.unquantified.value}，无法计算个人缴费")
    raise InputError("groups", f"{city}的“{group}”资助规定不完整")
