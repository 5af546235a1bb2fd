"""长期照护保险 (calculator `long_term_care`, 长春): Q30 of the handbook, not its garbled table."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calculators.errors import InputError
from calculators.registry import run


def calc(**payload):
    return run("long_term_care", payload)


def total(**payload) -> Decimal:
    return calc(**payload).total


def test_dc16_severe_disability_31_days_at_130():
    """"床位费、护理费、护理耗材费等项目日额度107元内城乡居民80%的报销待遇": 107 × 80% × 31 = 2653.6."""
    result = calc(city="长春", date="2026-06-01", category="重度失能", days=31, daily_cost=130)
    assert result.total == Decimal("2653.60")
    assert any("按第30问的文字计算" in c for c in result.caveats)


def test_severe_below_the_daily_amount_pays_80_percent_of_the_cost():
    assert total(city="长春", date="2026-06-01", category="重度失能", days=30, daily_cost=100) == Decimal("2400.00")


def test_severe_exactly_at_107_a_day():
    assert total(city="长春", date="2026-06-01", category="重度失能", days=1, daily_cost=107) == Decimal("85.60")


def test_moderate_is_70_percent_of_the_severe_rate():
    """"中度失能人员报销比例为重度失能报销比例的70%": 107 × 56% × 30 = 1797.6."""
    assert total(city="长春", date="2026-06-01", category="中度失能", days=30, daily_cost=130) == Decimal("1797.60")


def test_over_90_partly_or_not_disabled_is_70_percent_of_the_severe_rate():
    assert total(city="长春", date="2026-06-01", category="90周岁以上部分失能或未失能", days=10,
                 daily_cost=100) == Decimal("560.00")


def test_85_to_90_not_fully_disabled_bed_fee_half():
    """"长期照护床位费报销50%，日均支付限额25元": 40 × 50% = 20 a day."""
    assert total(city="长春", date="2026-06-01", category="未完全失能（85至90周岁）", days=30, daily_cost=100,
                 daily_bed_fee=40) == Decimal("600.00")


def test_85_to_90_daily_payment_limit_25():
    assert total(city="长春", date="2026-06-01", category="未完全失能（85至90周岁）", days=30, daily_cost=130,
                 daily_bed_fee=60) == Decimal("750.00")


def test_85_to_90_needs_the_bed_fee():
    with pytest.raises(InputError) as err:
        calc(city="长春", date="2026-06-01", category="未完全失能（85至90周岁）", days=3, daily_cost=100)
    assert err.value.field == "daily_bed_fee"


def test_zero_days_is_an_input_error():
    with pytest.raises(InputError) as err:
        calc(city="长春", date="2026-06-01", category="重度失能", days=0, daily_cost=100)
    assert err.value.field == "days"


def test_unknown_category_lists_the_categories():
    with pytest.raises(InputError) as err:
        calc(city="长春", date="2026-06-01", category="轻度失能", days=3, daily_cost=100)
    assert err.value.field == "category" and "重度失能" in err.value.accepted


def test_other_cities_have_no_care_insurance_in_their_documents():
    with pytest.raises(InputError) as err:
        calc(city="淮安", date="2026-06-01", category="重度失能", days=3, daily_cost=100)
    assert err.value.field == "benefit"


def test_before_the_handbook_is_an_input_error():
    with pytest.raises(InputError) as err:
        calc(city="长春", date="2020-06-01", category="重度失能", days=3, daily_cost=100)
    assert err.value.field == "date"


@settings(max_examples=60, deadline=None)
@given(days=st.integers(min_value=1, max_value=366), cost=st.integers(min_value=0, max_value=100_000),
       more=st.integers(min_value=0, max_value=100_000),
       category=st.sampled_from(["重度失能", "中度失能", "90周岁以上部分失能或未失能"]))
def test_bounded_by_cost_and_daily_amount_and_monotone(days, cost, more, category):
    daily = Decimal(cost) / 100
    low = total(city="长春", date="2026-06-01", category=category, days=days, daily_cost=daily)
    high = total(city="长春", date="2026-06-01", category=category, days=days, daily_cost=daily + Decimal(more) / 100)
    assert Decimal(0) <= low <= min(daily, Decimal("85.6")) * days + Decimal("0.01")
    assert low <= high
