"""Shared vocabulary of the calculators' inputs: hospital levels, person types, groups, care areas.

Every value is a `Literal` of Chinese names (what a resident reads and what the rules files use
as keys). Each type is `Annotated` with a validator that also accepts the aliases listed here
(English names for the command line and the API, and everyday Chinese names such as 乡镇卫生院),
so `level="level3"`, `level="三级医院"` and `level="三级"` all validate to `"三级"`.

`registry.accepted_values` sees through `Annotated` and lists the canonical Chinese values.
Use `canonical(alias_map, value)` to normalise a value outside pydantic.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Literal, get_args

from pydantic import BeforeValidator

# ---------------------------------------------------------------------------------------------
# Hospital level (医疗机构级别). 一级 covers 一级及以下: 乡镇卫生院, 社区卫生服务中心, 村卫生室.

HospitalLevelName = Literal["一级", "二级", "三级"]
HOSPITAL_LEVELS: tuple[str, ...] = get_args(HospitalLevelName)
HOSPITAL_LEVEL_ALIASES: dict[str, str] = {
    "level1": "一级", "1": "一级", "一级及以下": "一级", "一级医院": "一级", "一级定点": "一级",
    "基层": "一级", "乡镇卫生院": "一级", "社区卫生服务中心": "一级", "社区卫生服务站": "一级",
    "村卫生室": "一级", "社区": "一级",
    "level2": "二级", "2": "二级", "二级医院": "二级", "二级定点": "二级",
    "level3": "三级", "3": "三级", "三级医院": "三级", "三级定点": "三级",
}

# Grade within a level (等次), used where a city grades by it (长治: 三级甲等 = 一类收费标准).
HospitalGradeName = Literal["甲等", "乙等"]
HOSPITAL_GRADES: tuple[str, ...] = get_args(HospitalGradeName)
HOSPITAL_GRADE_ALIASES: dict[str, str] = {"甲": "甲等", "a": "甲等", "A": "甲等", "乙": "乙等", "b": "乙等", "B": "乙等"}

# Administrative tier of the hospital (医院隶属), used where a city grades by it
# (长春: 三级省级 / 三级市级 / 区级 / 社区; 长治: 县级 / 省、市级).
HospitalTierName = Literal["省级", "市级", "县区级"]
HOSPITAL_TIERS: tuple[str, ...] = get_args(HospitalTierName)
HOSPITAL_TIER_ALIASES: dict[str, str] = {
    "province": "省级", "provincial": "省级", "省": "省级", "省及省以上": "省级",
    "city": "市级", "municipal": "市级", "市": "市级",
    "county": "县区级", "district": "县区级", "县级": "县区级", "区级": "县区级", "县": "县区级", "区": "县区级",
}

# ---------------------------------------------------------------------------------------------
# Person type (参保人员类别) for benefit rates.

PersonTypeName = Literal["成年居民", "未成年居民", "在校学生"]
PERSON_TYPES: tuple[str, ...] = get_args(PersonTypeName)
PERSON_TYPE_ALIASES: dict[str, str] = {
    "adult": "成年居民", "成年人": "成年居民", "成人": "成年居民", "成年": "成年居民",
    "minor": "未成年居民", "child": "未成年居民", "未成年人": "未成年居民", "未成年": "未成年居民",
    "儿童": "未成年居民",
    "student": "在校学生", "学生": "在校学生", "大学生": "在校学生", "中小学生": "在校学生",
}

# ---------------------------------------------------------------------------------------------
# Special group (困难群体 / 医疗救助对象) for 大病保险 tilts and medical assistance.
# "普通" = none. Each city's rules say which of these a provision covers.

SpecialGroupName = Literal[
    "普通",
    "特困人员",
    "孤儿",
    "低保对象",
    "低保边缘家庭成员",
    "返贫致贫人口",
    "易返贫致贫人口",
    "脱贫人口",
    "监测对象",
    "因病致贫重病患者",
    "医疗救助对象",
    "丧失劳动能力的残疾人",
    "严重精神障碍患者",
    "计划生育特殊困难家庭",
]
SPECIAL_GROUPS: tuple[str, ...] = get_args(SpecialGroupName)
SPECIAL_GROUP_ALIASES: dict[str, str] = {
    "none": "普通", "ordinary": "普通", "普通居民": "普通", "普通参保人员": "普通", "一般": "普通",
    "destitute": "特困人员", "特困": "特困人员", "特困供养人员": "特困人员", "五保": "特困人员",
    "orphan": "孤儿", "事实无人抚养儿童": "孤儿",
    "dibao": "低保对象", "低保": "低保对象", "最低生活保障对象": "低保对象",
    "near_dibao": "低保边缘家庭成员", "低保边缘": "低保边缘家庭成员", "低保边缘家庭": "低保边缘家庭成员",
    "returned_poor": "返贫致贫人口", "返贫致贫": "返贫致贫人口",
    "at_risk_poor": "易返贫致贫人口", "易返贫致贫": "易返贫致贫人口",
    "lifted_poor": "脱贫人口", "脱贫": "脱贫人口", "脱贫不稳定人口": "监测对象", "脱贫不稳定户": "监测对象",
    "monitored": "监测对象", "边缘易致贫户": "监测对象", "突发严重困难户": "监测对象",
    "illness_poor": "因病致贫重病患者",
    "assistance": "医疗救助对象", "救助对象": "医疗救助对象",
    "disabled": "丧失劳动能力的残疾人", "残疾人": "丧失劳动能力的残疾人",
    "mental_illness": "严重精神障碍患者", "严重精神障碍": "严重精神障碍患者",
    "family_planning_hardship": "计划生育特殊困难家庭", "计生特殊家庭": "计划生育特殊困难家庭",
}

# ---------------------------------------------------------------------------------------------
# Where the care took place, relative to the insured area (就医地).

CareAreaName = Literal["市内", "转诊", "异地安置", "异地急诊", "未备案", "省内异地", "省外"]
CARE_AREAS: tuple[str, ...] = get_args(CareAreaName)
CARE_AREA_ALIASES: dict[str, str] = {
    "local": "市内", "统筹区内": "市内", "本市": "市内", "市域内": "市内", "in_city": "市内",
    "referred": "转诊", "转外": "转诊", "市外转诊": "转诊", "转外就医": "转诊", "备案转诊": "转诊",
    "resident_elsewhere": "异地安置", "长期居外": "异地安置", "异地长期居住": "异地安置",
    "常驻异地工作": "异地安置", "异地安置退休": "异地安置", "备案地就医": "异地安置",
    "emergency": "异地急诊", "急诊抢救": "异地急诊", "异地急诊抢救": "异地急诊",
    "unregistered": "未备案", "未转诊": "未备案", "临时外出": "未备案", "其他临时外出就医": "未备案",
    "in_province": "省内异地", "省内": "省内异地",
    "out_of_province": "省外", "外省": "省外",
}


def canonical(aliases: Mapping[str, str], value: Any) -> Any:
    """The canonical name of `value` if it is a known alias, else `value` unchanged (then validated)."""
    if isinstance(value, str):
        stripped = value.strip()
        return aliases.get(stripped, aliases.get(stripped.lower(), stripped))
    return value


def _aliased(aliases: Mapping[str, str]) -> BeforeValidator:
    return BeforeValidator(lambda value: canonical(aliases, value))


HospitalLevel = Annotated[HospitalLevelName, _aliased(HOSPITAL_LEVEL_ALIASES)]
HospitalGrade = Annotated[HospitalGradeName, _aliased(HOSPITAL_GRADE_ALIASES)]
HospitalTier = Annotated[HospitalTierName, _aliased(HOSPITAL_TIER_ALIASES)]
PersonType = Annotated[PersonTypeName, _aliased(PERSON_TYPE_ALIASES)]
SpecialGroup = Annotated[SpecialGroupName, _aliased(SPECIAL_GROUP_ALIASES)]
CareArea = Annotated[CareAreaName, _aliased(CARE_AREA_ALIASES)]

# Every alias table by the canonical values it maps to (for listing accepted spellings).
ALIASES: dict[tuple[str, ...], dict[str, str]] = {
    HOSPITAL_LEVELS: HOSPITAL_LEVEL_ALIASES,
    HOSPITAL_GRADES: HOSPITAL_GRADE_ALIASES,
    HOSPITAL_TIERS: HOSPITAL_TIER_ALIASES,
    PERSON_TYPES: PERSON_TYPE_ALIASES,
    SPECIAL_GROUPS: SPECIAL_GROUP_ALIASES,
    CARE_AREAS: CARE_AREA_ALIASES,
}
