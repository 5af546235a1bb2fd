"""Medical assistance (医疗救助) of 随州 and 长治, worked by hand from the documents."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calculators.assistance import AssistanceInput, AssistanceRules, assistance
from calculators.errors import InputError
from calculators.registry import parse_inputs, run
from calculators.rules import load_city_rules

ON = dt.date(2026, 3, 1)


def calc(city, group, burden, **kw):
    inputs = AssistanceInput(city=city, date=kw.pop("date", ON), group=group, burden=Decimal(str(burden)), **kw)
    return assistance(load_city_rules(city), inputs)


# --- development cases -----------------------------------------------------------------------

def test_dc24_changzhi_at_risk_of_poverty_20000():
    """长治: 易返贫致贫人口 "超过上年度全省居民人均可支配收入10%（3092元）的部分，按70%的比例给予医疗救助，
    年度最高救助限额6万元" → (20000 − 3092) × 70% = 11835.60."""
    assert calc("长治", "易返贫致贫人口", 20000).total == Decimal("11835.60")


def test_dc30_suizhou_on_application_30000():
    """随州 依申请救助: "政策范围个人自付住院医疗费用累计在6000元以上部分按60%给予 年度内一次性救助，
    救助限额为4万元" → (30000 − 6000) × 60% = 14400."""
    result = calc("随州", "医疗救助对象", 30000, kind="依申请救助")
    assert result.total == Decimal("14400.00")


# --- 随州 basic assistance ---------------------------------------------------------------------

def test_suizhou_destitute_gets_everything_up_to_40000():
    """随州 一类 (特困人员): "起付线0元", "特困人 员和孤儿为100%", "年救助限额 4万元"."""
    assert calc("随州", "特困人员", 12345.67).total == Decimal("12345.67")


def test_suizhou_destitute_is_capped_at_the_yearly_limit():
    assert calc("随州", "特困人员", 55000).total == Decimal("40000.00")


def test_suizhou_orphan_is_class_one_like_the_destitute():
    assert calc("随州", "孤儿", 8000).total == Decimal("8000.00")


def test_suizhou_dibao_gets_70_percent_without_deductible():
    """随州 二类: "二类医疗救助对象 起付线0元", 70% → 10000 × 70% = 7000."""
    assert calc("随州", "低保对象", 10000).total == Decimal("7000.00")


def test_suizhou_returned_to_poverty_is_class_two():
    assert calc("随州", "返贫致贫人口", 3333).total == Decimal("2333.10")


def test_suizhou_near_dibao_pays_above_1800_at_60_percent():
    """随州 三类: "三类医疗救助对象 起付线1800元", 60% → (10000 − 1800) × 60% = 4920."""
    assert calc("随州", "低保边缘家庭成员", 10000).total == Decimal("4920.00")


def test_suizhou_monitored_below_the_deductible_gets_nothing():
    assert calc("随州", "监测对象", 1800).total == Decimal("0.00")


def test_suizhou_illness_poor_pays_above_5000_at_50_percent():
    """随州 四类: "四类医疗救助对象 起付线5000元", 50% → (25000 − 5000) × 50% = 10000."""
    assert calc("随州", "因病致贫重病患者", 25000).total == Decimal("10000.00")


def test_suizhou_illness_poor_exactly_at_the_limit():
    """(85000 − 5000) × 50% = 40000, exactly the 4万元 limit; one more yuan changes nothing."""
    assert calc("随州", "因病致贫重病患者", 85000).total == Decimal("40000.00")
    assert calc("随州", "因病致贫重病患者", 85001).total == Decimal("40000.00")


def test_suizhou_lifted_out_of_poverty_only_gets_contribution_help():
    """随州: 脱贫人口 "仅参保缴费给予资助，门诊及住院待遇与普通居民一致" → no assistance."""
    result = calc("随州", "脱贫人口", 50000)
    assert result.total == Decimal("0")
    assert "普通居民一致" in result.steps[0].formula


def test_suizhou_tilt_for_the_destitute_in_the_city():
    """随州 倾斜救助: 一类起付线5000元, "随州市域内倾斜救助比例为80%", 年救助限额无.
    60000: basic 40000 (limit), left 20000 → (20000 − 5000) × 80% = 12000; total 52000."""
    result = calc("随州", "特困人员", 60000, tilt_area="市域内")
    assert result.total == Decimal("52000.00")
    assert result.details["tilt"] == Decimal("12000.00")


def test_suizhou_tilt_outside_the_city_is_70_percent():
    """"市域外省内倾斜救助比例为70%": 二类, 30000: basic 21000, left 9000 → (9000 − 7000) × 70% = 1400."""
    assert calc("随州", "低保对象", 30000, tilt_area="市域外省内").details["tilt"] == Decimal("1400.00")


def test_suizhou_tilt_for_class_three_is_capped_at_80000():
    """三类: 起付线5000, 8万元 limit. 300000: basic 40000, left 260000 → (260000−5000)×80% = 204000 → 80000."""
    result = calc("随州", "低保边缘家庭成员", 300000, tilt_area="市域内")
    assert result.details["tilt"] == Decimal("80000.00")
    assert result.total == Decimal("120000.00")


def test_tilt_is_only_counted_when_referred_in_province():
    result = calc("随州", "特困人员", 60000)
    assert result.total == Decimal("40000.00")
    assert any("倾斜救助" in c for c in result.caveats)


# --- 长治 ---------------------------------------------------------------------------------------

def test_changzhi_destitute_gets_everything_without_limit():
    """长治 特困人员: "目录内个人自付100%救助" (no deductible, no limit written)."""
    result = calc("长治", "特困人员", 123456)
    assert result.total == Decimal("123456.00")
    assert any("未写年度救助限额" in c for c in result.caveats)


def test_changzhi_dibao_70_percent_capped_at_60000():
    """长治 低保对象: "目录内个人自付按70%的比例给予救助，年度最高救助限额6万元"."""
    assert calc("长治", "低保对象", 10000).total == Decimal("7000.00")
    assert calc("长治", "低保对象", 100000).total == Decimal("60000.00")


def test_changzhi_near_dibao_deductible_3092_at_60_percent():
    """长治 低保边缘家庭成员: 起付标准 "10%(3092元）", "按60%的比例给予医疗救助" → (10000 − 3092) × 60% = 4144.80."""
    assert calc("长治", "低保边缘家庭成员", 10000).total == Decimal("4144.80")


def test_changzhi_illness_poor_deductible_7731():
    """长治 因病致贫重病患者: "25%（7731元）", 60% → (20000 − 7731) × 60% = 7361.40."""
    assert calc("长治", "因病致贫重病患者", 20000).total == Decimal("7361.40")


def test_changzhi_illness_poor_capped_at_40000():
    """(74397 − 7731) × 60% = 39999.60; 80000 → 40000 (年度最高救助限额为4万元)."""
    assert calc("长治", "因病致贫重病患者", 74397).total == Decimal("39999.60")
    assert calc("长治", "因病致贫重病患者", 80000).total == Decimal("40000.00")


def test_changzhi_tilt_above_15460_at_70_percent():
    """长治 倾斜救助: "个人自付费用仍超过全省上年居民可支配收入50%（15460元）的部分 … 救助比例70%，
    年度限额3万元". 低保边缘 100000: basic 40000, left 60000 → (60000 − 15460) × 70% = 31178 → 30000."""
    result = calc("长治", "低保边缘家庭成员", 100000, tilt_area="市域内")
    assert result.details["basic"] == Decimal("40000.00")
    assert result.details["tilt"] == Decimal("30000.00")


def test_changzhi_returned_to_poverty_is_topped_up_to_90_percent():
    """长治 返贫致贫人口: "省内住院单次目录内费用综合支付比例达不到90%的，救助到90%".
    Stay of 10000 in-list, 6000 left after insurance: 70% → 4200, leaves 1800 > 10% × 10000;
    top-up to leave 1000 → assistance 5000."""
    result = calc("长治", "返贫致贫人口", 6000, stay_in_list_total=10000)
    assert result.total == Decimal("5000.00")


def test_changzhi_orphan_is_not_in_the_benefit_table():
    with pytest.raises(InputError) as err:
        calc("长治", "孤儿", 1000)
    assert err.value.field == "group"
    assert "特困人员" in err.value.accepted


# --- yearly deductible and limit across stays -------------------------------------------------

def test_a_second_stay_only_gets_what_the_yearly_limit_leaves():
    """随州 一类: 30000 earlier, 20000 now → 40000 limit leaves 10000 for this stay."""
    assert calc("随州", "特困人员", 20000, earlier_burden=30000).total == Decimal("10000.00")


def test_a_second_stay_pays_the_rest_of_the_yearly_deductible_only():
    """长治 易返贫致贫: 2000 earlier (under 3092), 3000 now → (5000 − 3092) × 70% = 1335.60."""
    assert calc("长治", "易返贫致贫人口", 3000, earlier_burden=2000).total == Decimal("1335.60")


# --- bad input -------------------------------------------------------------------------------

def test_a_negative_burden_is_an_input_error_naming_the_field():
    with pytest.raises(InputError) as err:
        parse_inputs("assistance", {"city": "随州", "group": "特困人员", "burden": -1})
    assert err.value.field == "burden"


def test_an_unknown_group_lists_the_accepted_ones():
    with pytest.raises(InputError) as err:
        parse_inputs("assistance", {"city": "随州", "group": "公务员", "burden": 100})
    assert err.value.field == "group"
    assert "特困人员" in err.value.accepted


def test_a_generic_recipient_must_name_the_class_for_basic_assistance():
    with pytest.raises(InputError) as err:
        calc("随州", "医疗救助对象", 1000)
    assert err.value.field == "group"


def test_on_application_is_only_where_the_documents_give_it():
    with pytest.raises(InputError) as err:
        calc("长治", "低保对象", 1000, kind="依申请救助")
    assert err.value.field == "kind"


def test_a_city_without_assistance_figures_says_so():
    with pytest.raises(InputError) as err:
        run("assistance", {"city": "连云港", "group": "低保对象", "burden": 1000})
    assert err.value.field == "city"
    assert set(err.value.accepted) == {"长治", "随州"}


def test_a_date_before_the_rules_is_an_input_error():
    with pytest.raises(InputError) as err:
        calc("随州", "特困人员", 1000, date=dt.date(2020, 1, 1))
    assert err.value.field == "date"


def test_aliases_of_groups_are_accepted():
    inputs = parse_inputs("assistance", {"city": "随州", "group": "低保", "burden": 100})
    assert inputs.group == "低保对象"


# --- properties ------------------------------------------------------------------------------

GROUPS = {
    "随州": ["特困人员", "孤儿", "低保对象", "返贫致贫人口", "低保边缘家庭成员", "易返贫致贫人口", "监测对象",
             "因病致贫重病患者"],
    "长治": ["特困人员", "低保对象", "返贫致贫人口", "易返贫致贫人口", "监测对象", "低保边缘家庭成员",
             "因病致贫重病患者"],
}
CASES = st.sampled_from([(c, g) for c, gs in GROUPS.items() for g in gs])
AMOUNTS = st.decimals(min_value=0, max_value=1_000_000, places=2, allow_nan=False, allow_infinity=False)
AREAS = st.sampled_from(["否", "市域内", "市域外省内"])


@settings(max_examples=150, deadline=None)
@given(case=CASES, burden=AMOUNTS, area=AREAS)
def test_assistance_is_never_negative_nor_above_the_burden(case, burden, area):
    city, group = case
    result = calc(city, group, burden, tilt_area=area)
    assert Decimal(0) <= result.total <= burden


@settings(max_examples=150, deadline=None)
@given(case=CASES, burden=AMOUNTS, area=AREAS)
def test_each_layer_stays_within_its_yearly_limit(case, burden, area):
    city, group = case
    rules = load_city_rules(city).in_force("assistance", ON, AssistanceRules)
    rule = rules.categories[group]
    result = calc(city, group, burden, tilt_area=area)
    if rule.limit.value is not None:
        assert result.details["basic"] <= rule.limit.value
    if rule.tilt.limit.value is not None:
        assert result.details["tilt"] <= rule.tilt.limit.value


@settings(max_examples=150, deadline=None)
@given(case=CASES, a=AMOUNTS, b=AMOUNTS, area=AREAS)
def test_more_burden_never_gets_less_assistance(case, a, b, area):
    city, group = case
    low, high = sorted([a, b])
    assert calc(city, group, low, tilt_area=area).total <= calc(city, group, high, tilt_area=area).total


@settings(max_examples=100, deadline=None)
@given(case=CASES, a=AMOUNTS, b=AMOUNTS, area=AREAS)
def test_splitting_the_year_into_two_stays_gives_the_same_total(case, a, b, area):
    city, group = case
    whole = calc(city, group, a + b, tilt_area=area).details
    first = calc(city, group, a, tilt_area=area).details
    second = calc(city, group, b, earlier_burden=a, tilt_area=area).details
    assert abs((first["basic"] + first["tilt"] + second["basic"] + second["tilt"])
               - (whole["basic"] + whole["tilt"])) <= Decimal("0.02")
