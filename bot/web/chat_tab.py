"""The resident chat as plain functions over a conversation state (the gradio wiring is in `bot.web.page`).

A conversation is a list of turns `{"question", "answer": Answer dict}`; the chat messages (each
answer with its own sources below it, its [n] markers linked to them, and its own 👍/👎 and copy
controls) and the latest answer's follow-up choices are derived from it.
A question too long, empty, or a failure of the service becomes a Chinese message, never a traceback.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bot.service import MAX_RELATED, related_questions
from bot.web.render import (
    answer_actions_html,
    citations_html,
    escape_answer,
    escape_text,
    linked_refs,
    plain_answer,
    sources_html,
    step_rows,
    tel_links,
)
from corpus.catalogue import CITIES

__all__ = ["MAX_RELATED", "related_questions"]  # the page's 猜你想问 (bot.answers.related, through bot.service)

log = logging.getLogger("yibao.ui")

MAX_QUESTION_CHARS = 500
ANY_CITY = "不限"
CITY_CHOICES = [ANY_CITY, *CITIES]
TOO_LONG = f"您的问题太长了（最多 {MAX_QUESTION_CHARS} 个字），请精简后再问。"
FAILED = "抱歉，服务暂时出现问题，请稍后再试；如需帮助请拨打当地医保服务热线。"
THANKS = {1: "感谢您的反馈：这条回答对您有帮助。", -1: "感谢您的反馈：我们会改进这条回答。"}
NOTHING_TO_RATE = "还没有可以评价的回答。"
WAIT = "上一个问题正在回答，请稍候再提问。"
NOTHING_TO_COPY = "还没有可以复制的回答。"
FEEDBACK_FAILED = "反馈暂时没有保存成功，请稍后再试。"
MAX_COMMENT_CHARS = 1000


@dataclass
class Reply:
    """What the page shows after one message."""

    turns: list[dict[str, Any]]
    session_id: str | None
    notice: str = ""  # shown instead of an answer (too long, failure)
    latest: dict[str, Any] | None = None
    extra: list[dict[str, str]] = field(default_factory=list)

    def messages(self) -> list[dict[str, str]]:
        return chat_messages(self.turns) + self.extra


def city_or_none(choice: str | None) -> str | None:
    return None if not choice or choice == ANY_CITY else choice


def ask(service: Any, question: str, city_choice: str | None, session_id: str | None,
        turns: list[dict[str, Any]]) -> Reply:
    """Send one message to the service; the reply carries the new turns and the latest answer."""
    text = (question or "").strip()
    turns = list(turns or [])
    if not text:
        return Reply(turns, session_id)
    if len(text) > MAX_QUESTION_CHARS:
        return Reply(turns, session_id, notice=TOO_LONG,
                     extra=[user_message(text[:MAX_QUESTION_CHARS] + "…"), assistant_notice(TOO_LONG)])
    try:
        answer = service.answer(text, city=city_or_none(city_choice), session_id=session_id).to_dict()
    except Exception:  # the resident gets a message; the developer gets the traceback in the log
        log.exception("answering failed for a web question")
        return Reply(turns, session_id, notice=FAILED, extra=[user_message(text), assistant_notice(FAILED)])
    turns.append({"question": text, "answer": answer})
    return Reply(turns, answer.get("session_id") or session_id, latest=answer)


def pending_messages(turns: list[dict[str, Any]], question: str) -> list[dict[str, str]]:
    """The conversation so far and the new question, while it is answered (gradio shows “…” below it)."""
    shown = question if len(question) <= MAX_QUESTION_CHARS else question[:MAX_QUESTION_CHARS] + "…"
    return chat_messages(turns or []) + [user_message(shown)]


def user_message(text: str) -> dict[str, str]:
    return {"role": "user", "content": escape_text(text)}


def assistant_notice(text: str) -> dict[str, str]:
    return {"role": "assistant", "content": escape_text(text)}


def chat_messages(turns: list[dict[str, Any]]) -> list[dict[str, str]]:
    """Two messages per turn (question, answer), so message index // 2 is the turn."""
    messages = []
    for index, turn in enumerate(turns):
        messages.append(user_message(turn["question"]))
        messages.append({"role": "assistant", "content": answer_markdown(turn["answer"], index)})
    return messages


def answer_markdown(answer: dict[str, Any], turn: int = 0) -> str:
    """The answer's markdown: [n] linked to its own sources, shown below it in the same message; a
    declined answer's telephone numbers as tel: links."""
    citations = answer.get("citations") or []
    text = escape_answer(str(answer.get("answer") or ""))
    if answer.get("refused"):
        text = tel_links(text)
    text = linked_refs(text, turn, {int(c["n"]) for c in citations})
    follow = answer.get("follow_up") or None
    if follow and follow.get("question") and follow["question"] not in str(answer.get("answer") or ""):
        text += "\n\n" + escape_answer(follow["question"])
    sources = sources_html(citations, turn)
    if sources:
        text += "\n\n" + sources
    if not (follow and follow.get("choices")):  # a question back to the resident is not rated or copied
        text += "\n\n" + answer_actions_html(turn, plain_answer(answer))
    return text


def parse_rating_request(request: str | None) -> tuple[int, int] | None:
    """(turn, rating) of the page's "turn:rating" request (a 👍/👎 under an answer); None when malformed."""
    match = re.fullmatch(r"(\d{1,4}):(-?1)", (request or "").strip())
    if match is None:
        return None
    return int(match.group(1)), int(match.group(2))


def latest_citations_html(answer: dict[str, Any] | None) -> str:
    if answer is None:
        return citations_html([])
    return citations_html(answer.get("citations") or [])


def latest_steps(answer: dict[str, Any] | None) -> list[list[str]]:
    if answer is None:
        return []
    return step_rows(answer.get("calculation"), answer.get("citations") or [])


def follow_up_choices(answer: dict[str, Any] | None) -> list[str]:
    if answer is None or not answer.get("follow_up"):
        return []
    return [str(c) for c in answer["follow_up"].get("choices") or []]


def rate(store_of: Callable[[], Any], turns: list[dict[str, Any]], index: int | None, rating: int,
         session_id: str | None, comment: str | None = None) -> str:
    """Store 👍 (1) or 👎 (-1), with an optional comment, for the turn at `index` (None: the latest);
    returns the Chinese notice. Everything is redacted on the way in (`bot.service.record_feedback`)."""
    from bot.service import record_feedback

    if not turns:
        return NOTHING_TO_RATE
    if index is None:
        index = len(turns) - 1
    if not 0 <= index < len(turns):
        return NOTHING_TO_RATE
    turn = turns[index]
    try:
        record_feedback(store_of(), turn["question"], str(turn["answer"].get("answer") or ""), rating,
                        (comment or "").strip()[:MAX_COMMENT_CHARS] or None, session_id)
    except Exception:
        log.exception("storing feedback failed")
        return FEEDBACK_FAILED
    return THANKS[rating]
