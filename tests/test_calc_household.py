"""Households priced member by member: each member's own group and amount, a step table per member,
and their sum (calculators/household.py and the bridge that builds it from a message)."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.answers.answering import Answerer
from bot.storage.sessions import InMemorySessionStore
from bot.understanding.normalize import normalize
from bot.understanding.slots import extract_slots
from calculators.errors import InputError
from calculators.registry import run

TODAY = dt.date(2026, 6, 1)


def no_search(*args, **kwargs):
    raise AssertionError("a calculation must not search")


def test_each_member_gets_their_own_assistance_and_the_household_the_sum():
    # 长治 低保对象: "目录内个人自付按70%的比例给予救助，年度最\n高救助限额6万元":
    # 10000 × 70% = 7000; 4000 × 70% = 2800; a member in no assisted group gets 0; total 9800
    result = run("household", {"city": "长治", "date": TODAY, "calculator": "assistance", "members": [
        {"label": "父亲", "inputs": {"group": "低保对象", "burden": 10000}},
        {"label": "母亲", "inputs": {"group": "低保对象", "burden": 4000}},
        {"label": "女儿", "inputs": {"burden": 3000}},
    ]})
    assert result.total == 9800
    assert result.details["members"] == {"父亲": 7000, "母亲": 2800, "女儿": 0}
    assert [s.label for s in result.steps if s.label.startswith("【")] == ["【父亲】", "【母亲】", "【女儿】"]


def test_a_member_may_not_restate_the_city():
    with pytest.raises(InputError):
        run("household", {"city": "长治", "calculator": "assistance",
                          "members": [{"label": "父亲", "inputs": {"city": "淮安", "group": "低保对象", "burden": 1}}]})


def test_amounts_said_after_each_member_are_that_members():
    slots = extract_slots(normalize("爸爸、妈妈都是低保户，女儿是普通居民。自付分别为：爸爸10000元、妈妈4000元、女儿3000元"),
                          TODAY)
    assert [(m.relation, m.amount, m.groups) for m in slots.household] == [
        ("父亲", 10000, ["低保对象"]), ("母亲", 4000, ["低保对象"]), ("女儿", 3000, [])]


def test_a_household_assistance_question_is_answered_member_by_member():
    answerer = Answerer(search=no_search, sessions=InMemorySessionStore(), today=lambda: TODAY)
    answer = answerer.answer("长治，爸爸、妈妈都是低保户，女儿是普通居民，不属于救助对象。住院报销后自付分别为："
                             "爸爸10000元、妈妈4000元、女儿3000元。医疗救助一共能给多少？")
    assert answer.calculation["name"] == "household"
    assert answer.calculation["total"] == 9800.0


def test_ages_listed_in_a_following_clause_go_to_the_counted_members_in_order():
    slots = extract_slots(normalize("家里两个孩子，一个7岁一个19岁，今年医保交多少"), TODAY)
    assert [(m.person, m.age) for m in slots.household] == [("minor", 7), ("adult", 19)]


def test_an_excluded_benefit_is_not_the_one_asked():
    slots = extract_slots(normalize("不考虑大病保险，三级医院住院花了3万元，能报多少"), TODAY)
    assert (slots.benefit, slots.benefits) == ("inpatient", ["inpatient"])


def test_household_members_not_described_are_counted_as_adults_and_the_answer_says_so():
    # 淮安: "个人花440元购买一年的基本医疗保险" per person: 4 people × 440 = 1760
    answerer = Answerer(search=no_search, sessions=InMemorySessionStore(), today=lambda: TODAY)
    answer = answerer.answer("淮安，全家4口人，两个大人，2026年医保一共交多少？")
    assert answer.calculation["total"] == 1760.0
    assert "另有2位未说明类别" in answer.answer
