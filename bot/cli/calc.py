"""`yibao calc NAME --field value …`: run a registered calculator from the command line.

The options of each calculator are generated from its pydantic input model (`--class-b-cost` or
`--class_b_cost`; Chinese or English value names, as the model's aliases accept). Prints the
breakdown (步骤 / 计算 / 金额 / 依据) with the cited documents and caveats, or `--json`.
Bad input prints a Chinese message naming the field and the accepted values, exit code 2.
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from typing import Any, NoReturn

from pydantic import BaseModel

from calculators.errors import InputError, RulesError
from calculators.registry import accepted_values, calculators, get_calculator
from calculators.registry import run as run_calculator
from calculators.result import Result, Step, fmt_money
from corpus.catalogue import UnknownDocument, get_document

_ARGPARSE_MESSAGES = {
    "unrecognized arguments:": "不认识的参数：",
    "argument ": "参数 ",
    "expected one argument": "缺少取值",
    "the following arguments are required:": "缺少参数：",
}
EXIT_INPUT = 2
EXIT_RULES = 1
_TRUE = {"true", "1", "yes", "y", "on", "是", "有", "对"}
_FALSE = {"false", "0", "no", "n", "off", "否", "无", "不是", "没有"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name", nargs="?", help="计算器名称（不填则列出全部计算器）")
    parser.add_argument("options", nargs=argparse.REMAINDER, help="计算器参数，如 --city 淮安 --cost 50000；--json 输出JSON")


class _ChineseParser(argparse.ArgumentParser):
    """An argparse parser that reports errors as `InputError` instead of exiting in English."""

    def error(self, message: str) -> NoReturn:
        for english, chinese in _ARGPARSE_MESSAGES.items():
            message = message.replace(english, chinese)
        raise InputError("options", f"命令行参数有误：{message}", accepted=self.option_names())

    def option_names(self) -> list[str]:
        return [a.option_strings[0] for a in self._actions if a.option_strings and a.dest != "help"]


def field_parser(name: str, model: type[BaseModel]) -> _ChineseParser:
    """Options generated from the input model's fields."""
    parser = _ChineseParser(prog=f"yibao calc {name}", add_help=True)
    parser.add_argument("--json", action="store_true", help="以JSON输出结果")
    for field, info in model.model_fields.items():
        values = accepted_values(model, field)
        help_text = info.description or field
        if values:
            help_text += f"（可选：{'、'.join(values)}）"
        if info.is_required():
            help_text += "［必填］"
        options = [f"--{field.replace('_', '-')}"]
        if "_" in field:
            options.append(f"--{field}")
        parser.add_argument(*options, dest=field, default=None, metavar="值", help=help_text)
    return parser


def payload_from(model: type[BaseModel], namespace: argparse.Namespace) -> dict[str, Any]:
    """The given options as a payload for the model (JSON for list fields, 是/否 for booleans)."""
    payload: dict[str, Any] = {}
    for field, info in model.model_fields.items():
        raw = getattr(namespace, field, None)
        if raw is None:
            continue
        annotation = str(info.annotation)
        if "list[" in annotation or "List[" in annotation:
            try:
                payload[field] = json.loads(raw)
            except json.JSONDecodeError as exc:
                raise InputError(field, f"{info.description or field}：请填写JSON列表，如 "
                                        '\'[{"level": "三级", "cost": 50000}]\'') from exc
        elif info.annotation is bool:
            text = raw.strip().lower()
            if text not in _TRUE | _FALSE:
                raise InputError(field, f"{info.description or field}：请填写是或否", accepted=["是", "否"])
            payload[field] = text in _TRUE
        else:
            payload[field] = raw
    return payload


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def _title(doc_id: str) -> str:
    try:
        return get_document(doc_id).title
    except UnknownDocument:
        return doc_id


def render(result: Result) -> str:
    """The breakdown table, the numbered citations, the caveats and the summary."""
    notes: list[str] = []
    rows: list[tuple[str, str, str, str]] = []
    for step in result.steps:
        rows.append((step.label, step.formula, "" if step.amount is None else fmt_money(step.amount),
                     _note(step, notes)))
    header = ("步骤", "计算", "金额", "依据")
    widths = [max(_width(r[i]) for r in [header, *rows]) for i in range(4)]
    widths = [min(w, 60) for w in widths]
    lines = [result.summary, ""]
    lines.append("  ".join(_pad(h, w) for h, w in zip(header, widths, strict=True)))
    lines.append("  ".join("-" * w for w in widths))
    for row in rows:
        lines.append("  ".join(_pad(c, w) for c, w in zip(row, widths, strict=True)).rstrip())
    if notes:
        lines += ["", "依据："] + notes
    if result.caveats:
        lines += ["", "说明："] + [f"- {c}" for c in result.caveats]
    return "\n".join(lines)


def _note(step: Step, notes: list[str]) -> str:
    if step.citation is None:
        return ""
    quote = " ".join(step.citation.quote.split())
    text = f"《{_title(step.citation.doc_id)}》：“{quote}”"
    for i, note in enumerate(notes, start=1):
        if note.split(" ", 1)[1] == text:
            return f"[{i}]"
    notes.append(f"[{len(notes) + 1}] {text}")
    return f"[{len(notes)}]"


def list_calculators() -> str:
    lines = ["可用的计算器（yibao calc 名称 --help 查看参数）："]
    for name, calc in sorted(calculators().items()):
        lines.append(f"  {name:<20} {calc.title}：{calc.description}")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    try:
        if not args.name:
            print(list_calculators())
            return 0
        calc = get_calculator(args.name)
        parser = field_parser(args.name, calc.input_model)
        namespace = parser.parse_args(args.options)
        result = run_calculator(args.name, payload_from(calc.input_model, namespace))
    except InputError as exc:
        print(f"输入有误：{exc.message}", file=sys.stderr)
        return EXIT_INPUT
    except RulesError as exc:
        print(f"计算规则数据有误，请联系维护人员。\n（开发者：{exc}）", file=sys.stderr)
        return EXIT_RULES
    if namespace.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(render(result))
    return 0
