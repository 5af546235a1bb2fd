"""Calculations understood the way residents state them, by class of expression (issue 11, seventh round).

Each test names one class: a cost said as the sum it has reached (累计到, 滚到, 加起来到, 花到 N元); the
resident's own share asked in any of the ways residents ask it (我得掏多少, 自己要拿多少, 剩下多少要自己掏).
The phrasings are written for these tests (none is an evaluation question); every expected figure is
worked by hand from the document text quoted beside it.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from bot.answers.answering import Answerer
from tests.test_calc_wording_classes_4 import TODAY, answered, slots_of  # one answering path, one reading

# ------------------------------------------------------------------ a cost said as the sum it has reached


@pytest.mark.parametrize("said", ["累计到2万", "滚到2万", "加起来到2万元", "一共到两万", "花到2万", "合计达到2万"])
def test_a_figure_after_a_verb_of_reaching_is_the_cases_cost(said):
    assert slots_of(f"住院的合规费用{said}").amount == Decimal(20000), said


def test_a_bare_number_after_a_verb_of_reaching_is_a_cost():
    assert slots_of("门诊药费累计到850").amounts == [Decimal(850)]


def test_a_cost_spent_up_to_a_figure_is_the_total_like_hua_le():
    assert slots_of("住院花到3万").amount_basis == "total"


def test_a_figure_before_dao_still_bounds_a_band():
    assert slots_of("6万到10万的部分报多少").amounts == []
    assert slots_of("起付线以上到1万之间").amounts == []


def test_a_reached_figure_followed_by_a_band_word_is_no_cost():
    assert slots_of("累计到6万以上的部分").amounts == []


def test_a_stay_whose_cost_is_said_as_reached_is_priced():
    # 淮安 (ha-2026-100qa): “二级医院 600 元 75%” -> (20000 - 600) × 75% = 14550
    name, total = answered("淮安，在二级医院住的院，合规的钱前前后后累计到两万，统筹给报多少")
    assert (name, total) == ("inpatient", Decimal(14550))


# ------------------------------------------------------------------ the personal share asked in every way


@pytest.mark.parametrize("ask", ["我得掏多少", "俺还得出多少钱", "咱要付几个钱", "自己要拿多少", "个人还要贴多少",
                                 "剩下多少要自己掏", "有多少得个人负担"])
def test_every_way_of_asking_the_own_share_asks_the_personal_share(ask):
    assert slots_of(f"门诊统筹 卫生院 药费300元 {ask}").asked == "personal_share", ask


@pytest.mark.parametrize("ask", ["我能拿多少", "医保出多少", "我出院能报多少"])
def test_receiving_or_a_fund_paying_is_no_personal_share(ask):
    assert slots_of(f"门诊统筹 卫生院 药费300元 {ask}").asked is None, ask


def test_the_own_share_of_an_outpatient_visit_leads_the_answer():
    # 淮安 (ha-2026-100qa) 门诊统筹 at a 基层 facility: “0 70% 50% 300 元 400 元” (一般诊疗费 70%, other costs 50%)
    # -> the fund pays 360 × 50% = 180, the resident 360 − 180 = 180
    answer = Answerer(search=lambda *a, **k: [], today=lambda: TODAY).answer(
        "淮安，在镇卫生院看门诊，药和检查合规360元，这回我自己要拿多少")
    assert answer.answer.startswith("自己负担180元")


def test_the_final_share_of_a_stay_asked_colloquially_is_the_settlement_and_leads_the_answer():
    # 淮安 (ha-2026-100qa): “二级医院 600 元 75%”; 大病保险 “普通参保人员 18000 元” (not reached)
    # -> basic (10000 − 600) × 75% = 7050; the resident 10000 − 7050 = 2950
    answer = Answerer(search=lambda *a, **k: [], today=lambda: TODAY).answer(
        "淮安 二级医院住的院 合规一万 咱还得掏几个钱")
    assert (answer.calculation["name"], Decimal(str(answer.calculation["total"]))) == ("settlement", Decimal(2950))
    assert answer.answer.startswith("自己最终负担2950元")
