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


# ------------------------------------------------------------------ a child named by birth order alone


def test_a_child_named_by_birth_order_alone_is_a_member_of_its_own():
    s = slots_of("家里四口：我、老婆、大女儿上高中、小的才两岁，今年交多少")
    assert [m.relation for m in s.household] == ["本人", "配偶", "大女儿", "老小"]
    assert s.household[-1].age == 2


def test_an_order_word_before_a_noun_names_no_member():
    assert "老小" not in [m.relation for m in slots_of("我和老婆，去小的医院住院花了5000").household]


def test_a_household_with_the_youngest_named_by_order_counts_every_member():
    # 长春 2021 (cc-policy-handbook 参保缴费指南): “2021年缴费金额 (成年/未成年)” “320/200”; a newborn and a
    # pupil pay the 未成年 200 -> 2 × 320 + 200 + 200 = 1040
    name, total = answered("长春2021年度，我和媳妇两个大人，大女儿上小学，小的2021年8月出生，全家个人一共缴多少")
    assert total == Decimal("1040")
