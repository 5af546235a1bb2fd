"""Calculations understood the way residents state them, by class of expression (issue 11, seventh round).

Each test names one class: a cost said as the sum it has reached (累计到, 滚到, 加起来到, 花到 N元).
The phrasings are written for these tests (none is an evaluation question); every expected figure is
worked by hand from the document text quoted beside it.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.test_calc_wording_classes_4 import answered, slots_of  # one answering path, one reading

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
