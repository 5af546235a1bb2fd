"""普通门诊统筹 (calculator `outpatient_general`): hand-worked cases from the documents' own words."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calculators.errors import InputError
from calculators.outpatient_general import OutpatientInput
from calculators.registry import accepted_values, run


def calc(**payload):
    return run("outpatient_general", payload)


def total(**payload) -> Decimal:
    return calc(**payload).total


# ---- development cases -------------------------------------------------------------------------

def test_dc04_huaian_general_fee_at_70_and_rest_at_50_capped_at_300():
    """淮安 Q60: "0	70%	50%	300 元	400 元" (一般诊疗费70%, 其他50%, 普通参保人300元).
    80 × 70% + 520 × 50% = 316 → capped at 300."""
    assert total(city="淮安", date="2026-06-01", facility="乡镇卫生院",
                 compliant_amount=600, general_fee_amount=80) == Decimal("300.00")


def test_dc15_changchun_district_hospital_deductible_200_then_50_percent():
    """长春 Q11: "二级公立医疗机构起付线200元", "统筹基金支付比例50%": (650 − 200) × 50% = 225."""
    assert total(city="长春", date="2026-06-01", facility="二级医院", compliant_amount=650) == Decimal("225.00")


def test_dc22_changzhi_tertiary_first_use_deductible_80_rate_45():
    """长治: "起付标准 80元 0元 0元", "支付比例 45% 55% 60%": (400 − 80) × 45% = 144."""
    assert total(city="长治", date="2026-06-01", facility="三级医院", compliant_amount=400) == Decimal("144.00")


def test_dc28_suizhou_ten_days_at_township_hospital_daily_limit_then_annual_cap():
    """随州: "卫生院…每人每天50元", "年封顶350元": 10 × min(120 × 50%, 50) = 500 → 350."""
    visits = [{"date": f"2025-03-{day:02d}", "facility": "乡镇卫生院", "amount": 120} for day in range(1, 11)]
    assert total(city="随州", date="2025-12-01", visits=visits) == Decimal("350.00")


# ---- 淮安 ---------------------------------------------------------------------------------------

def test_huaian_family_doctor_cap_400_leaves_316_uncapped():
    """淮安: "纳入家庭医生签约管理" 400元: 80 × 70% + 520 × 50% = 316 < 400."""
    assert total(city="淮安", date="2026-06-01", facility="乡镇卫生院", compliant_amount=600,
                 general_fee_amount=80, family_doctor=True) == Decimal("316.00")


def test_huaian_exactly_at_the_cap():
    """600 × 50% = 300 = the 300元 cap."""
    assert total(city="淮安", date="2026-06-01", facility="村卫生室", compliant_amount=600) == Decimal("300.00")


def test_huaian_hospital_outpatient_is_not_covered_and_the_error_lists_basic_facilities():
    """淮安: "在基层医疗卫生机构发生的…普通门诊（急诊）医疗费用"."""
    with pytest.raises(InputError) as err:
        calc(city="淮安", date="2026-06-01", facility="三级医院", compliant_amount=600)
    assert err.value.field == "facility"
    assert "乡镇卫生院" in err.value.accepted and "三级医院" not in err.value.accepted


def test_huaian_before_the_2026_document_is_an_input_error_naming_the_date():
    with pytest.raises(InputError) as err:
        calc(city="淮安", date="2025-06-01", facility="乡镇卫生院", compliant_amount=600)
    assert err.value.field == "date"


# ---- 连云港 -------------------------------------------------------------------------------------

def test_lianyungang_2026_below_the_800_cost_cap_pays_half():
    """2026 notice: "在基层定点医疗机构的合规费用在800元以内可以报销50%": 600 × 50% = 300."""
    assert total(city="连云港", date="2026-06-01", facility="乡镇卫生院", compliant_amount=600) == Decimal("300.00")


def test_lianyungang_2026_the_cap_limits_the_cost_so_the_fund_pays_at_most_400():
    """The 封顶线 caps the compliant cost: min(1200, 800) × 50% = 400."""
    assert total(city="连云港", date="2026-06-01", facility="乡镇卫生院", compliant_amount=1200) == Decimal("400.00")


def test_lianyungang_family_doctor_cost_cap_900_pays_450():
    """"实行家庭医生签约服务的参保人员封顶线为900元": min(1200, 900) × 50% = 450."""
    assert total(city="连云港", date="2026-06-01", facility="社区卫生服务中心", compliant_amount=1200,
                 family_doctor=True) == Decimal("450.00")


def test_lianyungang_2018_measures_cost_cap_400_pays_at_most_200():
    """2017 measures (in force 2018): "封顶线为400元", "在起付线和封顶线之间的部分…报销比例为50%"."""
    assert total(city="连云港", date="2018-06-01", facility="村卫生室", compliant_amount=1200) == Decimal("200.00")


def test_lianyungang_2018_has_no_family_doctor_cap_and_says_so():
    result = calc(city="连云港", date="2018-06-01", facility="村卫生室", compliant_amount=1200, family_doctor=True)
    assert result.total == Decimal("200.00")
    assert any("家庭医生" in c for c in result.caveats)


def test_lianyungang_2019_notice_raised_the_cap_to_800():
    """2018 notice (市区自2019年1月1日起施行): "将普通门诊统筹封顶线调整为800元"."""
    assert total(city="连云港", date="2019-06-01", facility="村卫生室", compliant_amount=1200) == Decimal("400.00")


def test_lianyungang_tertiary_hospital_outpatient_is_not_covered():
    """2024 Q&A: "连云港市中医院属于三级医院，门诊不报销"."""
    with pytest.raises(InputError) as err:
        calc(city="连云港", date="2026-06-01", facility="三级医院", compliant_amount=300)
    assert err.value.field == "facility"


# ---- 长春 ---------------------------------------------------------------------------------------

def test_changchun_village_clinic_has_no_deductible():
    """"村卫生室无起付线": 650 × 50% = 325."""
    assert total(city="长春", date="2026-06-01", facility="村卫生室", compliant_amount=650) == Decimal("325.00")


def test_changchun_deductible_is_paid_once_a_year_topping_up_to_the_higher_level():
    """Community centre 300 (deductible 100 → 100 paid), then district hospital 300 (deductible 200,
    100 already paid → 100 more): (200 + 200) × 50% = 200."""
    visits = [{"date": "2026-03-01", "facility": "社区卫生服务中心", "amount": 300},
              {"date": "2026-04-01", "facility": "二级医院", "amount": 300}]
    assert total(city="长春", date="2026-06-01", visits=visits) == Decimal("200.00")


def test_changchun_annual_cap_1000():
    """"年度封顶额度为1000元": (3000 − 200) × 50% = 1400 → 1000."""
    assert total(city="长春", date="2026-06-01", facility="二级医院", compliant_amount=3000) == Decimal("1000.00")


def test_changchun_what_was_paid_earlier_this_year_reduces_the_cap():
    assert total(city="长春", date="2026-06-01", facility="村卫生室", compliant_amount=1000,
                 fund_paid_before=800) == Decimal("200.00")


# ---- 长治 ---------------------------------------------------------------------------------------

def test_changzhi_second_use_in_the_year_pays_no_deductible_again():
    """Deductible already paid this year: 400 × 45% = 180."""
    assert total(city="长治", date="2026-06-01", facility="三级医院", compliant_amount=400,
                 deductible_paid_before=80) == Decimal("180.00")


def test_changzhi_class_b_drugs_pay_5_percent_first():
    """"门诊使用乙类药品时需先行自付5%": 400 − 200 × 5% = 390; (390 − 80) × 45% = 139.5."""
    assert total(city="长治", date="2026-06-01", facility="三级医院", compliant_amount=400,
                 class_b_amount=200) == Decimal("139.50")


def test_changzhi_secondary_rate_55():
    assert total(city="长治", date="2026-06-01", facility="二级医院", compliant_amount=400) == Decimal("220.00")


def test_changzhi_primary_rate_60_capped_at_300():
    """1000 × 60% = 600 → "年度支付限额 300元"."""
    assert total(city="长治", date="2026-06-01", facility="一级医院", compliant_amount=1000) == Decimal("300.00")


# ---- 随州 ---------------------------------------------------------------------------------------

def test_suizhou_village_clinic_daily_limit_30():
    """"卫生室（所，站）每人每天30元": min(100 × 50%, 30) = 30."""
    assert total(city="随州", date="2025-06-01", facility="村卫生室", compliant_amount=100, days=1) == Decimal("30.00")


def test_suizhou_exactly_at_the_daily_limit():
    """100 × 50% = 50 = the 卫生院 daily limit."""
    assert total(city="随州", date="2025-06-01", facility="乡镇卫生院", compliant_amount=100, days=1) == Decimal("50.00")


def test_suizhou_two_visits_on_one_day_share_the_daily_limit():
    visits = [{"date": "2025-03-01", "facility": "乡镇卫生院", "amount": 60},
              {"date": "2025-03-01", "facility": "乡镇卫生院", "amount": 60}]
    assert total(city="随州", date="2025-06-01", visits=visits) == Decimal("50.00")


def test_suizhou_totals_spread_over_days_match_the_itemised_visits():
    assert total(city="随州", date="2025-06-01", facility="乡镇卫生院", compliant_amount=1200,
                 days=10) == Decimal("350.00")


def test_suizhou_prenatal_visit_at_a_tertiary_hospital_has_no_daily_limit():
    """"产前检查…纳入门诊统筹保障范围，不受日 限额和医疗机构等级限制": 400 × 50% = 200."""
    assert total(city="随州", date="2025-06-01", facility="三级医院", compliant_amount=400,
                 prenatal=True) == Decimal("200.00")


def test_suizhou_totals_without_days_ask_for_the_number_of_days():
    with pytest.raises(InputError) as err:
        calc(city="随州", date="2025-06-01", facility="乡镇卫生院", compliant_amount=1200)
    assert err.value.field == "days"


def test_suizhou_itemised_visits_need_dates():
    with pytest.raises(InputError) as err:
        calc(city="随州", date="2025-06-01", visits=[{"facility": "乡镇卫生院", "amount": 100}])
    assert err.value.field == "visits[0]"


def test_suizhou_secondary_hospital_ordinary_visit_is_not_covered():
    """"在一级及以下定点医疗机构政策范围内费用医保基金支付50%"."""
    with pytest.raises(InputError) as err:
        calc(city="随州", date="2025-06-01", facility="二级医院", compliant_amount=100, days=1)
    assert err.value.field == "facility"


# ---- bad input ----------------------------------------------------------------------------------

def test_a_negative_amount_is_an_input_error_naming_the_field():
    with pytest.raises(InputError) as err:
        calc(city="长春", date="2026-06-01", facility="村卫生室", compliant_amount=-5)
    assert err.value.field == "compliant_amount"


def test_an_unknown_facility_lists_the_accepted_facilities():
    with pytest.raises(InputError) as err:
        calc(city="长春", date="2026-06-01", facility="私人诊所", compliant_amount=100)
    assert err.value.field == "facility"
    assert "村卫生室" in err.value.accepted


def test_general_fee_larger_than_the_total_is_an_input_error():
    with pytest.raises(InputError) as err:
        calc(city="淮安", date="2026-06-01", facility="村卫生室", compliant_amount=50, general_fee_amount=80)
    assert err.value.field == "general_fee_amount"


def test_neither_totals_nor_visits_asks_for_the_amount():
    with pytest.raises(InputError) as err:
        calc(city="长春", date="2026-06-01", facility="村卫生室")
    assert err.value.field == "compliant_amount"


def test_the_input_model_lists_the_facilities():
    assert accepted_values(OutpatientInput, "facility")[0] == "村卫生室"


def test_every_step_that_states_a_rule_cites_its_quote():
    result = calc(city="长治", date="2026-06-01", facility="三级医院", compliant_amount=400)
    cited = [s for s in result.steps if s.citation is not None]
    assert {s.citation.doc_id for s in cited} == {"cz-benefit-tables"}
    assert any("起付标准 80元" in s.citation.quote for s in cited)


# ---- properties ---------------------------------------------------------------------------------

CASES = [("淮安", "乡镇卫生院", Decimal(300)), ("连云港", "乡镇卫生院", Decimal(400)),
         ("长春", "二级医院", Decimal(1000)), ("长治", "三级医院", Decimal(300)), ("随州", "乡镇卫生院", Decimal(350))]
amounts = st.integers(min_value=0, max_value=1_000_000).map(lambda cents: Decimal(cents) / 100)


@settings(max_examples=60, deadline=None)
@given(case=st.sampled_from(CASES), amount=amounts, days=st.integers(min_value=1, max_value=30))
def test_the_fund_pays_between_zero_and_both_the_cost_and_the_cap(case, amount, days):
    city, facility, cap = case
    paid = total(city=city, date="2026-06-01", facility=facility, compliant_amount=amount, days=days)
    assert Decimal(0) <= paid <= min(amount, cap) + Decimal("0.01")


@settings(max_examples=60, deadline=None)
@given(case=st.sampled_from(CASES), amount=amounts, extra=amounts)
def test_the_fund_never_pays_less_for_a_higher_cost(case, amount, extra):
    city, facility, _ = case
    low = total(city=city, date="2026-06-01", facility=facility, compliant_amount=amount, days=5)
    high = total(city=city, date="2026-06-01", facility=facility, compliant_amount=amount + extra, days=5)
    assert low <= high
