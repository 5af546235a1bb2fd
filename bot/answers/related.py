"""猜你想问: two or three questions related to an answer, in the words residents use, from the corpus.

The questions come from `corpus/similar_questions/` (how residents ask for each unit of the index):
the passages found for the resident's question, in the answer's city, other than the ones the
answer cites, each give one of their units' questions. Only questions a resident could have typed
cleanly are offered: whole sentences (not the keyword lines of the files), without the homophone
typos the files keep on purpose for retrieval, and about the resident scheme (城乡居民医保) unless
the resident asked about the employee scheme (职工医保).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from bot.answers.compose import EMPLOYEE_SCHEME

log = logging.getLogger("yibao.answer")

MAX_RELATED = 3
RELATED_SEARCH_K = 12
_CLOSING = ("？", "?", "。", "！")


@lru_cache(maxsize=1)
def unit_questions() -> dict[tuple[str, str], tuple[str, ...]]:
    """(document, section path) -> the residents' questions of its units, in the files' order."""
    from ingest.similar_questions import load

    found: dict[tuple[str, str], list[str]] = {}
    for document in load():
        for unit in document.units:
            found.setdefault((document.doc_id, unit.section), []).extend(q.strip() for q in unit.questions)
    return {key: tuple(dict.fromkeys(questions)) for key, questions in found.items()}


def is_sentence(text: str) -> bool:
    """A question as a resident writes it, not a keyword line ("随州 门诊统筹 报销比例")."""
    return bool(text) and not re.search(r"\s", text)


def is_clean(text: str) -> bool:
    """No homophone typo the reading of the question would correct ("缴废" for 缴费)."""
    from bot.understanding.homophones import correct_homophones

    return correct_homophones(text) == text


def about_employees(text: str) -> bool:
    return EMPLOYEE_SCHEME in text


def offerable(questions: Iterable[str], city: str | None, employees_asked: bool) -> str | None:
    """The question of a unit to offer: a clean sentence, preferring one that names the city."""
    usable = [q for q in questions if is_sentence(q) and (employees_asked or not about_employees(q)) and is_clean(q)]
    naming_city = [q for q in usable if city and city in q]
    chosen = (naming_city or usable or [None])[0]
    if chosen is None:
        return None
    return chosen if chosen.endswith(_CLOSING) else chosen + "？"


def _same(a: str, b: str) -> bool:
    return a.rstrip("？?。！ ") == b.rstrip("？?。！ ")


def related_questions(service: Any, question: str, answer: dict[str, Any] | None) -> list[str]:
    """Up to three questions of other units found for `question` in the answer's city (none after
    a question back to the resident)."""
    if not answer or answer.get("follow_up"):
        return []
    city = answer.get("city") or None
    cited = {(str(c.get("doc_id") or ""), str(c.get("section") or "")) for c in answer.get("citations") or []}
    employees_asked = about_employees(question)
    try:
        passages = service.search(question, city=city, k=RELATED_SEARCH_K)
        questions = unit_questions()
    except Exception:
        log.exception("looking up related questions failed")
        return []
    found: list[str] = []
    for passage in passages:
        key = (str(passage.doc_id), str(passage.section))
        if key in cited or (not employees_asked and about_employees(key[1])):
            continue
        if city and passage.city != city:
            continue
        offered = offerable(questions.get(key, ()), city or passage.city, employees_asked)
        if offered and not _same(offered, question) and not any(_same(offered, q) for q in found):
            found.append(offered)
        if len(found) == MAX_RELATED:
            break
    return found
