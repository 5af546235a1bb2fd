"""`yibao ask "问题" [--city 淮安] [--json]`: one answer with its numbered citations and calculation table.

The same path as the web page and the API (`Service.answer`); the index is built on first use.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from typing import Any

from bot.web.render import STEP_HEADERS, step_rows
from corpus.catalogue import CITIES

log = logging.getLogger("yibao.cli")

MAX_QUESTION_CHARS = 500
TOO_LONG = f"问题太长了（最多 {MAX_QUESTION_CHARS} 个字），请精简后再问。"
FAILED = "抱歉，回答时出现问题，请稍后再试。"
EXIT_INPUT = 2
EXIT_FAILED = 1


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("question", help="您的问题，如：淮安住院起付线是多少？")
    parser.add_argument("--city", choices=CITIES, help="参保城市（不填则从问题中识别）")
    parser.add_argument("--json", action="store_true", help="输出 JSON（与 POST /api/ask 相同）")


def make_service() -> Any:
    """The answering service, with the index built from corpus/ when there is none yet."""
    from bot.service import Service

    service = Service.from_env()
    service.ensure_index(progress=True)
    return service


def format_answer(answer: dict[str, Any]) -> str:
    """The answer, the calculation table when the text has none, the citations and the choices."""
    lines = [str(answer.get("answer") or "").strip()]
    calculation = answer.get("calculation")
    rows = step_rows(calculation, answer.get("citations") or [])
    if rows and "| 步骤 |" not in lines[0]:
        lines += ["", "| " + " | ".join(STEP_HEADERS) + " |", "|---|---|---|---|"]
        lines += ["| " + " | ".join(cell.replace("|", "／") for cell in row) + " |" for row in rows]
    follow = answer.get("follow_up") or None
    if follow:
        if follow.get("question") and follow["question"] not in lines[0]:
            lines += ["", follow["question"]]
        if follow.get("choices"):
            lines += ["可选：" + "  ".join(f"{i}. {c}" for i, c in enumerate(follow["choices"], start=1))]
    citations = answer.get("citations") or []
    if citations:
        lines += ["", "出处："]
        for cite in citations:
            head = "｜".join(p for p in (cite.get("city"), f"《{cite.get('title')}》", cite.get("section"),
                                          f"发布于 {cite['published']}" if cite.get("published") else "") if p)
            lines.append(f"[{cite['n']}] {head}")
            text = " ".join(str(cite.get("text") or "").split())
            lines.append(f"    原文：{text}")
            if cite.get("source_url"):
                lines.append(f"    链接：{cite['source_url']}")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    question = args.question.strip()
    if not question:
        print("请输入问题。", file=sys.stderr)
        return EXIT_INPUT
    if len(question) > MAX_QUESTION_CHARS:
        print(TOO_LONG, file=sys.stderr)
        return EXIT_INPUT
    try:
        answer = make_service().answer(question, city=args.city).to_dict()
    except Exception as exc:
        log.exception("answering failed")
        print(f"{FAILED}\n（开发者：{type(exc).__name__}: {exc}）", file=sys.stderr)
        return EXIT_FAILED
    if args.json:
        print(json.dumps(answer, ensure_ascii=False, indent=2))
    else:
        print(format_answer(answer))
    return 0
