"""Calculator forms generated from the registry: one sub-tab per calculator, one input per model field.

Literal fields become drop-downs (optional ones start at “不填”), numbers number boxes, booleans
check boxes, dates text boxes (YYYY-MM-DD, empty = today), list fields a JSON box under “更多”.
The result shows the summary, the step table 步骤/计算/金额/依据 and the cited passages.
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
import logging
import types
import typing
from typing import Any

import gradio as gr
import pandas as pd
from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from bot.web.render import PAGE_ONLY, STEP_HEADERS, citations_html, escape_answer, step_rows
from calculators.errors import InputError, RulesError
from calculators.registry import Calculator, accepted_values, calculators
from calculators.registry import run as run_calculator

log = logging.getLogger("yibao.ui")

UNSET = "（不填）"
CALC_FAILED = "计算暂时出现问题，请稍后再试。"


def _unwrap(annotation: Any) -> list[Any]:
    """The non-None types of an annotation (Optional and Annotated removed)."""
    if typing.get_origin(annotation) is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        found: list[Any] = []
        for arg in typing.get_args(annotation):
            if arg is not type(None):
                found += _unwrap(arg)
        return found
    return [annotation]


def field_kind(model: type[BaseModel], name: str) -> str:
    """choice | multi | bool | number | date | text | json."""
    info = model.model_fields[name]
    kinds = _unwrap(info.annotation)
    base = kinds[0] if kinds else str
    if typing.get_origin(base) is list:
        item = _unwrap(typing.get_args(base)[0])[0] if typing.get_args(base) else str
        return "multi" if typing.get_origin(item) is typing.Literal else "json"
    if accepted_values(model, name):
        return "choice"
    if base is bool:
        return "bool"
    if base in (int, float, decimal.Decimal):
        return "number"
    if base is dt.date:
        return "date"
    return "text"


def _default(info: Any) -> Any:
    value = info.default
    if value is PydanticUndefined or value is None:
        return None
    if isinstance(value, decimal.Decimal):
        return float(value)
    return value


def split_label(description: str) -> tuple[str, str | None]:
    """A short label (up to the first bracket or colon) and the rest as the field's explanation."""
    for mark in ("（", "：", "；"):
        head, sep, tail = description.partition(mark)
        if sep and head:
            return head, (sep + tail if mark == "（" else tail) or None
    return description, None


def _component(model: type[BaseModel], name: str) -> gr.components.Component:
    info = model.model_fields[name]
    label, explanation = split_label(info.description or name)
    if info.is_required():
        label = f"{label}（必填）"
    kind = field_kind(model, name)
    default = _default(info)
    common = {"label": label, "info": explanation, "min_width": 220}
    if kind == "choice":
        values = accepted_values(model, name) or []
        choices = values if info.is_required() or default is not None else [UNSET, *values]
        value = str(default) if default is not None else (None if info.is_required() else UNSET)
        return gr.Dropdown(choices, value=value, **common)
    if kind == "multi":
        inner = typing.get_args(_unwrap(info.annotation)[0])[0]
        values = accepted_values(_Holder.for_type(inner), "value") or []
        return gr.Dropdown(values, value=[], multiselect=True, **common)
    if kind == "bool":
        return gr.Checkbox(value=bool(default), **common)
    if kind == "number" and default is not None:
        return gr.Number(value=default, minimum=0, **common)
    if kind == "number":  # no default: a blank box, so that “not given” is not sent as 0
        return gr.Textbox(value="", placeholder="必填" if info.is_required() else "可不填", **common)
    if kind == "date":
        return gr.Textbox(value="", placeholder="如 2026-03-01；不填按今天", **common)
    if kind == "json":
        return gr.Textbox(value="", lines=2, placeholder="JSON 列表，可不填", **common)
    return gr.Textbox(value="" if default is None else str(default), **common)


class _Holder:
    """Builds a one-field model to list the accepted values of a list item type."""

    @staticmethod
    def for_type(item: Any) -> type[BaseModel]:
        from pydantic import create_model

        return create_model("Item", value=(item, ...))


def payload_from(model: type[BaseModel], names: list[str], values: list[Any]) -> dict[str, Any]:
    """Form values as a calculator payload: blanks and “不填” left out, JSON lists parsed."""
    payload: dict[str, Any] = {}
    for name, value in zip(names, values, strict=True):
        kind = field_kind(model, name)
        if isinstance(value, str):
            value = value.strip()
        if value is None or value == "" or value == UNSET or (kind == "multi" and not value):
            continue
        if kind == "json":
            try:
                value = json.loads(value)
            except json.JSONDecodeError as exc:
                label = model.model_fields[name].description or name
                raise InputError(name, f"{label}：请填写 JSON 列表") from exc
        elif kind == "number" and isinstance(value, float) and value.is_integer():
            value = int(value)
        elif kind == "number" and isinstance(value, float):
            value = str(value)
        payload[name] = value
    return payload


def compute(calc: Calculator, names: list[str], values: list[Any]) -> tuple[str, Any, str]:
    """(markdown summary, step table update, citations HTML) for one form submission."""
    from bot.service import calculation_citations

    try:
        result = run_calculator(calc.name, payload_from(calc.input_model, names, values)).to_dict()
        citations = calculation_citations(result)
    except InputError as exc:
        listed = exc.accepted and "可选" not in exc.message
        accepted = f"（可选：{'、'.join(map(str, exc.accepted))}）" if listed else ""
        return escape_answer(f"输入有误：{exc.message}{accepted}"), gr.update(visible=False), ""
    except RulesError:
        log.exception("rules data error in calculator %s", calc.name)
        return escape_answer("计算规则数据有误，请联系维护人员。"), gr.update(visible=False), ""
    except Exception:
        log.exception("calculator %s failed", calc.name)
        return escape_answer(CALC_FAILED), gr.update(visible=False), ""
    lines = [f"**{result['summary']}**"]
    if result.get("caveats"):
        lines.append("说明：" + "".join(f"\n- {c}" for c in result["caveats"]))
    lines.append("以上为按政策文件测算的结果，实际以医保经办机构结算为准。")
    table = pd.DataFrame(step_rows(result, citations), columns=STEP_HEADERS)
    return escape_answer("\n\n".join(lines)), gr.update(value=table, visible=True), citations_html(citations)


FIRST_CALCULATOR = "inpatient"  # what residents ask most: shown first


def calculator_order() -> list[Calculator]:
    return sorted(calculators().values(), key=lambda c: (c.name != FIRST_CALCULATOR, c.name))


def build_calculator_tab() -> None:
    """One drop-down of calculators and the chosen one's form (a row of sub-tabs would hide most of
    them behind a menu on a phone)."""
    gr.Markdown("选择计算项目，填写情况后点击“计算”；每一步都注明依据的政策原文。")
    ordered = calculator_order()
    choice = gr.Dropdown([c.title for c in ordered], value=ordered[0].title, label="计算项目",
                         elem_id="yb-calc-choice")
    forms = []
    for index, calc in enumerate(ordered):
        with gr.Column(visible=index == 0, elem_id=f"yb-calc-form-{calc.name}") as form:
            _calculator_form(calc)
        forms.append(form)
    titles = [c.title for c in ordered]
    choice.change(lambda title: [gr.update(visible=t == title) for t in titles], choice, forms,
                  api_visibility=PAGE_ONLY)


def _calculator_form(calc: Calculator) -> None:
    model = calc.input_model
    gr.Markdown(escape_answer(calc.description))
    names = list(model.model_fields)
    main = [n for n in names if field_kind(model, n) != "json"]
    more = [n for n in names if field_kind(model, n) == "json"]
    components: dict[str, Any] = {}
    with gr.Row():
        for name in main:
            components[name] = _component(model, name)
    if more:
        with gr.Accordion("更多（逐项明细，可不填）", open=False):
            for name in more:
                components[name] = _component(model, name)
    button = gr.Button("计算", variant="primary", elem_id=f"yb-calc-{calc.name}")
    summary = gr.Markdown("")
    table = gr.Dataframe(headers=STEP_HEADERS, interactive=False, wrap=True, visible=False, label="计算步骤", buttons=[])
    cites = gr.HTML("")
    ordered = [components[n] for n in names]
    button.click(lambda *values: compute(calc, names, list(values)), ordered, [summary, table, cites],
                 api_visibility=PAGE_ONLY)
