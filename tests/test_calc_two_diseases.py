"""“两病”门诊用药 (calculator `two_diseases`): hand-worked cases from the documents' own words."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calculators.errors import InputError
from calculators.registry import run


def calc(**payload):
    return run("two_diseases", payload)


def total(**payload) -> Decimal:
    return calc(**payload).total


def test_dc05_huaian_hypertension_only_capped_at_800():
    """淮安 Q60: "暂不设起付线	50%	800 元	1200 元": 1900 × 50% = 950 → 1 个病种 800."""
    assert total(city="淮安", date="2026-06-01", diseases="高血压", facility="村卫生室", amount=1900) == Decimal("800.00")


def test_dc23_changzhi_type1_diabetes_class_a_60_percent():
    """长治: "甲类药品60%", "Ⅰ型糖尿病患者为480元": 750 × 60% = 450 < 480."""
    assert total(city="长治", date="2026-06-01", diseases="糖尿病", diabetes_type="Ⅰ型糖尿病",
                 amount=750) == Decimal("450.00")


def test_huaian_both_diseases_cap_1200():
    """"年度基金支付 限额 (2 个病种)" 1200: 3000 × 50% = 1500 → 1200."""
    assert total(city="淮安", date="2026-06-01", diseases="高血压和糖尿病", facility="乡镇卫生院",
                 amount=3000) == Decimal("1200.00")


def test_huaian_exactly_at_the_one_disease_cap():
    assert total(city="淮安", date="2026-06-01", diseases="糖尿病", facility="乡镇卫生院", amount=1600) == Decimal("800.00")


def test_huaian_below_the_cap_pays_half():
    assert total(city="淮安", date="2026-06-01", diseases="糖尿病", facility="社区卫生服务中心",
                 amount=1000) == Decimal("500.00")


def test_huaian_secondary_hospital_is_not_a_basic_facility():
    """"在基层定点医疗机构门诊治疗“两病”的政策范围内的药品费用"."""
    with pytest.raises(InputError) as err:
        calc(city="淮安", date="2026-06-01", diseases="高血压", facility="二级医院", amount=1000)
    assert err.value.field == "facility" and "村卫生室" in err.value.accepted


def test_huaian_asks_for_the_facility():
    with pytest.raises(InputError) as err:
        calc(city="淮安", date="2026-06-01", diseases="高血压", amount=1000)
    assert err.value.field == "facility"


def test_changzhi_type1_diabetes_capped_at_480():
    assert total(city="长治", date="2026-06-01", diseases="糖尿病", diabetes_type="Ⅰ型糖尿病",
                 amount=1000) == Decimal("480.00")


def test_changzhi_other_diabetes_cap_360_not_reached():
    """"其他类型糖尿病患者为360元": 500 × 60% = 300."""
    assert total(city="长治", date="2026-06-01", diseases="糖尿病", amount=500) == Decimal("300.00")


def test_changzhi_hypertension_class_b_at_50_percent_capped_at_260():
    """400 × 60% + 100 × 50% = 290 → "年度限额 260元"."""
    assert total(city="长治", date="2026-06-01", diseases="高血压", amount=500, class_b_amount=100) == Decimal("260.00")


def test_changzhi_both_diseases_add_the_two_caps_and_say_it_is_an_interpretation():
    """No joint cap in the text: 260 + 360 = 620; 1500 × 60% + 500 × 50% = 1150 → 620."""
    result = calc(city="长治", date="2026-06-01", diseases="高血压和糖尿病", amount=2000, class_b_amount=500)
    assert result.total == Decimal("620.00")
    assert any("相加" in c for c in result.caveats)


def test_changzhi_chronic_scheme_patients_are_excluded():
    """"除纳入门诊特殊慢性病保障范围的高血压患者"."""
    with pytest.raises(InputError) as err:
        calc(city="长治", date="2026-06-01", diseases="高血压", amount=500, in_chronic_scheme=True)
    assert err.value.field == "in_chronic_scheme"


def test_suizhou_hypertension_cap_450():
    """随州: "高血压每年最高支付限额450元": 1000 × 50% = 500 → 450."""
    assert total(city="随州", date="2025-06-01", diseases="高血压", amount=1000) == Decimal("450.00")


def test_suizhou_diabetes_below_cap_500():
    assert total(city="随州", date="2025-06-01", diseases="糖尿病", amount=800) == Decimal("400.00")


def test_suizhou_cap_includes_what_general_outpatient_paid():
    """"同时 符合高血压和糖尿病标准的每年最高支付限额550元，最高支付限额包  含门诊统筹年度支付限额":
    550 − 100 = 450."""
    assert total(city="随州", date="2025-06-01", diseases="高血压和糖尿病", amount=1500,
                 general_outpatient_paid=100) == Decimal("450.00")


def test_suizhou_chronic_scheme_patients_are_excluded():
    with pytest.raises(InputError):
        calc(city="随州", date="2025-06-01", diseases="高血压", amount=500, in_chronic_scheme=True)


def test_a_city_without_a_two_diseases_benefit_says_so():
    with pytest.raises(InputError) as err:
        calc(city="长春", date="2026-06-01", diseases="高血压", amount=500)
    assert err.value.field == "benefit"


def test_class_b_above_the_total_is_an_input_error():
    with pytest.raises(InputError) as err:
        calc(city="长治", date="2026-06-01", diseases="高血压", amount=100, class_b_amount=200)
    assert err.value.field == "class_b_amount"


def test_an_unknown_disease_lists_the_accepted_ones():
    with pytest.raises(InputError) as err:
        calc(city="随州", date="2025-06-01", diseases="冠心病", amount=100)
    assert err.value.field == "diseases" and "高血压" in err.value.accepted


def test_a_date_before_the_brochure_is_an_input_error():
    with pytest.raises(InputError) as err:
        calc(city="随州", date="2024-06-01", diseases="高血压", amount=100)
    assert err.value.field == "date"


CASES = [("淮安", "高血压", Decimal(800)), ("长治", "高血压", Decimal(260)), ("随州", "高血压和糖尿病", Decimal(550))]
amounts = st.integers(min_value=0, max_value=1_000_000).map(lambda cents: Decimal(cents) / 100)


@settings(max_examples=60, deadline=None)
@given(case=st.sampled_from(CASES), amount=amounts, extra=amounts)
def test_the_fund_is_bounded_and_monotone(case, amount, extra):
    city, diseases, cap = case
    args = {"city": city, "date": "2026-06-01", "diseases": diseases, "facility": "乡镇卫生院"}
    low = total(amount=amount, **args)
    high = total(amount=amount + extra, **args)
    assert Decimal(0) <= low <= min(amount, cap) + Decimal("0.01")
    assert low <= high
