"""What the outpatient-family calculators share: facility and level vocabularies, small money helpers.

The facilities are named as residents know them, because the cities draw their lines differently
(长春 charges 社区卫生服务站 a 100元 deductible like a 社区卫生服务中心, 随州 gives it the 30元 daily
limit of a 卫生室). Each city's rules file says which facilities its benefit covers and on what terms.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict

from calculators.errors import InputError
from calculators.result import fmt_money, fmt_rate
from calculators.rules import Param
from calculators.vocab import HospitalLevel

Facility = Literal[
    "村卫生室", "社区卫生服务站", "社区卫生服务中心", "乡镇卫生院", "一级医院", "二级医院", "三级医院",
]
FACILITIES: tuple[str, ...] = get_args(Facility)
FACILITY_HELP = (
    "就诊机构：村卫生室、社区卫生服务站、社区卫生服务中心、乡镇卫生院、一级医院、二级医院、三级医院"
    "（区县医院一般为二级）"
)

HOSPITAL_LEVEL_HELP = "定点医疗机构级别：一级（含乡镇卫生院、社区卫生服务中心及以下）、二级、三级"

ZERO = Decimal(0)

__all__ = ["HospitalLevel"]  # re-exported: the shared vocabulary of hospital levels


class RulesModel(BaseModel):
    """Base of the section models: unknown keys in a rules file are an error, not silently ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def clamp(amount: Decimal) -> Decimal:
    """Never below zero."""
    return amount if amount > ZERO else ZERO


def yuan(amount: Decimal) -> str:
    """A money figure for a formula: `fmt_money` with the unit."""
    return f"{fmt_money(amount)}元"


def pct(rate: Decimal) -> str:
    return fmt_rate(rate)


def value(param: Param[Decimal] | None, default: Decimal = ZERO) -> Decimal:
    """The value of an optional parameter, as Decimal."""
    return default if param is None else Decimal(str(param.value))


def pick(options: dict[str, Param[Decimal]], key: str, field: str, what: str, city: str) -> Param[Decimal]:
    """The parameter for `key`, or an input error listing the keys the city's rules know."""
    if key not in options:
        raise InputError(field, f"{city}的政策文件没有规定{what}“{key}”的标准", accepted=list(options))
    return options[key]
