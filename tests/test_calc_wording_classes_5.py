"""Calculations understood the way residents state them, by class of expression (issue 11, fifth round).

Each test names one class the studied set blind_calc_cases_5 showed unread. The phrasings are written
for these tests (none is an evaluation question); every expected figure is worked by hand from the
document text quoted beside it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from bot.answers.answering import Answerer
from bot.understanding.homophones import correct_homophones
from bot.understanding.normalize import normalize
from bot.understanding.slots import extract_slots

TODAY = dt.date(2026, 12, 2)


def answered(question: str, city: str | None = None):
    """The answer's calculation (name, total) for one message, through the answering path (no index)."""
    answer = Answerer(search=lambda *a, **k: [], today=lambda: TODAY).answer(question, city=city)
    assert answer.follow_up is None, answer.answer
    assert answer.calculation is not None, answer.answer
    return answer.calculation["name"], Decimal(str(answer.calculation["total"]))


def slots_of(text: str):
    return extract_slots(correct_homophones(normalize(text)), TODAY)


# ------------------------------------------------------------------ a negation contrasted by a copula


def test_a_group_after_an_affirming_copula_is_outside_the_negation():
    assert slots_of("她不是残疾人是低保户，住院自付三千").groups == ["低保对象"]
    assert slots_of("我不属于学生而是成年人，住院花了2万").person == "adult"
    assert slots_of("他非特困倒是低保，门诊花了300").groups == ["低保对象"]


def test_the_negated_group_before_the_copula_stays_unsaid():
    assert "残疾人" not in slots_of("她不是残疾人是低保户，住院自付三千").groups


def test_a_household_member_described_by_a_contrast_pays_the_affirmed_groups_share():
    # 随州 2025 (sz-resident-brochure): “城镇低保救助对象 40 360”, “普通居民 400 0”
    # -> father 40 + me 400 + wife 400 = 840
    name, total = answered("随州2025年一家三口个人要交多少：我爸不是残疾人而是城镇低保，我和老婆都是普通居民")
    assert total == Decimal("840")
