"""Waiting periods (待遇等待期): the first and last day of cover, worked by hand from the documents."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calculators.errors import InputError
from calculators.registry import parse_inputs, run

D = dt.date


def calc(city, payment_date, **kw):
    return run("waiting_period", {"city": city, "payment_date": payment_date, **kw})


# --- development cases -----------------------------------------------------------------------

def test_dc06_huaian_late_payment_waits_two_months():
    """淮安: "设置固定待遇等待期 2 个月，也就是自缴费之日起 2 个月内不能享受待遇，2 个月后恢复待遇享受"
    → paid 2026-08-05, cover from 2026-10-05."""
    result = calc("淮安", "2026-08-05")
    assert result.total == D(2026, 10, 5)
    assert result.details["waiting_to"] == D(2026, 10, 4)
    assert result.details["end"] == D(2026, 12, 31)


def test_dc12_lianyungang_veteran_within_90_days_starts_the_next_day():
    """连云港: "自身份转换之日起90天内(含90天)参加居民医保并按规定缴费到账，不设待遇等待期，
    自缴费到账次日起享受所缴费年度居民医保待遇" → changed 2026-03-01, paid 2026-04-20 → 2026-04-21."""
    result = calc("连云港", "2026-04-20", status="退役军人", event_date="2026-03-01")
    assert result.total == D(2026, 4, 21)
    assert result.details["window_met"] is True


def test_dc17_changchun_late_payment_waits_three_months():
    """长春: "自缴费之日起满三个月至当年12月31日" → paid 2026-07-15, cover from 2026-10-15."""
    assert calc("长春", "2026-07-15").total == D(2026, 10, 15)


# --- collection window -----------------------------------------------------------------------

def test_paid_on_the_last_day_of_the_window_covers_the_whole_next_year():
    """淮安: "2026年居民医保集中征缴期为2025年10月至12月" → paid 2025-12-31: 2026-01-01 to 2026-12-31."""
    result = calc("淮安", "2025-12-31")
    assert result.total == D(2026, 1, 1)
    assert result.details["in_collection_window"] is True
    assert result.details["waiting_period"] is False


def test_paid_on_the_first_day_after_the_window_waits():
    """连云港: "自缴费到账2个月后享受" → paid 2026-01-01 → 2026-03-01."""
    assert calc("连云港", "2026-01-01").total == D(2026, 3, 1)


def test_the_contribution_year_defaults_to_the_next_year_in_the_fourth_quarter():
    result = calc("长春", "2024-10-01")
    assert result.details["contribution_year"] == 2025
    assert result.total == D(2025, 1, 1)


def test_lianyungang_late_payment_at_the_end_of_the_month_clips_to_the_month():
    """2 months after 2026-12-31 would be in 2027; 2026-06-30 + 2 months = 2026-08-30."""
    assert calc("连云港", "2026-06-30").total == D(2026, 8, 30)


def test_a_late_payment_whose_wait_outlasts_the_year_buys_no_cover_that_year():
    """淮安: paid 2026-11-15 for 2026 → wait until 2027-01-15, after the year ends."""
    result = calc("淮安", "2026-11-15", contribution_year=2026)
    assert result.total is None
    assert result.details["covered"] is False


def test_changchun_late_payment_after_september_is_not_accepted():
    """长春: late payments "1月1日—9月30日"."""
    with pytest.raises(InputError) as err:
        calc("长春", "2026-10-01", contribution_year=2026)
    assert err.value.field == "payment_date"


def test_changchun_late_payment_on_september_30_is_accepted():
    assert calc("长春", "2026-09-30", contribution_year=2026).total == D(2026, 12, 30)


# --- newborns --------------------------------------------------------------------------------

def test_huaian_newborn_within_90_days_is_covered_from_birth():
    """淮安: "新生儿在出生后 90 天内参保缴费的，从出生之日起享受基本医疗保险待遇"."""
    result = calc("淮安", "2026-04-01", status="新生儿", event_date="2026-02-10")
    assert result.total == D(2026, 2, 10)
    assert result.details["end"] == D(2026, 12, 31)


def test_newborn_paid_exactly_on_day_90_is_still_covered_from_birth():
    """连云港: "新生儿出生90天内（含90天）" — born 2026-01-01, day 90 is 2026-04-01."""
    result = calc("连云港", "2026-04-01", status="新生儿", event_date="2026-01-01")
    assert result.total == D(2026, 1, 1)
    assert result.details["window_last_day"] == D(2026, 4, 1)


def test_newborn_paid_on_day_91_waits_like_any_late_payer():
    """Day 91 (2026-04-02) → the general rule: "自缴费到账2个月后" → 2026-06-02."""
    result = calc("连云港", "2026-04-02", status="新生儿", event_date="2026-01-01")
    assert result.total == D(2026, 6, 2)
    assert result.details["window_met"] is False


def test_changchun_newborn_is_covered_from_birth():
    """长春: "自出生之日起至出生年12月31日"."""
    assert calc("长春", "2026-06-01", status="新生儿", event_date="2026-05-20").total == D(2026, 5, 20)


def test_huaian_newborn_in_december_can_pay_the_birth_year_in_january():
    """淮安: "在出生次年参保缴费的，且仍在出生后 90 天内 … 需补缴出生当年的参保费用"."""
    result = calc("淮安", "2027-01-20", status="新生儿", event_date="2026-12-10", contribution_year=2026)
    assert result.total == D(2026, 12, 10)


def test_a_newborn_without_birth_date_is_asked_for_it():
    with pytest.raises(InputError) as err:
        calc("淮安", "2026-04-01", status="新生儿")
    assert err.value.field == "event_date"


# --- other statuses --------------------------------------------------------------------------

def test_lianyungang_veteran_paid_exactly_90_days_after_is_on_time():
    """2026-03-01 + 90 days = 2026-05-30."""
    result = calc("连云港", "2026-05-30", status="退役军人", event_date="2026-03-01")
    assert result.total == D(2026, 5, 31)


def test_lianyungang_veteran_paid_91_days_after_waits_two_months():
    result = calc("连云港", "2026-05-31", status="退役军人", event_date="2026-03-01")
    assert result.total == D(2026, 7, 31)


def test_lianyungang_released_prisoner_within_90_days_starts_the_next_day():
    """连云港: "3.刑满释放人员自身份转换之日起90天内(含90天)…自缴费到账次日起"."""
    assert calc("连云港", "2026-02-10", status="刑满释放人员", event_date="2026-01-20").total == D(2026, 2, 11)


def test_lianyungang_employee_insurance_stopped_starts_the_next_day():
    assert calc("连云港", "2026-07-31", status="职工医保停保", event_date="2026-07-01").total == D(2026, 8, 1)


def test_lianyungang_severe_mental_disorder_starts_the_next_day_without_a_deadline():
    """连云港: "严重精神障碍患者未能在集中参保缴费时间内缴费的，自缴费到账次日起享受"."""
    assert calc("连云港", "2026-11-30", status="严重精神障碍患者", contribution_year=2026).total == D(2026, 12, 1)


def test_lianyungang_new_assistance_recipient_has_no_wait():
    """连云港: "未参保的新增医疗救助对象，及时资助参保，不设待遇等待期" (read as from the payment day)."""
    result = calc("连云港", "2026-06-15", status="新增医疗救助对象")
    assert result.total == D(2026, 6, 15)
    assert result.caveats


def test_lianyungang_new_college_student_is_covered_from_september_to_the_end_of_next_year():
    """连云港: "自9月1日至次年的12月31日享受居民医保待遇"."""
    result = calc("连云港", "2026-09-10", status="新入学大中专学生", contribution_year=2026)
    assert result.total == D(2026, 9, 1)
    assert result.details["end"] == D(2027, 12, 31)


def test_huaian_veteran_within_90_days_has_no_wait():
    """淮安: "自身份转换之日起 90 天内(含 90 天)参保并按规定缴费到账，不设待遇等待期"."""
    assert calc("淮安", "2026-05-01", status="退役军人", event_date="2026-04-01").total == D(2026, 5, 1)


def test_a_status_the_city_does_not_name_falls_back_to_the_general_rule_with_a_caveat():
    result = calc("长春", "2026-07-15", status="退役军人", event_date="2026-06-01")
    assert result.total == D(2026, 10, 15)
    assert any("没有为“退役军人”规定" in c for c in result.caveats)


# --- bad input -------------------------------------------------------------------------------

def test_a_year_the_documents_do_not_cover_names_the_covered_years():
    with pytest.raises(InputError) as err:
        calc("淮安", "2025-03-15", contribution_year=2025)
    assert err.value.field == "contribution_year"
    assert err.value.accepted == ["2026年度"]


def test_a_year_before_the_changchun_handbook_lists_the_open_range():
    with pytest.raises(InputError) as err:
        calc("长春", "2019-03-15")
    assert err.value.accepted == ["2021年度及以后"]


def test_a_city_without_waiting_rules_says_so():
    with pytest.raises(InputError) as err:
        calc("随州", "2025-03-01")
    assert err.value.field == "city"
    assert set(err.value.accepted) == {"连云港", "淮安", "长春"}


def test_a_payment_before_the_window_opens_is_rejected():
    with pytest.raises(InputError) as err:
        calc("淮安", "2025-09-30", contribution_year=2026)
    assert err.value.field == "payment_date"


def test_an_event_after_the_payment_is_rejected():
    with pytest.raises(InputError) as err:
        calc("连云港", "2026-04-20", status="退役军人", event_date="2026-05-01")
    assert err.value.field == "event_date"


def test_an_unknown_status_lists_the_accepted_ones():
    with pytest.raises(InputError) as err:
        parse_inputs("waiting_period", {"city": "淮安", "payment_date": "2026-01-01", "status": "公务员"})
    assert err.value.field == "status"
    assert "新生儿" in err.value.accepted


def test_a_malformed_date_is_an_input_error():
    with pytest.raises(InputError) as err:
        parse_inputs("waiting_period", {"city": "淮安", "payment_date": "2026-13-01"})
    assert err.value.field == "payment_date"


# --- properties ------------------------------------------------------------------------------

LATE_DAYS = st.dates(min_value=D(2026, 1, 1), max_value=D(2026, 9, 30))


@settings(max_examples=100, deadline=None)
@given(city=st.sampled_from(["淮安", "连云港", "长春"]), paid=LATE_DAYS)
def test_a_late_payment_never_starts_cover_before_it_is_paid_nor_the_waiting_months_early(city, paid):
    result = calc(city, paid.isoformat(), contribution_year=2026)
    months = 3 if city == "长春" else 2
    assert result.total is not None and result.total > paid
    assert (result.total - paid).days >= 28 * months


@settings(max_examples=60, deadline=None)
@given(a=LATE_DAYS, b=LATE_DAYS)
def test_paying_later_never_starts_cover_earlier(a, b):
    early, late = sorted([a, b])
    assert calc("淮安", early.isoformat(), contribution_year=2026).total <= \
        calc("淮安", late.isoformat(), contribution_year=2026).total


# ---- graduates ---------------------------------------------------------------------------------

def test_a_graduates_student_cover_lasts_to_the_end_of_the_graduation_year_in_huaian():
    # 淮安: "大学生毕业后，在校期间缴纳的居民医保报销待遇将延续至年底，医疗保障不断档"
    result = run("waiting_period", {"city": "淮安", "status": "毕业大中专学生", "event_date": "2026-07-05"})
    assert result.total == dt.date(2026, 12, 31)


def test_a_graduate_paying_by_the_length_of_study_is_covered_to_the_end_of_the_graduation_year_in_lianyungang():
    # 连云港: "按学制缴纳城乡居民医保费用的，待遇享受时间为入学当年9月1日至毕业当年年底"
    result = run("waiting_period", {"city": "连云港", "status": "毕业大中专学生", "event_date": "2026-06-20"})
    assert result.total == dt.date(2026, 12, 31)


def test_a_city_whose_documents_give_no_graduate_rule_says_so():
    with pytest.raises(InputError) as err:
        run("waiting_period", {"city": "长春", "status": "毕业大中专学生", "event_date": "2026-06-20"})
    assert "没有规定大中专学生毕业后" in err.value.message and err.value.accepted == ["连云港", "淮安"]


def test_a_graduate_needs_no_payment_date_but_every_other_status_does():
    with pytest.raises(InputError) as err:
        run("waiting_period", {"city": "淮安", "status": "退役军人", "event_date": "2026-06-20"})
    assert err.value.field == "payment_date"
