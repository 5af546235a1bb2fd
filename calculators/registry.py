"""The calculators by name: each a pure function over rules data, with a pydantic input model.

The answering layer builds everything from this registry: langchain tools for a language model,
`POST /api/calc/{name}`, the web forms and `yibao calc NAME`. Input models describe every field
in Chinese (`Field(description=...)`) and restrict values with `Literal`/`Enum` so that the
accepted values can be listed to the user.

Bounds: every input model inherits `CalcInput`'s bounds on top of its own fields' explicit ones —
amounts finite and within ±`MAX_AMOUNT` yuan, whole numbers within ±`MAX_COUNT`, lists at most
`MAX_ITEMS` long, texts at most `MAX_TEXT_CHARS`, dates between `MIN_DATE` and `MAX_DATE` — so a
typing error or a hostile request is a Chinese `InputError`, never minutes of work or a crash.
"""

from __future__ import annotations

import datetime as dt
import enum
import logging
import typing
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from calculators.errors import InputError
from calculators.result import Result
from calculators.rules import CityRules, load_city_rules

City = Literal["连云港", "淮安", "长春", "长治", "随州"]

MAX_AMOUNT = Decimal(100_000_000)  # 1亿元: above this an amount is a typing error, not a bill
MAX_COUNT = 10_000  # days, months, years, people: explicit fields are bounded tighter
MAX_ITEMS = 400  # visits, stays, members
MAX_TEXT_CHARS = 200
MIN_DATE = dt.date(1990, 1, 1)
MAX_DATE = dt.date(2100, 12, 31)
DATE_RANGE_HELP = f"（{MIN_DATE.isoformat()} 至 {MAX_DATE.isoformat()}）"


class CalcInput(BaseModel):
    """Fields every calculator takes: the city, and the date whose rules apply."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    city: City = Field(description="参保城市")
    date: dt.date | None = Field(
        default=None, ge=MIN_DATE, le=MAX_DATE,
        description="按哪一天施行的政策计算（默认今天）；如就医日期、缴费日期",
    )

    @model_validator(mode="after")
    def _within_bounds(self) -> CalcInput:
        for name in type(self).model_fields:
            _check_bounds(name, getattr(self, name))
        return self

    def on(self) -> dt.date:
        """The date whose rules apply; `run` fills in today when none was given."""
        if self.date is None:
            raise InputError("date", "缺少计算日期")
        return self.date


def _check_bounds(field: str, value: Any) -> None:
    """An InputError naming `field` when `value` (or anything inside it) is out of the common bounds."""
    if isinstance(value, bool) or value is None:
        return
    if isinstance(value, Decimal | float):
        number = Decimal(str(value)) if isinstance(value, float) else value
        if not number.is_finite() or abs(number) > MAX_AMOUNT:
            raise InputError(field, f"{field}：数值超出可计算的范围（最多 {MAX_AMOUNT} 元）")
    elif isinstance(value, int):
        if abs(value) > MAX_COUNT:
            raise InputError(field, f"{field}：数值超出可计算的范围（最多 {MAX_COUNT}）")
    elif isinstance(value, str):
        if len(value) > MAX_TEXT_CHARS:
            raise InputError(field, f"{field}：文字太长（最多 {MAX_TEXT_CHARS} 个字）")
    elif isinstance(value, dt.date):
        if not MIN_DATE <= value <= MAX_DATE:
            raise InputError(field, f"{field}：日期超出可计算的范围{DATE_RANGE_HELP}")
    elif isinstance(value, list | tuple | set | frozenset):
        if len(value) > MAX_ITEMS:
            raise InputError(field, f"{field}：最多 {MAX_ITEMS} 项")
        for item in value:
            _check_bounds(field, item)
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            _check_bounds(field, getattr(value, name))


CalcFunction = Callable[[CityRules, Any], Result]


@dataclass(frozen=True)
class Calculator:
    name: str
    title: str  # Chinese, shown in forms and tool lists
    description: str  # Chinese: what it computes
    function: CalcFunction
    input_model: type[CalcInput]


REGISTRY: dict[str, Calculator] = {}


def register(name: str, title: str, description: str, input_model: type[CalcInput]):
    """Decorator adding a calculator function to the registry under `name`."""

    def wrap(function: CalcFunction) -> CalcFunction:
        if name in REGISTRY:
            raise ValueError(f"calculator {name!r} registered twice")
        REGISTRY[name] = Calculator(name, title, description, function, input_model)
        return function

    return wrap


def get_calculator(name: str) -> Calculator:
    _load_all()
    if name not in REGISTRY:
        raise InputError("name", f"没有名为“{name}”的计算器", accepted=sorted(REGISTRY))
    return REGISTRY[name]


def calculators() -> dict[str, Calculator]:
    _load_all()
    return dict(REGISTRY)


def parse_inputs(name: str, payload: dict[str, Any], today: dt.date | None = None) -> CalcInput:
    """Validate a payload into the calculator's input model; errors become a Chinese `InputError`."""
    model = get_calculator(name).input_model
    data = dict(payload)
    if data.get("date") in (None, ""):
        data["date"] = today or dt.date.today()
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise _input_error(model, exc) from exc
    except InputError:
        raise
    except (TypeError, ValueError, ArithmeticError) as exc:  # a validator met a value of the wrong shape
        raise InputError("input", "输入的格式不对，请检查各项的填写（列表、数字、日期）") from exc


def run(name: str, payload: dict[str, Any], today: dt.date | None = None) -> Result:
    """Validate the inputs, load the city's rules and run the calculator."""
    calc = get_calculator(name)
    if not isinstance(payload, dict):
        raise InputError("input", "计算器的输入必须是 JSON 对象（各项参数及其取值）")
    inputs = parse_inputs(name, payload, today)
    try:
        return calc.function(load_city_rules(inputs.city), inputs)
    except ArithmeticError as exc:  # bounded inputs should never get here; a resident still sees Chinese
        raise InputError("input", "输入的数值超出可计算的范围，请检查金额、天数等") from exc


def accepted_values(model: type[BaseModel], field: str) -> list[str] | None:
    """The values a field accepts when it is a Literal or an Enum (optionally inside Optional)."""
    info = model.model_fields.get(field)
    if info is None:
        return None
    annotation = info.annotation
    candidates = [annotation, *typing.get_args(annotation)]
    for candidate in candidates:
        if typing.get_origin(candidate) is typing.Annotated:  # e.g. Optional[Annotated[Literal, ...]]
            candidate = typing.get_args(candidate)[0]
        if typing.get_origin(candidate) is Literal:
            return [str(v) for v in typing.get_args(candidate)]
        if isinstance(candidate, type) and issubclass(candidate, enum.Enum):
            return [str(m.value) for m in candidate]
    return None


_PROBLEMS = {
    "missing": "必须填写",
    "literal_error": "取值无效",
    "enum": "取值无效",
    "greater_than": "必须大于{gt}",
    "greater_than_equal": "不能小于{ge}",
    "less_than": "必须小于{lt}",
    "less_than_equal": "不能大于{le}",
    "decimal_parsing": "必须是数字",
    "float_parsing": "必须是数字",
    "int_parsing": "必须是整数",
    "date_from_datetime_parsing": "必须是日期（如2026-03-01）",
    "date_parsing": "必须是日期（如2026-03-01）",
    "list_type": "必须是列表",
    "too_long": "项数太多",
    "string_too_long": "太长",
    "decimal_max_digits": "数字位数太多",
    "finite_number": "必须是有限的数字",
    "extra_forbidden": "不是这个计算器的参数",
    # wrong JSON types and unparsable values, by class of pydantic error type
    "decimal_type": "应为数字金额（元）",
    "float_type": "应为数字",
    "int_type": "应为整数",
    "int_from_float": "应为整数，如 2026",
    "bool_type": "请填写“是”或“否”",
    "bool_parsing": "请填写“是”或“否”",
    "date_type": "日期应写成 2026-01-01 这样的格式",
    "date_from_datetime_inexact": "日期应写成 2026-01-01 这样的格式",
    "string_type": "应为文字",
    "model_type": "填写的格式不对",
    "dict_type": "填写的格式不对",
    "too_short": "至少填写{min_length}项",
}
_FALLBACK = "填写的内容不符合要求"
_DATE_FORMAT = "日期应写成 2026-01-01 这样的格式"  # any other date or datetime error type
_log = logging.getLogger(__name__)


def _input_error(model: type[BaseModel], exc: ValidationError) -> InputError:
    err = exc.errors()[0]
    raised = (err.get("ctx") or {}).get("error")
    if isinstance(raised, InputError):  # raised by a model validator: already names field and values
        return raised
    field = str(err["loc"][0]) if err["loc"] else "input"
    info = model.model_fields.get(field)
    label = (info.description or field) if info else field
    template = _PROBLEMS.get(err["type"]) or (_DATE_FORMAT if err["type"].startswith("date") else "")
    _log.info("calculator input rejected: field=%s type=%s msg=%s", field, err["type"], err["msg"])
    try:
        problem = template.format(**(err.get("ctx") or {})) if template else _FALLBACK
    except (KeyError, IndexError):
        problem = _FALLBACK
    return InputError(field, f"{label}：{problem}", accepted=accepted_values(model, field))


def _load_all() -> None:
    """Import every calculator module so that its `@register` calls run."""
    import importlib
    import pkgutil

    import calculators

    for info in pkgutil.iter_modules(calculators.__path__):
        if info.name not in {"registry", "rules", "result", "errors"} and not info.name.startswith("_"):
            importlib.import_module(f"calculators.{info.name}")
