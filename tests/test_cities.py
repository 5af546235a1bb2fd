"""City detection from the text of a question: city names, districts and counties."""

from __future__ import annotations

import pytest

from bot.understanding.cities import PLACES, cities_in, detect_city
from corpus.catalogue import CITIES


@pytest.mark.parametrize(
    ("question", "city"),
    [
        ("淮安住院起付线是多少", "淮安"),
        ("我在盱眙，孩子新生儿怎么参保", "淮安"),
        ("涟水县的居民医保几月份交", "淮安"),
        ("赣榆区去哪里交医保", "连云港"),  # 连云港 2026 notice: 赣榆区、东海县、灌云县、灌南县参保居民 …
        ("东海县农商银行能交居民医保吗", "连云港"),
        ("我是九台的，住院报多少", "长春"),
        ("绿园区医院住院起付线", "长春"),  # 长春 handbook: 朝阳区医院、南关区医院 … 绿园区医院
        ("公主岭医保咨询电话", "长春"),
        ("屯留的慢性病怎么报", "长治"),
        ("长子县住院起付线多少", "长治"),
        ("随县外伤住院怎么报销", "随州"),  # 随州 brochure: 随县参保患者意外伤害住院 …
        ("广水市居民医保缴费标准", "随州"),
    ],
)
def test_a_question_naming_a_city_or_one_of_its_places_is_about_that_city(question, city):
    assert detect_city(question) == city


def test_a_question_naming_no_place_has_no_city():
    assert detect_city("住院起付线是多少") is None


def test_a_question_naming_two_cities_has_no_single_city():
    assert cities_in("淮安和长春的起付线哪个高") == ["淮安", "长春"]
    assert detect_city("淮安和长春的起付线哪个高") is None


def test_the_same_city_named_twice_is_still_one_city():
    assert detect_city("长春市朝阳区的居民在长春住院") == "长春"


def test_eldest_son_is_not_the_county_of_changzi():
    """长子 alone is 'eldest son'; only 长子县 is the county of 长治."""
    assert detect_city("我家长子在外地上大学怎么参保") is None


def test_every_catalogue_city_has_place_names():
    assert set(PLACES) == set(CITIES)
