"""The answering service: retrieval, routing, answers, interfaces (CLI, API, web page).

`bot.answer(question, city=None, session_id=None)` and `bot.search(query, city=None, k=5)` work on
the index of YIBAO_DATA_DIR (default `.yibao`) after `yibao ingest`. Heavy modules are imported on
first use, which keeps `yibao calc` light.
"""

from __future__ import annotations

from typing import Any


def answer(question: str, city: str | None = None, session_id: str | None = None) -> Any:
    """The answer to a resident's message (`bot.answers.model.Answer`; `.to_dict()` is its JSON)."""
    from bot.service import default_service

    return default_service().answer(question, city=city, session_id=session_id)


def __getattr__(name: str):  # bot.search / bot.Passage
    if name in ("search", "Passage"):
        from bot.retrieval import retriever as retrieval
        return getattr(retrieval, name)
    raise AttributeError(f"module 'bot' has no attribute {name!r}")
