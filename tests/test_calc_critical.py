"""大病保险 (critical-illness insurance): development cases and hand-worked cases from the documents.

Input is the year's cumulative compliant personal burden after the basic scheme.
"""

import datetime as dt
from decimal import Decimal

import pytest

from calculators.errors import InputError
from calculators.registry import run

Y2026 = dt.date(2026, 6, 1)


def paid(date=Y2026, **payload) -> Decimal:
    return run("critical_illness", {"date": date, **payload}).total


# --- development cases ----------------------------------------------------------------------

def test_dc03_huaian_assistance_recipient_bands_above_deductible():
    """淮安 "医疗救助对象 9000 元 … 6 万元以下（含 6 万元）的部分，报销 65%": (56000 − 9000) × 65% = 30550."""
    assert paid(city="淮安", burden=56000, group="低保边缘家庭成员") == Decimal("30550.00")


def test_dc10_lianyungang_2026_cumulative_bands():
    """2026通知 "1.6万元以上至8万元部分，报销60%，8万元以上至15万元部分，报销70%，15万元以上至50万元部分，报销80%":
    64000×60% + 70000×70% + 50000×80% = 38400 + 49000 + 40000 = 127400."""
    assert paid(city="连云港", burden=200000) == Decimal("127400.00")


def test_dc20_changzhi_ordinary():
    """长治 "超过1万元以上部分 … 报销比例75%": (48000 − 10000) × 75% = 28500."""
    assert paid(city="长治", burden=48000) == Decimal("28500.00")


def test_dc21_changzhi_dibao():
    """"特困人员、低保对象、返贫致贫人口大病保险起付线5000元，报销比例80%": 40000 × 80% = 32000."""
    assert paid(city="长治", burden=45000, group="低保对象") == Decimal("32000.00")


def test_dc26_suizhou_cumulative_bands():
    """随州 "累计金额在1.2万元以上3万元（含）以下部分赔付60%；3万元以上10万元（含）以下部分赔付65%；10万元以上部分赔付75%":
    18000×60% + 70000×65% + 50000×75% = 10800 + 45500 + 37500 = 93800."""
    assert paid(city="随州", burden=150000) == Decimal("93800.00")


def test_dc27_suizhou_destitute_half_deductible_plus_five_points():
    """"起付线降低50%，各段报销比例分别提高5%": 24000×65% + 70000×70% + 20000×80% = 15600 + 49000 + 16000."""
    assert paid(city="随州", burden=120000, group="特困") == Decimal("80600.00")


# --- 连云港 ----------------------------------------------------------------------------------

def test_lianyungang_hardship_residents_8000_and_ten_points_more():
    """"困难居民大病保险起付标准降低为8000元，各费用段报销比例提高10个百分点": 72000×70% + 20000×80% = 66400."""
    assert paid(city="连云港", burden=100000, group="低保对象") == Decimal("66400.00")


def test_lianyungang_2018_uses_the_2017_bands():
    """2017办法 "10000元以上至20000元的部分，按50%比例报销；20000元以上至50000元的部分，按60% …":
    5000 + 18000 + 7000 = 30000."""
    assert paid(dt.date(2018, 6, 1), city="连云港", burden=60000) == Decimal("30000.00")


def test_lianyungang_2020_still_uses_the_2017_bands():
    """The 2018 notice does not speak to 大病保险: 10000×50% + 10000×60% = 11000."""
    assert paid(dt.date(2020, 6, 1), city="连云港", burden=30000) == Decimal("11000.00")


def test_lianyungang_burden_at_the_deductible_pays_nothing():
    assert paid(city="连云港", burden=16000) == Decimal("0.00")


def test_lianyungang_at_a_band_edge():
    """(80000 − 16000) × 60% = 38400."""
    assert paid(city="连云港", burden=80000) == Decimal("38400.00")


def test_lianyungang_cap_500000():
    """"封顶线为50万元": 38400 + 49000 + 850000×80% = 767400 → 500000."""
    assert paid(city="连云港", burden=1000000) == Decimal("500000.00")


# --- 淮安 ------------------------------------------------------------------------------------

def test_huaian_ordinary_bands_above_18000():
    """"普通参保人员 18000 元": 超过部分 82000: 60000×60% + 22000×70% = 36000 + 15400 = 51400."""
    assert paid(city="淮安", burden=100000) == Decimal("51400.00")


def test_huaian_at_the_deductible():
    assert paid(city="淮安", burden=18000) == Decimal("0.00")


def test_huaian_destitute_is_an_assistance_recipient():
    """超过9000的191000: 60000×65% + 40000×75% + 91000×90% = 39000 + 30000 + 81900 = 150900."""
    assert paid(city="淮安", burden=200000, group="特困人员") == Decimal("150900.00")


def test_huaian_continuous_and_zero_claim_years_raise_the_cap():
    """"每次提高限额均为 5000 元": 连续6年 → 2次, 零报销1年 → 1次: 500000 + 15000.
    Payment 36000 + 28000 + 682000×85% = 643700 → 515000."""
    assert paid(city="淮安", burden=800000, continuous_years=6, zero_claim_years=1) == Decimal("515000.00")


def test_huaian_cap_increase_at_most_20_percent():
    """"累计提高总额不超过居民大病保险原封顶线的 20%": 26 × 5000 → 100000; cap 600000."""
    assert paid(city="淮安", burden=1000000, continuous_years=30) == Decimal("600000.00")


def test_huaian_group_without_a_tilt_is_ordinary_with_a_caveat():
    """返贫致贫人口 is not in 淮安's list of 医疗救助对象: (56000 − 18000) × 60% = 22800."""
    result = run("critical_illness", {"city": "淮安", "date": Y2026, "burden": 56000, "group": "返贫致贫人口"})
    assert result.total == Decimal("22800.00")
    assert any("按普通参保人员计算" in c for c in result.caveats)


# --- 长春 ------------------------------------------------------------------------------------

def test_changchun_bands_over_the_part_above_10000():
    """"0-1万元（含1万），60%报销 1万元-10万元（含10万），70%报销": 10000×60% + 30000×70% = 27000."""
    assert paid(city="长春", burden=50000) == Decimal("27000.00")


def test_changchun_cap_300000():
    """"大病补充保险基金最高支付限额为30万元"."""
    assert paid(city="长春", burden=1000000) == Decimal("300000.00")


# --- 长治 ------------------------------------------------------------------------------------

def test_changzhi_second_stage_above_50000_left():
    """"大病保险报销后，个人合规自付费用超过5万元以上部分，再按50%": 190000×75% = 142500;
    left 57500 → 7500 × 50% = 3750; total 146250."""
    assert paid(city="长治", burden=200000) == Decimal("146250.00")


def test_changzhi_unapproved_transfer_ten_points_lower():
    """"未办理转院审批手续的，大病保险报销比例同时降低10%": 38000 × 65% = 24700."""
    assert paid(city="长治", burden=48000, unapproved_transfer=True) == Decimal("24700.00")


def test_changzhi_destitute_has_no_cap():
    """"取消封顶线": 995000×80% = 796000; left 204000 → 154000×50% = 77000; 873000."""
    assert paid(city="长治", burden=1000000, group="特困人员") == Decimal("873000.00")


def test_changzhi_ordinary_cap_400000():
    """742500 + 103750 = 846250 → "年度最高支付限额40万元"."""
    assert paid(city="长治", burden=1000000) == Decimal("400000.00")


# --- 随州 ------------------------------------------------------------------------------------

def test_suizhou_at_the_first_band_edge():
    """(30000 − 12000) × 60% = 10800."""
    assert paid(city="随州", burden=30000) == Decimal("10800.00")


def test_suizhou_at_the_deductible():
    assert paid(city="随州", burden=12000) == Decimal("0.00")


def test_suizhou_cap_350000():
    """10800 + 45500 + 675000 = 731300 → "年度最高支付限额为35万元"."""
    assert paid(city="随州", burden=1000000) == Decimal("350000.00")


def test_suizhou_dibao_has_no_cap():
    """15600 + 49000 + 900000×80% = 784600, "不设封顶线"."""
    assert paid(city="随州", burden=1000000, group="低保") == Decimal("784600.00")


# --- semantics and bad input -----------------------------------------------------------------

def test_the_band_basis_comes_from_the_rules_and_is_cited():
    result = run("critical_illness", {"city": "随州", "date": Y2026, "burden": 50000})
    basis = [s for s in result.steps if s.label == "分段口径"]
    assert basis and basis[0].citation.doc_id == "sz-resident-brochure"


@pytest.mark.parametrize(("payload", "field"), [
    ({"city": "淮安", "burden": -1}, "burden"),
    ({"city": "淮安", "burden": 10**12}, "burden"),
    ({"city": "淮安", "burden": 1000, "group": "富人"}, "group"),
    ({"city": "上海", "burden": 1000}, "city"),
    ({"city": "淮安"}, "burden"),
])
def test_bad_input_names_the_field(payload, field):
    with pytest.raises(InputError) as err:
        run("critical_illness", {"date": Y2026, **payload})
    assert err.value.field == field


def test_a_date_before_the_policy_names_the_first_date():
    with pytest.raises(InputError) as err:
        paid(dt.date(2024, 1, 1), city="随州", burden=50000)
    assert err.value.field == "date" and "2025-01-01" in err.value.message
