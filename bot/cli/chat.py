"""`yibao chat [--city 淮安]`: a conversation in the terminal, one session, until EOF or “退出”.

Each line is a message; when the answer offers choices, typing a choice's number sends that choice.
"""

from __future__ import annotations

import argparse
import logging
import sys
from typing import Any, TextIO

from bot.cli import ask as cmd_ask
from corpus.catalogue import CITIES

log = logging.getLogger("yibao.cli")

QUIT_WORDS = {"退出", "再见", "exit", "quit", "q"}
WELCOME = "医保问答：请输入您的问题（输入“退出”或按 Ctrl+D 结束）。"
GOODBYE = "再见！"
PROMPT = "您："


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--city", choices=CITIES, help="参保城市（不填则从问题中识别）")


def chat(service: Any, lines: TextIO, out: TextIO, city: str | None = None) -> int:
    """Answer each line of `lines` in one session; returns the number of questions answered."""
    session_id: str | None = None
    choices: list[str] = []
    answered = 0
    print(WELCOME, file=out)
    while True:
        print(PROMPT, end="", file=out, flush=True)
        line = lines.readline()
        if not line:
            print("", file=out)
            break
        text = line.strip()
        if not text:
            continue
        if text.lower() in QUIT_WORDS:
            break
        if text.isdigit() and 1 <= int(text) <= len(choices):
            text = choices[int(text) - 1]
            print(f"（您选择了：{text}）", file=out)
        if len(text) > cmd_ask.MAX_QUESTION_CHARS:
            print(cmd_ask.TOO_LONG, file=out)
            continue
        try:
            answer = service.answer(text, city=city, session_id=session_id).to_dict()
        except Exception:
            log.exception("answering failed in chat")
            print(cmd_ask.FAILED, file=out)
            continue
        session_id = answer.get("session_id") or session_id
        choices = list((answer.get("follow_up") or {}).get("choices") or [])
        answered += 1
        print(f"医保问答：{cmd_ask.format_answer(answer)}\n", file=out, flush=True)
    print(GOODBYE, file=out)
    return answered


def run(args: argparse.Namespace) -> int:
    try:
        service = cmd_ask.make_service()
    except Exception as exc:
        log.exception("starting the service failed")
        print(f"{cmd_ask.FAILED}\n（开发者：{type(exc).__name__}: {exc}）", file=sys.stderr)
        return cmd_ask.EXIT_FAILED
    chat(service, sys.stdin, sys.stdout, city=args.city)
    return 0
