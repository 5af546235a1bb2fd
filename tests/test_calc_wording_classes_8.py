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


# ------------------------------------------------------------------ ages of members said after them

def ages(text: str) -> list[tuple[str, int | None]]:
    return [(m.relation, m.age) for m in slots_of(text).household]


def test_members_each_followed_by_a_bare_number_have_those_ages():
    assert ages("我们家三口，我38，我爱人36，女儿9，交多少") == [("本人", 38), ("配偶", 36), ("女儿", 9)]


def test_the_resident_as_a_bare_wo_before_an_age_is_a_member():
    assert ages("家里三口人，我38岁，爱人36岁，女儿9岁，交多少") == [("本人", 38), ("配偶", 36), ("女儿", 9)]


def test_one_member_with_a_bare_number_is_no_list_of_ages():
    assert slots_of("我爱人36，住院花了多少能报").household == []


def test_ages_given_in_turn_after_the_members_attach_in_order():
    assert ages("我、爱人和女儿，分别38、36、9岁，交多少") == [("本人", 38), ("配偶", 36), ("女儿", 9)]


def test_bare_numbers_given_in_turn_are_ages_when_the_words_say_so():
    assert ages("家里有爸妈和我，年龄分别是71、69、17，交多少") == [("父亲", 71), ("母亲", 69), ("本人", 17)]


def test_ages_in_turn_of_another_count_than_the_members_attach_to_none():
    assert ages("我、爱人和女儿，分别38、36岁，交多少") == [("本人", None), ("配偶", None), ("女儿", None)]


def test_a_household_listed_with_bare_ages_is_priced_member_by_member():
    # 连云港 2026: "其他成年居民每人每年440元", "18周岁以下未成年居民每人每年420元":
    # 38 and 36 are adults (440 + 440), 9 is under 18 (420): 1300
    assert answered("连云港，我们家三口，我38，我爱人36，女儿9，居民医保一年交多少") == ("contribution", Decimal(1300))


def test_a_household_with_ages_in_turn_is_priced_member_by_member():
    # 连云港 2026: "其他成年居民每人每年440元", "18周岁以下未成年居民每人每年420元":
    # 爸 71 and 妈 69 are adults (440 + 440), 我 17 is under 18 (420): 1300
    assert answered("连云港，家里有爸妈和我，年龄分别是71、69、17，居民医保交多少") == ("contribution", Decimal(1300))
