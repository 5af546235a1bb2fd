"""门诊意外伤害 (calculator `outpatient_accident`): 长春 and 连云港."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calculators.errors import InputError
from calculators.registry import run


def calc(**payload):
    return run("outpatient_accident", payload)


def total(**payload) -> Decimal:
    return calc(**payload).total


# 长春: "在100元（不含100元）以上5000元以下（含5000元）的合规医疗费用，报销80%"

def test_changchun_pays_80_percent_of_the_band_above_100_up_to_5000():
    """(5000 − 100) × 80% = 3920."""
    assert total(city="长春", date="2026-06-01", person="在校学生", amount=6000) == Decimal("3920.00")


def test_changchun_100_yuan_is_not_included():
    assert total(city="长春", date="2026-06-01", person="在校学生", amount=100) == Decimal("0.00")


def test_changchun_exactly_5000_is_the_top_of_the_band():
    assert total(city="长春", date="2026-06-01", person="未成年居民", amount=5000) == Decimal("3920.00")


def test_changchun_minor_inside_the_band():
    assert total(city="长春", date="2026-06-01", person="未成年居民", amount=1100) == Decimal("800.00")


def test_changchun_adults_are_not_covered():
    """"参保未成年居民、大中小学生"."""
    with pytest.raises(InputError) as err:
        calc(city="长春", date="2026-06-01", person="成年居民", amount=1000)
    assert err.value.field == "person" and err.value.accepted == ["在校学生", "未成年居民"]


# 连云港: "一、二、三级定点医疗机构基本医疗统筹基金报销比例分别为80%、70%、60%，年度封顶线为3000元"

def test_lianyungang_secondary_70_percent():
    assert total(city="连云港", date="2026-06-01", person="在校学生", level="二级", amount=2000) == Decimal("1400.00")


def test_lianyungang_primary_at_the_3000_cap():
    assert total(city="连云港", date="2026-06-01", person="在校学生", level="一级", amount=3000) == Decimal("2400.00")


def test_lianyungang_tertiary_above_the_cap():
    assert total(city="连云港", date="2018-06-01", person="在校学生", level="三级", amount=5000) == Decimal("1800.00")


def test_lianyungang_costs_counted_earlier_in_the_year_use_up_the_cap():
    """2500 already counted: only 500 of 1000 fits under 3000; 500 × 80% = 400."""
    assert total(city="连云港", date="2026-06-01", person="在校学生", level="一级", amount=1000,
                 amount_counted_before=2500) == Decimal("400.00")


def test_lianyungang_only_accidents_at_school():
    """"在校内遭遇到意外伤害（无明确侵权人）"."""
    with pytest.raises(InputError) as err:
        calc(city="连云港", date="2026-06-01", person="在校学生", level="一级", amount=100, in_school=False)
    assert err.value.field == "in_school"


def test_lianyungang_minors_not_at_school_are_not_covered():
    with pytest.raises(InputError) as err:
        calc(city="连云港", date="2026-06-01", person="未成年居民", level="一级", amount=100)
    assert err.value.field == "person"


def test_a_liable_third_party_means_no_payment():
    with pytest.raises(InputError) as err:
        calc(city="长春", date="2026-06-01", person="在校学生", amount=1000, third_party_liable=True)
    assert err.value.field == "third_party_liable"


def test_lianyungang_needs_the_level():
    with pytest.raises(InputError) as err:
        calc(city="连云港", date="2026-06-01", person="在校学生", amount=100)
    assert err.value.field == "level"


def test_a_city_without_the_benefit_says_so():
    with pytest.raises(InputError) as err:
        calc(city="淮安", date="2026-06-01", person="在校学生", amount=100)
    assert err.value.field == "benefit"


def test_before_the_2017_measures_took_effect():
    with pytest.raises(InputError) as err:
        calc(city="连云港", date="2017-06-01", person="在校学生", level="一级", amount=100)
    assert err.value.field == "date"


amounts = st.integers(min_value=0, max_value=2_000_000).map(lambda cents: Decimal(cents) / 100)


@settings(max_examples=60, deadline=None)
@given(amount=amounts, extra=amounts, city=st.sampled_from(["长春", "连云港"]))
def test_bounded_by_cost_and_band_and_monotone(amount, extra, city):
    args = {"city": city, "date": "2026-06-01", "person": "在校学生", "level": "一级"}
    low = total(amount=amount, **args)
    high = total(amount=amount + extra, **args)
    assert Decimal(0) <= low <= min(amount, Decimal(3920 if city == "长春" else 2400))
    assert low <= high
