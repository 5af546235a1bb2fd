"""A place outside the five cities: where a resident seeks care, or the scheme asked about."""

import pytest

from bot.answers.places import is_destination


@pytest.mark.parametrize("question, place", [
    ("长治居民去太原看普通门诊要备案吗", "太原"),
    ("淮安参保的在上海住院怎么报", "上海"),
    ("孩子到南京市的医院做手术能报多少", "南京"),
    ("在北京打工，老家连云港的医保还能用吗", "北京"),
])
def test_a_place_where_care_is_sought_is_a_destination(question, place):
    assert is_destination(question, place)


@pytest.mark.parametrize("question, place", [
    ("北京医保住院报销比例是多少", "北京"),
    ("我在上海参保，起付线多少", "上海"),
    ("杭州的政策和淮安一样吗", "杭州"),
    ("苏州新农合一年交多少", "苏州"),
])
def test_a_place_named_as_a_scheme_is_not_a_destination(question, place):
    assert not is_destination(question, place)


def test_a_place_named_once_as_destination_and_once_as_scheme_is_not_a_destination():
    assert not is_destination("去北京看病，按北京医保报吗", "北京")


def test_a_place_the_question_does_not_name_is_not_a_destination():
    assert not is_destination("淮安住院起付线", "太原")
