"""Policy answers through the answering path, on passages made from the real corpus chunks."""

import datetime as dt

from bot.answers.answering import Answerer
from bot.storage.sessions import InMemorySessionStore
from tests.test_compose import passage_with


def answerer_over(*passages):
    return Answerer(search=lambda query, city=None, k=5: list(passages), sessions=InMemorySessionStore(),
                    today=lambda: dt.date(2026, 6, 1))


def test_a_documents_answer_opens_with_the_city_it_is_for():
    # 淮安 100问: "居民大病保险不用另行缴费，参加基本医保，自动享受大病报销待遇。"
    answer = answerer_over(passage_with("ha-2026-100qa", "不用另行缴费")).answer("淮安大病保险要另外交钱吗？")
    assert answer.answer.startswith("【淮安】")
    assert "不用另行缴费" in answer.answer
