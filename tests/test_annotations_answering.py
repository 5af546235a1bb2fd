"""A question staff linked to a passage (问题关联) is answered from that passage, and so are its
close paraphrases."""

import datetime as dt

from bot.answers.answering import Answerer
from bot.retrieval.annotations import Link, linked_unit, links_from_rows
from bot.storage.sessions import InMemorySessionStore
from tests.test_compose import passage_with

# 淮安 100问: "居民大病保险不用另行缴费，参加基本医保，自动享受大病报销待遇。"
LINKED = passage_with("ha-2026-100qa", "不用另行缴费")
# an unrelated passage ranked first by search
OTHER = passage_with("ha-2026-100qa", "市外定点医院\t1200 元")


def test_the_linked_question_itself_finds_its_unit():
    assert linked_unit("大病保险还要单独交钱吗", [Link("大病保险还要单独交钱吗", "ha#1")]) == "ha#1"


def test_a_close_paraphrase_finds_the_linked_unit():
    assert linked_unit("大病保险还需要单独交钱吗", [Link("大病保险还要单独交钱吗", "ha#1")]) == "ha#1"


def test_an_unrelated_question_finds_no_unit():
    assert linked_unit("住院起付线多少", [Link("大病保险还要单独交钱吗", "ha#1")]) is None


def test_revoked_and_fact_links_are_not_used():
    rows = [{"question_norm": "q", "target_kind": "chunk", "target_id": "a", "revoked_at": 1.0},
            {"question_norm": "q", "target_kind": "fact", "target_id": "b", "revoked_at": None},
            {"question_norm": "q", "target_kind": "chunk", "target_id": "c", "revoked_at": None}]
    assert links_from_rows(rows) == [Link("q", "c")]


def answerer(linked):
    return Answerer(search=lambda query, city=None, k=5: [OTHER], sessions=InMemorySessionStore(),
                    today=lambda: dt.date(2026, 6, 1), linked=linked)


def test_a_linked_question_is_answered_from_the_linked_unit():
    links = [Link("淮安大病保险还要单独交钱吗？", LINKED.chunk_id)]

    def linked(question):
        return LINKED if linked_unit(question, links) == LINKED.chunk_id else None

    answer = answerer(linked).answer("淮安大病保险还要单独交钱吗？")
    assert "不用另行缴费" in answer.answer
    assert answer.citations[0].doc_id == "ha-2026-100qa" and "不用另行缴费" in answer.citations[0].text


def test_a_link_to_another_citys_passage_is_not_used_for_the_chosen_city():
    answer = answerer(lambda question: LINKED).answer("大病保险还要单独交钱吗？", city="长春")
    assert "不用另行缴费" not in answer.answer
