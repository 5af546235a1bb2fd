"""Calculation conversations through the answering path: slots, follow-up questions, follow-ups.

Figures: 淮安 全民参保百问百答 Q60 — 一级/二级/三级医院起付标准 300/600/900 元,
支付比例 85%/75%/65%.
"""

import datetime as dt

import pytest

from bot.answers.answering import Answerer
from bot.storage.sessions import InMemorySessionStore


def no_search(*args, **kwargs):
    raise AssertionError("a calculation must not need retrieval")


@pytest.fixture
def answerer():
    return Answerer(search=no_search, sessions=InMemorySessionStore(), today=lambda: dt.date(2026, 6, 1))


def test_a_fully_stated_inpatient_case_is_calculated_with_cited_steps(answerer):
    a = answerer.answer("淮安三级医院住院花了5万能报多少")
    assert a.intent == "calculation"
    assert a.calculation["total"] == 31915.0  # (50000 − 900) × 65%
    assert "31915" in a.answer
    assert a.citations and a.citations[0].doc_id == "ha-2026-100qa"


def test_a_missing_hospital_level_gets_one_question_with_the_levels_as_choices(answerer):
    a = answerer.answer("淮安住院花了5万能报多少")
    assert a.calculation is None
    assert a.follow_up.choices == ("一级", "二级", "三级")


def test_answering_the_follow_up_question_completes_the_calculation(answerer):
    first = answerer.answer("淮安住院花了5万能报多少")
    second = answerer.answer("三级", session_id=first.session_id)
    assert second.calculation["total"] == 31915.0


def test_a_follow_up_changing_the_level_reuses_the_other_slots(answerer):
    first = answerer.answer("淮安三级医院住院花了5万能报多少")
    second = answerer.answer("那二级医院呢？", session_id=first.session_id)
    assert second.calculation["total"] == 37050.0  # (50000 − 600) × 75%


def test_a_follow_up_changing_the_amount_reuses_the_level(answerer):
    first = answerer.answer("淮安二级医院住院花了5万能报多少")
    second = answerer.answer("如果花了8万呢", session_id=first.session_id)
    assert second.calculation["total"] == 59550.0  # (80000 − 600) × 75%


def test_a_missing_city_is_asked_with_the_five_cities_as_choices(answerer):
    a = answerer.answer("三级医院住院花了5万能报多少")
    assert a.follow_up.choices == ("连云港", "淮安", "长春", "长治", "随州")
    b = answerer.answer("淮安", session_id=a.session_id)
    assert b.calculation["total"] == 31915.0


def test_switching_city_in_a_follow_up_asks_what_that_city_needs(answerer):
    """长春 grades its 三级 hospitals by 省级/市级 (起付线 1200/800), so it asks which."""
    first = answerer.answer("淮安三级医院住院花了5万能报多少")
    second = answerer.answer("那长春呢", session_id=first.session_id)
    assert second.follow_up is not None and "市级" in second.follow_up.choices


def test_sessions_do_not_leak_into_each_other():
    answerer = Answerer(search=lambda *a, **k: [], today=lambda: dt.date(2026, 6, 1))
    answerer.answer("淮安三级医院住院花了5万能报多少", session_id="a")
    other = answerer.answer("那二级医院呢？", session_id="b")
    assert other.calculation is None


def test_a_greeting_gets_a_greeting_and_no_passage(answerer):
    a = answerer.answer("你好")
    assert a.intent == "greeting" and a.citations == [] and "医保" in a.answer


def test_an_out_of_scope_question_is_declined(answerer):
    a = answerer.answer("失业了能领失业保险金吗？每个月能领多少？")
    assert a.refused is True and a.intent == "out_of_scope"


def test_a_calculation_answer_states_its_assumptions(answerer):
    a = answerer.answer("淮安三级医院住院花了5万能报多少")
    assert "按成年居民计算" in a.answer


def test_an_unsupported_city_from_the_page_is_a_chinese_message_not_an_error(answerer):
    a = answerer.answer("住院起付线多少", city="北京")
    assert a.refused is True and "北京" in a.answer


def test_rules_quoted_from_one_passage_share_one_citation(answerer):
    """淮安's deductible and rate of a 三级 stay are both in the Q60 table: one passage, one citation."""
    a = answerer.answer("淮安三级医院住院花了5万能报多少")
    assert len({c.text for c in a.citations}) == len(a.citations)


def test_a_contribution_without_a_person_type_says_it_priced_an_adult(answerer):
    """连云港 2026: “其他成年居民每人每年440元”."""
    a = answerer.answer("帮我算一下连云港2026年医保我要交多少钱")
    assert a.calculation["total"] == 440.0
    assert "按成年居民计算" in a.answer
