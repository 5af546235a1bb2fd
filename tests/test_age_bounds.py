"""An age said as an upper bound (18岁以下, 未满18周岁) names the people below it."""

from bot.understanding.slots import extract_slots


def test_an_age_followed_by_below_names_a_minor():
    slots = extract_slots("18周岁以下的居民每年交多少")
    assert slots.person == "minor"
    assert slots.age is None  # a bound is nobody's age


def test_an_age_after_not_yet_reached_names_a_minor():
    assert extract_slots("孩子未满18岁住院报几成").person == "minor"


def test_an_age_followed_by_above_keeps_that_age():
    slots = extract_slots("18岁以上的居民交多少")
    assert slots.person == "adult"
    assert slots.age == 18


def test_a_plain_age_is_kept():
    assert extract_slots("我儿子16岁交多少").age == 16
