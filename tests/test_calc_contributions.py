"""Individual contributions (个人缴费) by city, year and group, worked by hand from the documents."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calculators.contributions import GROUPS, ContributionInput, contribution
from calculators.errors import InputError
from calculators.registry import parse_inputs, run
from calculators.rules import load_city_rules


def calc(city, year, members=None, **single):
    payload = {"city": city, "year": year, **single}
    if members is not None:
        payload["members"] = members
    return run("contribution", payload)


# --- development cases -----------------------------------------------------------------------

def test_dc11_lianyungang_family_of_five_2026():
    """连云港 2026: 优抚对象 "个人缴费部分由财政予以全额资助" → 0; three adults "其他成年居民每人每年440元";
    a 5-year-old in kindergarten "其他在校学生（含幼儿园）每人每年420元" → 0 + 3 × 440 + 420 = 1740."""
    result = calc("连云港", 2026, [
        {"label": "爷爷", "groups": ["优抚对象"]}, {"label": "奶奶"}, {"label": "丈夫"}, {"label": "妻子"},
        {"label": "女儿", "person": "幼儿园", "age": 5},
    ])
    assert result.total == Decimal("1740.00")
    assert [m["pay"] for m in result.details["members"]] == [0, 440, 440, 440, 420]


def test_dc18_changchun_family_of_five_2021():
    """长春 2021: "2021年缴费金额 (成年/未成年) … 320/200" → 4 × 320 + 200 = 1480."""
    result = calc("长春", 2021, [{"age": 70}, {"age": 68}, {"age": 40}, {"age": 38}, {"age": 12}])
    assert result.total == Decimal("1480.00")


def test_dc29_suizhou_family_of_three_2025():
    """随州 2025: 重度残疾人 全额资助 (highest of the groups, "就高不就低"); 脱贫不稳定人口
    "按城乡居民医保年度个人缴费标准 50%比例给予定额资助" of "个人缴费 标准400元" → 0 + 200 + 200 = 400."""
    result = calc("随州", 2025, [
        {"label": "本人", "groups": ["重度残疾人", "脱贫不稳定人口"]},
        {"label": "爱人", "groups": ["脱贫不稳定人口"]},
        {"label": "女儿", "groups": ["脱贫不稳定人口"]},
    ])
    assert result.total == Decimal("400.00")


# --- one person ------------------------------------------------------------------------------

def test_lianyungang_college_student_pays_350():
    """连云港 2026: "大中专院校在校学生每人每年350元"."""
    assert calc("连云港", 2026, person="大中专学生").total == Decimal("350.00")


def test_lianyungang_minor_not_at_school_pays_420():
    """连云港 2026: "18周岁以下未成年居民每人每年420元"."""
    assert calc("连云港", 2026, age=2).total == Decimal("420.00")


def test_lianyungang_an_eighteen_year_old_is_an_adult():
    assert calc("连云港", 2026, age=18).total == Decimal("440.00")


def test_lianyungang_near_dibao_member_pays_nothing():
    """连云港 2026: 低保边缘家庭成员 are 医疗救助对象 whose contribution "由财政予以全额资助"."""
    assert calc("连云港", 2026, groups=["低保边缘家庭成员"]).total == Decimal("0.00")


def test_huaian_adult_pays_440_in_2026():
    """淮安: "个人花 440 元购买一年的基本医疗保险"; "淮安市居民医保缴费统一标准"."""
    result = calc("淮安", 2026, person="成年居民")
    assert result.total == Decimal("440.00")
    assert any("统一标准" in c for c in result.caveats)


def test_huaian_2025_is_the_same_as_2026():
    """淮安: "2026年居民医保个人缴费标准与2025年持平"."""
    assert calc("淮安", 2025, person="未成年居民").total == Decimal("440.00")


def test_huaian_college_student_pays_440():
    """淮安: "在校学生个人缴费标准确定为 440 元/人"."""
    assert calc("淮安", 2026, person="大学生").total == Decimal("440.00")


def test_huaian_disabled_unable_to_work_pays_nothing():
    """淮安: "我市对医疗救助对象和丧失劳动能力的残疾人等困难群体给予全额资助参保"."""
    assert calc("淮安", 2026, groups=["残疾人"]).total == Decimal("0.00")


def test_huaian_former_registered_poor_has_no_amount_in_the_documents():
    """淮安: "2026年原建档立卡低收入人口继续享受资助参保政策" — no amount given."""
    with pytest.raises(InputError) as err:
        calc("淮安", 2026, groups=["建档立卡"])
    assert "资助金额" in err.value.message


def test_suizhou_dibao_pays_40():
    """随州 2025: 低保对象 "按城乡居民医保年度个人缴费标准 90%比例给予定额资助" → 400 − 360 = 40."""
    assert calc("随州", 2025, groups=["低保"]).total == Decimal("40.00")


def test_suizhou_lifted_out_of_poverty_pays_in_full_in_2025():
    """随州: 脱贫人口 "2025年不再享受资助参保政策" → 400."""
    assert calc("随州", 2025, groups=["脱贫人口"]).total == Decimal("400.00")


def test_suizhou_highest_subsidy_wins_and_is_not_added():
    """随州: 低保 (90%) and 监测 (50%) → 90% only: "按照就高不就低的原 则予以资助 ，不得重复资助"."""
    result = calc("随州", 2025, groups=["脱贫不稳定人口", "低保对象"])
    assert result.total == Decimal("40.00")
    assert any("就高不就低" in (s.citation.quote if s.citation else "") for s in result.steps)


def test_changchun_minor_pays_200_in_2021():
    assert calc("长春", 2021, person="未成年居民").total == Decimal("200.00")


def test_a_household_total_is_the_sum_of_its_lines():
    result = calc("随州", 2025, [{"groups": ["低保对象"]}, {}, {"groups": ["特困人员"]}])
    assert result.total == Decimal("440.00")
    assert len(result.details["members"]) == 3


# --- bad input -------------------------------------------------------------------------------

def test_a_year_the_documents_do_not_cover_names_the_covered_years():
    with pytest.raises(InputError) as err:
        calc("长春", 2026, person="成年居民")
    assert err.value.field == "year"
    assert err.value.accepted == ["2021年度"]


def test_a_year_before_the_policy_existed_is_an_input_error():
    with pytest.raises(InputError) as err:
        calc("随州", 2019)
    assert err.value.field == "year" and err.value.accepted == ["2025年度"]


def test_a_city_without_contribution_figures_says_so():
    with pytest.raises(InputError) as err:
        calc("长治", 2025)
    assert err.value.field == "city"
    assert "长治" not in err.value.accepted


def test_a_group_the_city_does_not_subsidise_lists_the_ones_it_does():
    with pytest.raises(InputError) as err:
        calc("随州", 2025, groups=["困境儿童"])
    assert err.value.field == "groups"
    assert "低保对象" in err.value.accepted


def test_an_unknown_group_names_the_field_and_the_values():
    with pytest.raises(InputError) as err:
        parse_inputs("contribution", {"city": "随州", "year": 2025, "groups": ["外星人"]})
    assert err.value.field == "groups"
    assert "特困人员" in err.value.message


def test_an_unknown_person_category_names_the_accepted_ones():
    with pytest.raises(InputError) as err:
        parse_inputs("contribution", {"city": "随州", "year": 2025, "person": "公务员"})
    assert err.value.field == "person"
    assert "成年居民" in err.value.message


def test_a_negative_age_is_rejected():
    with pytest.raises(InputError) as err:
        parse_inputs("contribution", {"city": "随州", "year": 2025, "age": -3})
    assert err.value.field == "age"


def test_a_college_student_in_changchun_is_not_in_the_guide():
    with pytest.raises(InputError) as err:
        calc("长春", 2021, person="大中专学生")
    assert err.value.field == "person"


# --- properties ------------------------------------------------------------------------------

COVERED = [("连云港", 2026), ("淮安", 2026), ("长春", 2021), ("随州", 2025)]


@settings(max_examples=60, deadline=None)
@given(case=st.sampled_from(COVERED), groups=st.lists(st.sampled_from(GROUPS), max_size=3),
       age=st.integers(min_value=0, max_value=100))
def test_a_subsidised_member_never_pays_more_than_the_standard_nor_less_than_zero(case, groups, age):
    city, year = case
    rules = load_city_rules(city)
    known = [g for g in groups if g not in ("原建档立卡低收入人口",)]
    inputs = ContributionInput(city=city, year=year, age=age)
    standard = contribution(rules, inputs).total
    try:
        paid = contribution(rules, ContributionInput(city=city, year=year, age=age, groups=known)).total
    except InputError:
        return  # a group this city does not subsidise
    assert Decimal(0) <= paid <= standard
