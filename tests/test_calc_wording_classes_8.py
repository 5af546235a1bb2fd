"""Calculations understood the way residents state them, by class of expression (issue 11, eighth round).

Each test names one class: a type of a disease that a city prices apart (Ⅰ型糖尿病, by every way its
numeral is written), ages of household members said as bare numbers or in a later clause in order, an
outpatient cost of a disease a city lists as a 门诊特殊病 priced by that scheme, and a calculation that
lacks only its cost asking for it. The phrasings are written for these tests (none is a development
question); every expected figure is worked by hand from the document text quoted beside it.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from bot.answers.calc_bridge import prepare
from bot.understanding.homophones import correct_homophones
from bot.understanding.normalize import normalize
from tests.test_calc_wording_classes_4 import TODAY, answered, slots_of  # one answering path, one reading

# ------------------------------------------------------------------ a disease's type priced apart


@pytest.mark.parametrize("said", ["1型糖尿病", "一型糖尿病", "Ⅰ型糖尿病", "I型糖尿病", "糖尿病(1型)", "一型的糖尿病"])
def test_a_type_of_diabetes_said_any_way_is_kept_in_the_disease_slot(said):
    assert slots_of(f"我女儿是{said}，门诊两病用药报多少").diseases == ["Ⅰ型糖尿病"]


def test_diabetes_of_another_type_or_none_stays_diabetes():
    assert slots_of("我是2型糖尿病，两病用药能报多少").diseases == ["糖尿病"]
    assert slots_of("我有糖尿病，两病用药能报多少").diseases == ["糖尿病"]


def test_type_one_diabetes_is_still_one_of_the_two_diseases():
    assert slots_of("女儿1型糖尿病，门诊用药花了900元").benefit == "two_diseases"


def test_type_one_diabetes_gives_the_calculator_its_type():
    text = correct_homophones(normalize("长治，女儿是一型糖尿病，两病门诊买药一年1000元，能报多少"))
    request = prepare("two_diseases", slots_of(text), "长治", TODAY, text=text)
    assert (request.payload["diseases"], request.payload["diabetes_type"]) == ("糖尿病", "Ⅰ型糖尿病")


def test_type_one_diabetes_is_capped_at_its_own_limit():
    # 长治 两病表: "报销比例 甲类药品60%；乙类药品50%", "Ⅰ型糖尿病患者为480元" (其他类型 360元):
    # 1000 × 60% = 600 > 480 -> 480
    assert answered("长治，女儿是一型糖尿病，两病门诊买药一年1000元，能报多少") == ("two_diseases", Decimal(480))
