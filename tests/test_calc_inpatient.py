"""Inpatient (住院) reimbursement: development cases and hand-worked cases from the documents.

Each expected figure was worked by hand from the quoted text; amounts are 元, dates pick the
version of the rules in force (连云港: 2017 办法 from 2018-01-01, 2018 通知 from 2019-01-01,
2026 通知 from 2026-01-01).
"""

import datetime as dt
from decimal import Decimal

import pytest

from calculators.errors import InputError
from calculators.registry import run

Y2026 = dt.date(2026, 6, 1)


def paid(date=Y2026, **payload) -> Decimal:
    return run("inpatient", {"date": date, **payload}).total


# --- development cases ----------------------------------------------------------------------

def test_dc01_huaian_first_level_adult():
    """淮安 "一级医院 300 元 85%": (8000 − 300) × 85% = 6545."""
    assert paid(city="淮安", level="一级", cost=8000) == Decimal("6545.00")


def test_dc02_huaian_unregistered_out_of_province_second_level():
    """淮安 "市外定点医院 1200 元"; 未备案临时外出 "降低 20 个百分点": (26000 − 1200) × (75% − 20%) = 13640."""
    assert paid(city="淮安", level="二级", area="未备案", cost=26000) == Decimal("13640.00")


def test_dc07_lianyungang_minor_first_level_2026():
    """2026通知: 一级起付线200元、成年85%; 未成年"高10个百分点": (15000 − 200) × 95% = 14060."""
    assert paid(city="连云港", level="一级", person="未成年居民", cost=15000) == Decimal("14060.00")


def test_dc08_lianyungang_student_third_level_2026():
    """2026通知: 三级800元、65%，学生+10点: (60000 − 800) × 75% = 44400."""
    assert paid(city="连云港", level="三级", person="在校学生", cost=60000) == Decimal("44400.00")


def test_dc09_lianyungang_tuberculosis_no_deductible_90_percent():
    """"参保人员患肺结核、精神病在本市定点医疗机构住院，不设起付线，发生的合规医疗费用报销90%": 18000 × 90%."""
    assert paid(city="连云港", level="二级", disease="肺结核", cost=18000) == Decimal("16200.00")


def test_dc13_changchun_provincial_third_level_bands():
    """长春 三级省级 起付1200; 起付-3万 55%、3万-6万 60%、6万-20万 65%:
    28800×55% + 30000×60% + 40000×65% = 15840 + 18000 + 26000 = 59840."""
    assert paid(city="长春", level="三级", tier="省级", cost=100000) == Decimal("59840.00")


def test_dc14_changchun_class_b_share_first():
    """长春 "乙类药品和诊疗项目个人先行自付部分10%": 18000 − 600 = 17400; (17400 − 800) × 60% = 9960."""
    assert paid(city="长春", level="三级", tier="市级", cost=18000, class_b_cost=6000) == Decimal("9960.00")


def test_dc19_changzhi_first_class_hits_annual_limit():
    """长治 一类收费标准 1000元/60%: (150000 − 1000) × 60% = 89400 > "最高支付医疗费用限额7万元"."""
    assert paid(city="长治", level="三级", grade="甲等", tier="市级", cost=150000) == Decimal("70000.00")


def test_dc25_suizhou_class_b_share_then_deductible():
    """随州 一级定点 200/90%，乙类"个人先行自付10%": 8000 − 200 − 200 = 7600 × 90% = 6840."""
    assert paid(city="随州", level="一级", cost=8000, class_b_cost=2000) == Decimal("6840.00")


# --- 连云港: versions by date ----------------------------------------------------------------

def test_lianyungang_2018_uses_the_2017_measures_two_bands():
    """2017办法 三级: "800元以上至10000元(含10000元)，报销65%" "10000元以上，报销70%":
    9200×65% + 20000×70% = 5980 + 14000 = 19980."""
    assert paid(dt.date(2018, 6, 1), city="连云港", level="三级", cost=30000) == Decimal("19980.00")


def test_lianyungang_2020_third_level_adult_rate_is_70_percent():
    """2018通知 "分别提高至85%、75%、70%": (30000 − 800) × 70% = 20440."""
    assert paid(dt.date(2020, 5, 1), city="连云港", level="三级", cost=30000) == Decimal("20440.00")


def test_lianyungang_2026_third_level_adult_rate_is_65_percent():
    """2026通知 "成年居民报销比例分别为85%、75%、65%": (30000 − 800) × 65% = 18980."""
    assert paid(city="连云港", level="三级", cost=30000) == Decimal("18980.00")


def test_lianyungang_cost_exactly_at_deductible_pays_nothing():
    """"起付线200元（含200元）以下由个人自负"."""
    assert paid(city="连云港", level="一级", cost=200) == Decimal("0.00")


def test_lianyungang_minor_above_100000_raised_to_90_percent():
    """二级未成年 85%; "100000元以上部分 … 低于90%的，提高到90%": 99600×85% + 50000×90% = 84660 + 45000."""
    assert paid(city="连云港", level="二级", person="minor", cost=150000) == Decimal("129660.00")


def test_lianyungang_minor_first_level_95_percent_is_not_lowered_above_100000():
    """一级未成年 95% 已高于90%: (150000 − 200) × 95% = 142310."""
    assert paid(city="连云港", level="一级", person="minor", cost=150000) == Decimal("142310.00")


def test_lianyungang_2018_minor_above_100000_is_set_to_90_percent():
    """2017办法 "100000元以上部分，基本医疗统筹基金报销比例为90%" (一级未成年 90%/95% → 90%):
    9800×90% + 90000×95% + 50000×90% = 8820 + 85500 + 45000 = 139320."""
    assert paid(dt.date(2018, 6, 1), city="连云港", level="一级", person="minor", cost=150000) == Decimal("139320.00")


def test_lianyungang_referred_out_of_city():
    """"转外（市外转诊）… 起付线为1000元"; 2018通知 "报销比例提高至65%": (20000 − 1000) × 65% = 12350."""
    assert paid(city="连云港", area="转诊", cost=20000) == Decimal("12350.00")


def test_lianyungang_unregistered_pays_15_percent_first():
    """"先由个人自费15%，其余部分再按市外转诊标准报销": 17000 − 1000 = 16000 × 65% = 10400."""
    assert paid(city="连云港", level="三级", area="未备案", cost=20000) == Decimal("10400.00")


def test_lianyungang_mental_illness_in_city():
    """"精神病在本市定点医疗机构住院，不设起付线 … 报销90%": 5000 × 90% = 4500."""
    assert paid(city="连云港", level="三级", disease="精神病", cost=5000) == Decimal("4500.00")


def test_lianyungang_annual_cap_limits_compliant_cost_across_stays():
    """"年度基本医疗住院合规医疗费用封顶线为300000元": stay 1 (200000−200)×85% = 169830;
    stay 2 counts only the remaining 100000: (100000 − 200) × 85% = 84830; total 254660."""
    stays = [{"level": "一级", "cost": 200000}, {"level": "一级", "cost": 150000}]
    assert paid(city="连云港", stays=stays) == Decimal("254660.00")


# --- 淮安 ------------------------------------------------------------------------------------

def test_huaian_one_yuan_above_the_deductible():
    """"二级医院 600 元 75%": (601 − 600) × 75% = 0.75."""
    assert paid(city="淮安", level="二级", cost=601) == Decimal("0.75")


def test_huaian_referred_out_of_city_five_points_lower():
    """转诊 "降低 5 个百分点", 市外起付线1200: (50000 − 1200) × 60% = 29280."""
    assert paid(city="淮安", level="三级", area="转诊", cost=50000) == Decimal("29280.00")


def test_huaian_resident_elsewhere_keeps_the_local_rate():
    """异地安置 "支付比例应与在参保地相应医药机构就医支付比例一致": (10000 − 1200) × 85% = 7480."""
    assert paid(city="淮安", level="一级", area="异地安置", cost=10000) == Decimal("7480.00")


def test_huaian_annual_payment_limit():
    """"240000 元" 年度基金支付限额: (400000 − 300) × 85% = 339745 → 240000."""
    assert paid(city="淮安", level="一级", cost=400000) == Decimal("240000.00")


def test_huaian_two_stays_each_pay_their_deductible():
    """(10000 − 900) × 65% + (5000 − 600) × 75% = 5915 + 3300 = 9215."""
    stays = [{"level": "三级", "cost": 10000}, {"level": "二级", "cost": 5000}]
    result = run("inpatient", {"city": "淮安", "date": Y2026, "stays": stays})
    assert result.total == Decimal("9215.00")
    assert any("每次住院各付一次起付线" in c for c in result.caveats)


# --- 长春 ------------------------------------------------------------------------------------

def test_changchun_student_half_deductible_and_bracketed_rates():
    """"省及省以上为1200元（学生600元）"; 括号内学生比例 65%/70%/75%:
    29400×65% + 30000×70% + 40000×75% = 19110 + 21000 + 30000 = 70110."""
    assert paid(city="长春", level="三级", tier="省级", person="student", cost=100000) == Decimal("70110.00")


def test_changchun_minor_adult_deductible_bracketed_rates():
    """二级(区级) 起付400; 未成年括号内 80%/85%: 29600×80% + 10000×85% = 23680 + 8500 = 32180."""
    assert paid(city="长春", level="二级", person="minor", cost=40000) == Decimal("32180.00")


def test_changchun_community_level_with_class_b():
    """一级(社区) 起付200、80%; 乙类1000先自付10%: (5000 − 100 − 200) × 80% = 3760."""
    assert paid(city="长春", level="一级", cost=5000, class_b_cost=1000) == Decimal("3760.00")


def test_changchun_long_term_elsewhere_ten_points_lower():
    """"在参保地规定的本地就医支付比例基础上降低10%": (20000 − 800) × 50% = 9600."""
    assert paid(city="长春", level="三级", tier="市级", area="异地安置", cost=20000) == Decimal("9600.00")


def test_changchun_non_emergency_elsewhere_pays_20_percent():
    """"异地发生的费用不符合急诊病情或病种的，医疗保险基金支付比例为20%": (20000 − 400) × 20% = 3920."""
    assert paid(city="长春", level="二级", area="未备案", cost=20000) == Decimal("3920.00")


def test_changchun_annual_limit_200000():
    """"住院统筹基金年度最高支付限额为20万元": 23840 + 25500 + 306000 = 355340 → 200000."""
    assert paid(city="长春", level="一级", cost=400000) == Decimal("200000.00")


def test_changchun_third_level_needs_the_tier():
    with pytest.raises(InputError) as err:
        paid(city="长春", level="三级", cost=10000)
    assert err.value.field == "tier"
    assert err.value.accepted == ["省级", "市级", "县区级"]


# --- 长治 ------------------------------------------------------------------------------------

def test_changzhi_third_class_first_level():
    """三类收费标准 "起付标准 100元 … 支付比例 85%": (10000 − 100) × 85% = 8415."""
    assert paid(city="长治", level="一级", cost=10000) == Decimal("8415.00")


def test_changzhi_second_class_county():
    """二类收费标准（二级甲等）县级 400元/75%: 19600 × 75% = 14700."""
    assert paid(city="长治", level="二级", grade="甲等", tier="县区级", cost=20000) == Decimal("14700.00")


def test_changzhi_second_class_city():
    """二类收费标准（三级乙等）省市级 500元/70%: 19500 × 70% = 13650."""
    assert paid(city="长治", level="三级", grade="乙等", tier="市级", cost=20000) == Decimal("13650.00")


def test_changzhi_out_of_province():
    """省外 1500元/55%: 18500 × 55% = 10175."""
    assert paid(city="长治", area="省外", cost=20000) == Decimal("10175.00")


def test_changzhi_unregistered_ten_points_lower():
    """"不备案比例降低10%": 一类 (20000 − 1000) × 50% = 9500."""
    assert paid(city="长治", level="三级", grade="甲等", area="未备案", cost=20000) == Decimal("9500.00")


def test_changzhi_exactly_at_the_deductible():
    assert paid(city="长治", level="二级", grade="乙等", cost=100) == Decimal("0.00")


# --- 随州 ------------------------------------------------------------------------------------

def test_suizhou_third_level():
    """"三级定点 900 … 70%": (50000 − 900) × 70% = 34370."""
    assert paid(city="随州", level="三级", cost=50000) == Decimal("34370.00")


def test_suizhou_referred_pays_10_percent_first_then_class_b_share():
    """异地转诊 1500、先行自付10%（政策范围内费用）; 乙类先行自付10%:
    20000 − 2000 = 18000; 乙类 5000×90% = 4500 → 450; (17550 − 1500) × 80% = 12840."""
    assert paid(city="随州", level="二级", area="转诊", cost=20000, class_b_cost=5000) == Decimal("12840.00")


def test_suizhou_unregistered_pays_20_percent_first():
    """"非急诊且未转诊 … 1500 20%": (10000 − 2000 − 1500) × 90% = 5850."""
    assert paid(city="随州", level="一级", area="未备案", cost=10000) == Decimal("5850.00")


def test_suizhou_destitute_no_deductible_in_2025_only():
    """"过渡期内住院不设起付标准，2026年起执行城乡居民住院起付标准": 2025 1000×90%; 2026 800×90%."""
    assert paid(dt.date(2025, 6, 1), city="随州", level="一级", group="特困人员", cost=1000) == Decimal("900.00")
    assert paid(city="随州", level="一级", group="特困人员", cost=1000) == Decimal("720.00")


def test_suizhou_annual_limit_150000():
    """"基本医疗保险基金年度最高支付限额为15万元": (300000 − 900) × 70% = 209370 → 150000."""
    assert paid(city="随州", level="三级", cost=300000) == Decimal("150000.00")


# --- bad input -------------------------------------------------------------------------------

@pytest.mark.parametrize(("payload", "field"), [
    ({"city": "北京", "level": "三级", "cost": 1000}, "city"),
    ({"city": "淮安", "level": "四级", "cost": 1000}, "level"),
    ({"city": "淮安", "level": "三级", "cost": -1}, "cost"),
    ({"city": "淮安", "level": "三级", "cost": 10**12}, "cost"),
    ({"city": "淮安", "level": "三级", "cost": 1000, "class_b_cost": 2000}, "class_b_cost"),
    ({"city": "淮安", "level": "三级"}, "cost"),
    ({"city": "淮安", "level": "三级", "cost": 1000, "area": "省外"}, "area"),
    ({"city": "淮安", "level": "三级", "cost": 1000, "person": "alien"}, "person"),
])
def test_bad_input_names_the_field(payload, field):
    with pytest.raises(InputError) as err:
        run("inpatient", {"date": Y2026, **payload})
    assert err.value.field == field


def test_unknown_level_lists_accepted_levels():
    with pytest.raises(InputError) as err:
        paid(city="淮安", level="四级", cost=1000)
    assert err.value.accepted == ["一级", "二级", "三级"]


def test_a_date_before_the_policy_is_an_input_error():
    with pytest.raises(InputError) as err:
        paid(dt.date(2017, 6, 1), city="连云港", level="三级", cost=1000)
    assert err.value.field == "date"
    assert "2018-01-01" in err.value.message


def test_english_value_names_are_accepted():
    assert paid(city="淮安", level="level1", person="adult", cost=8000) == Decimal("6545.00")


def test_every_step_with_a_figure_cites_its_document():
    result = run("inpatient", {"city": "长春", "level": "三级", "tier": "省级", "cost": 100000, "date": Y2026})
    band_steps = [s for s in result.steps if "统筹支付（" in s.label]
    assert len(band_steps) == 3
    assert all(s.citation and s.citation.doc_id == "cc-policy-handbook" for s in band_steps)
    assert result.caveats  # the table reading is an interpretation, shown to the resident
