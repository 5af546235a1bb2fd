"""Every text from outside passes one entry point (`bot.service`) before anything reads it."""

from __future__ import annotations

import datetime as dt

from bot.answers.answering import Answerer
from bot.config import Settings
from bot.service import Service
from bot.storage.store import Store


def _service(tmp_path, queries):
    def search(query, city=None, k=5):
        query.encode("utf-8")  # what the embedder's tokenizer does: a lone surrogate raises here
        queries.append(query)
        return []
    answerer = Answerer(search=search, today=lambda: dt.date(2026, 6, 1))
    return Service(settings=Settings(), answerer=answerer, store=Store(tmp_path / "s.sqlite"))


def test_a_lone_surrogate_in_a_question_never_reaches_the_embedder(tmp_path):
    queries: list[str] = []
    answer = _service(tmp_path, queries).answer("淮安\ud800异地就医怎么备案", city="淮安")
    assert answer.answer and queries and all("\ud800" not in q for q in queries)


def test_control_characters_in_a_question_are_removed_before_answering(tmp_path):
    queries: list[str] = []
    _service(tmp_path, queries).answer("淮安\x00异地就医\x1b怎么备案", city="淮安")
    assert queries and all("\x00" not in q and "\x1b" not in q for q in queries)


def test_a_surrogate_in_the_session_id_or_city_starts_a_fresh_session(tmp_path):
    answer = _service(tmp_path, []).answer("淮安起付线", city="淮安\ud800", session_id="\ud800abc")
    assert answer.session_id and "\ud800" not in answer.session_id
