"""Shared pieces of the end-to-end tests (tests/test_e2e_*.py): the question sets and a service on
the real index.

The answers go through `bot.service.Service` (what `bot.answer`, the CLI, the API and the page use)
with the calendar pinned to 2026-06-01, so that waiting periods, contribution years and the rules
in force do not move with the day the tests run.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from bot.service import Service

TODAY = dt.date(2026, 6, 1)
DATA = Path(__file__).parent / "data"
DOCUMENTS = Path(__file__).parent.parent / "corpus" / "documents"


def load_jsonl(name: str) -> list[dict[str, Any]]:
    with (DATA / name).open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


QUESTIONS = load_jsonl("e2e_questions.jsonl")
CONVERSATIONS = load_jsonl("conversations.jsonl")


def items(kind: str) -> list[dict[str, Any]]:
    return [item for item in QUESTIONS if item["kind"] == kind]


def document_text(doc_id: str) -> str:
    return (DOCUMENTS / f"{doc_id}.txt").read_text(encoding="utf-8")


def service_on(index_dir: Path) -> Service:
    """A service answering from the index in `index_dir`, its calendar pinned to TODAY."""
    with pytest.MonkeyPatch.context() as env:
        env.setenv("YIBAO_DATA_DIR", str(index_dir))
        for name in ("YIBAO_CHROMA_URL", "YIBAO_EMBEDDER", "YIBAO_RETRIEVER_MODE"):
            env.delenv(name, raising=False)
        service = Service.from_env()
    service.answerer.today = lambda: TODAY
    return service


def with_known_failures(entries: list[dict[str, Any]], known: dict[str, str]) -> list[Any]:
    """pytest params named by id; those in `known` are strict xfails with the reason given."""
    params = []
    for entry in entries:
        reason = known.get(entry["id"]) or entry.get("xfail")
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        params.append(pytest.param(entry, id=entry["id"], marks=marks))
    return params
