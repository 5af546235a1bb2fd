"""门诊慢性病 / 门诊特殊病 (calculator `chronic_disease`): hand-worked cases from the documents."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calculators.errors import InputError
from calculators.registry import run


def calc(**payload):
    return run("chronic_disease", payload)


def total(**payload) -> Decimal:
    return calc(**payload).total


# ---- 连云港 -------------------------------------------------------------------------------------

def test_lianyungang_2026_hypertension_deductible_200_extra_disease_raises_the_cost_cap():
    """2026: "对应合规费用500元（高血压、糖尿病200元）以上部分"; 2017: "乙类疾病为3000元",
    "每增加一个病种封顶线增加500元", 二级 70%: (min(4000, 3500) − 200) × 70% = 2310."""
    assert total(city="连云港", date="2026-06-01", disease="高血压", disease_class="乙类", level="二级",
                 disease_count=2, amount=4000) == Decimal("2310.00")


def test_lianyungang_2025_hypertension_still_had_the_500_deductible():
    """2017 measures only: "起付线为500元，封顶线甲类疾病为5000元": (5000 − 500) × 65% = 2925."""
    assert total(city="连云港", date="2025-06-01", disease="高血压", disease_class="甲类", level="三级",
                 amount=6000) == Decimal("2925.00")


def test_lianyungang_extra_diseases_raise_the_cap_by_at_most_1000():
    """"最多增加1000元": 4 diseases → 5000 + 1000; (6000 − 500) × 75% = 4125."""
    assert total(city="连云港", date="2026-06-01", disease_class="甲类", level="一级", disease_count=4,
                 amount=8000) == Decimal("4125.00")


def test_lianyungang_cost_at_the_deductible_pays_nothing():
    assert total(city="连云港", date="2026-06-01", disease_class="甲类", level="一级", amount=500) == Decimal("0.00")


def test_lianyungang_needs_the_disease_class_for_its_cap():
    with pytest.raises(InputError) as err:
        calc(city="连云港", date="2026-06-01", level="一级", amount=5000)
    assert err.value.field == "disease_class" and err.value.accepted == ["甲类", "乙类"]


def test_lianyungang_2026_peritoneal_dialysis_95_percent_with_a_caveat_on_limits():
    """2026: "腹膜透析的报销比例为95%"; "年度限额内的合规费用" (amount not given)."""
    result = calc(city="连云港", date="2026-06-01", scheme="门诊特殊病", disease="腹膜透析", amount=10000)
    assert result.total == Decimal("9500.00")
    assert any("年度限额" in c for c in result.caveats)


def test_lianyungang_2026_other_special_diseases_90_percent():
    """"其他病种或治疗方式的报销比例为90%"."""
    assert total(city="连云港", date="2026-06-01", scheme="门诊特殊病", disease="肺结核",
                 amount=10000) == Decimal("9000.00")


def test_lianyungang_2026_class_a_infectious_disease_100_percent():
    assert total(city="连云港", date="2026-06-01", scheme="门诊特殊病", disease="甲类传染病",
                 amount=10000) == Decimal("10000.00")


def test_lianyungang_2025_special_diseases_all_at_90_percent():
    """2017: "基本医疗统筹基金报销比例为90%" for all five 特殊病种."""
    assert total(city="连云港", date="2025-06-01", scheme="门诊特殊病", disease="腹膜透析",
                 amount=10000) == Decimal("9000.00")


# ---- 淮安 ---------------------------------------------------------------------------------------

def test_huaian_other_special_disease_deductible_750_secondary_75():
    """"其他病种：750 元", "二级医院：75%": (10000 − 750) × 75% = 6937.5."""
    assert total(city="淮安", date="2026-06-01", scheme="门诊特殊病", disease="其他病种", level="二级",
                 amount=10000) == Decimal("6937.50")


def test_huaian_severe_mental_disorder_no_deductible_primary_85():
    assert total(city="淮安", date="2026-06-01", scheme="门诊特殊病", disease="严重精神障碍", level="一级",
                 amount=2000) == Decimal("1700.00")


def test_huaian_mental_illness_deductible_300_tertiary_65():
    assert total(city="淮安", date="2026-06-01", scheme="门诊特殊病", disease="精神类疾病", level="三级",
                 amount=1000) == Decimal("455.00")


def test_huaian_cap_shared_with_inpatient():
    """"省定病种与住院费用共用年度支付限额，24 万元": 240000 − 200000 = 40000 left."""
    assert total(city="淮安", date="2026-06-01", scheme="门诊特殊病", disease="其他病种", level="一级",
                 amount=100000, shared_cap_used=200000) == Decimal("40000.00")


def test_huaian_needs_the_hospital_level():
    with pytest.raises(InputError) as err:
        calc(city="淮安", date="2026-06-01", scheme="门诊特殊病", disease="其他病种", amount=1000)
    assert err.value.field == "level"


def test_huaian_has_no_chronic_disease_scheme_of_its_own():
    with pytest.raises(InputError) as err:
        calc(city="淮安", date="2026-06-01", scheme="门诊慢性病", disease="其他病种", level="一级", amount=1000)
    assert err.value.field == "scheme" and err.value.accepted == ["门诊特殊病"]


# ---- 长治 (resident figures, not the employee table beside them) -------------------------------

def test_changzhi_coronary_heart_disease_monthly_limit_280_for_residents():
    """居民表 "16 冠心病 280元" (职工表 430元): limit 280 × 12 = 3360; 3360 × 70% = 2352."""
    assert total(city="长治", date="2026-06-01", disease="冠心病", amount=4000) == Decimal("2352.00")


def test_changzhi_half_a_year_halves_the_limit():
    assert total(city="长治", date="2026-06-01", disease="冠心病", amount=4000, months=6) == Decimal("1176.00")


def test_changzhi_chronic_renal_insufficiency_uses_440_not_the_employee_1000():
    """居民 "11 慢性肾功能不全 440元" (职工 "1000元"): 440 × 12 × 70% = 3696."""
    assert total(city="长治", date="2026-06-01", disease="慢性肾功能不全", amount=12000) == Decimal("3696.00")


def test_changzhi_below_the_limit_pays_70_percent():
    assert total(city="长治", date="2026-06-01", disease="高血压3级(极高危)", amount=2000) == Decimal("1400.00")


def test_changzhi_class_one_disease_shares_the_inpatient_cap_of_70000():
    """一类 "与住院合计一个封顶线", "基本基金年累计最高支付医疗费用限额7万元"."""
    assert total(city="长治", date="2026-06-01", disease="尿毒症透析", amount=40000,
                 shared_cap_used=50000) == Decimal("20000.00")


def test_changzhi_unknown_disease_lists_the_diseases():
    with pytest.raises(InputError) as err:
        calc(city="长治", date="2026-06-01", disease="感冒", amount=100)
    assert err.value.field == "disease" and "冠心病" in err.value.accepted


# ---- 长春 ---------------------------------------------------------------------------------------

def test_changchun_second_disease_adds_480_to_the_single_disease_limit():
    """"每增加一个病种，在单病种年限额基础上增加480元"; 冠心病 3000: 8000 × 60% = 4800 → 3480."""
    assert total(city="长春", date="2026-06-01", disease="冠心病", disease_count=2, amount=8000) == Decimal("3480.00")


def test_changchun_diabetes_below_its_limit_pays_60_percent():
    assert total(city="长春", date="2026-06-01", disease="糖尿病", amount=3000) == Decimal("1800.00")


def test_changchun_combined_6500_with_general_outpatient():
    """"与门诊统筹等待遇年度内合并计算，年度总额度为6500元": 6500 − 4000 = 2500 < 3960."""
    assert total(city="长春", date="2026-06-01", disease="冠心病", disease_count=3, amount=10000,
                 shared_cap_used=4000) == Decimal("2500.00")


def test_changchun_garbled_table_reading_is_stated():
    result = calc(city="长春", date="2026-06-01", disease="糖尿病", amount=100)
    assert any("每个病种一个年度额度" in c for c in result.caveats)


# ---- 随州 ---------------------------------------------------------------------------------------

def test_suizhou_chronic_disease_60_percent():
    """"居民门诊慢性病报销60%"."""
    assert total(city="随州", date="2025-06-01", amount=1000) == Decimal("600.00")


def test_suizhou_organ_transplant_80_percent():
    """"（其中器官移植抗排异治 疗、慢性肾功能衰竭透析报销80%）"."""
    assert total(city="随州", date="2025-06-01", scheme="门诊特殊病", disease="器官移植抗排异治疗",
                 amount=1000) == Decimal("800.00")


def test_suizhou_other_special_disease_70_percent():
    assert total(city="随州", date="2025-06-01", scheme="门诊特殊病", disease="血友病", amount=1000) == Decimal("700.00")


# ---- bad input and properties -------------------------------------------------------------------

def test_negative_amount_is_an_input_error():
    with pytest.raises(InputError) as err:
        calc(city="长治", date="2026-06-01", disease="冠心病", amount=-1)
    assert err.value.field == "amount"


def test_unknown_level_lists_the_levels():
    with pytest.raises(InputError) as err:
        calc(city="淮安", date="2026-06-01", scheme="门诊特殊病", disease="其他病种", level="四级", amount=1)
    assert err.value.field == "level" and err.value.accepted == ["一级", "二级", "三级"]


def test_a_date_before_the_tables_is_an_input_error():
    with pytest.raises(InputError) as err:
        calc(city="长治", date="2023-06-01", disease="冠心病", amount=100)
    assert err.value.field == "date"


CASES = [
    {"city": "长治", "disease": "冠心病"},
    {"city": "长春", "disease": "冠心病"},
    {"city": "连云港", "disease_class": "甲类", "level": "二级"},
    {"city": "淮安", "scheme": "门诊特殊病", "disease": "其他病种", "level": "三级"},
]
amounts = st.integers(min_value=0, max_value=10_000_000).map(lambda cents: Decimal(cents) / 100)


@settings(max_examples=60, deadline=None)
@given(case=st.sampled_from(CASES), amount=amounts, extra=amounts)
def test_the_fund_is_between_zero_and_the_cost_and_monotone(case, amount, extra):
    low = total(date="2026-06-01", amount=amount, **case)
    high = total(date="2026-06-01", amount=amount + extra, **case)
    assert Decimal(0) <= low <= amount
    assert low <= high


# ---- several visits ---------------------------------------------------------------------------

def test_visits_use_the_deductible_once_in_the_order_of_their_days_each_at_its_levels_rate():
    """淮安 门诊特殊病 其他病种: "其他病种：750 元", "一级医院：85%", "三级医院：65%"; the earlier visit (一级,
    3000) bears the deductible: (3000 − 750) × 85% = 1912.5; the later (三级, 2000): 2000 × 65% = 1300;
    total 3212.5."""
    result = calc(city="淮安", date="2026-06-01", scheme="门诊特殊病", disease="其他病种", visits=[
        {"date": "2026-04-10", "level": "三级", "amount": 2000}, {"date": "2026-03-05", "level": "一级", "amount": 3000}])
    assert result.total == Decimal("3212.50")


def test_each_visit_has_a_step_of_its_own():
    result = calc(city="淮安", date="2026-06-01", scheme="门诊特殊病", disease="其他病种", visits=[
        {"date": "2026-03-05", "level": "一级", "amount": 3000}, {"date": "2026-04-10", "level": "三级", "amount": 2000}])
    assert [s.label for s in result.steps if s.label.startswith("第")] == [
        "第1次（2026-03-05，一级）政策范围内费用3000元", "第2次（2026-04-10，三级）政策范围内费用2000元"]


def test_the_years_cost_cap_is_used_up_by_the_first_visits():
    """连云港 2026 高血压 乙类: "乙类疾病为3000元" cap on the cost, "高血压、糖尿病200元" deductible, 一级 75%,
    二级 70%: visit 1 (一级 2000): (2000 − 200) × 75% = 1350; visit 2 (二级 1500) counts only the 1000 left
    under the cap: 1000 × 70% = 700; total 2050."""
    assert total(city="连云港", date="2026-06-01", disease="高血压", disease_class="乙类", visits=[
        {"level": "一级", "amount": 2000}, {"level": "二级", "amount": 1500}]) == Decimal("2050.00")


def test_visits_by_visit_give_the_annual_result_when_all_are_at_one_level():
    """The same year as one amount: 淮安 其他病种 二级 (2500 + 3500 − 750) × 75% = 3937.5."""
    by_visit = total(city="淮安", date="2026-06-01", scheme="门诊特殊病", disease="其他病种",
                     visits=[{"level": "二级", "amount": 2500}, {"level": "二级", "amount": 3500}])
    assert by_visit == total(city="淮安", date="2026-06-01", scheme="门诊特殊病", disease="其他病种", level="二级",
                             amount=6000) == Decimal("3937.50")


def test_an_annual_amount_and_visits_together_are_refused():
    with pytest.raises(InputError) as err:
        calc(city="淮安", date="2026-06-01", scheme="门诊特殊病", disease="其他病种", level="二级", amount=100,
             visits=[{"level": "二级", "amount": 100}])
    assert err.value.field == "amount"


# ---- 长春 门诊特殊疾病: paid at the inpatient rates ------------------------------------------------

def test_changchun_special_disease_outpatient_cost_is_priced_at_the_inpatient_deductible_and_bands():
    """政策解读第6问: "按住院比例进行报销，一年只需支付一次起付线"; 住院 "三级（市级）医院800元", 三级市级
    bands 60% to 3万, 65% 3万-6万: (30000 − 800) × 60% + (36000 − 30000) × 65% = 17520 + 3900 = 21420."""
    assert total(city="长春", date="2026-06-01", scheme="门诊特殊病", disease="肾功能不全透析治疗",
                 level="三级", tier="市级", amount=36000) == Decimal("21420.00")


def test_changchun_special_disease_visits_pay_one_deductible_for_the_year():
    """"一年只需支付一次起付线": two visits at a 二级 hospital (400元 deductible, 70% to 3万) are one year's
    cost: (1500 + 2500 − 400) × 70% = 2520."""
    assert total(city="长春", date="2026-06-01", scheme="门诊特殊病", disease="癫痫", level="二级",
                 visits=[{"amount": 1500}, {"amount": 2500}]) == Decimal("2520.00")


def test_changchun_special_disease_at_inpatient_rates_needs_the_hospital_level():
    with pytest.raises(InputError) as err:
        calc(city="长春", date="2026-06-01", scheme="门诊特殊病", disease="癫痫", amount=3000)
    assert err.value.field == "level"


def test_changchun_special_disease_at_a_first_level_hospital_is_not_paid_by_the_scheme():
    """政策解读第6问: "在二级及二级以上定点医疗机构医保科（办公室）申请办理，在办理机构门诊享受住院报销待遇":
    a 一级 hospital's outpatient cost is outside the scheme, the fund pays 0 of it by this benefit."""
    result = calc(city="长春", date="2026-06-01", scheme="门诊特殊病", disease="癫痫", level="一级", amount=3000)
    assert result.total == Decimal("0")
    assert any("二级及二级以上定点医疗机构" in s.citation.quote for s in result.steps if s.citation is not None)

