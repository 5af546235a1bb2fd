"""The evaluation's matching rules: quotes in passages, facts in answers, figures of calculations."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from bot.evaluation.matching import (
    compact,
    fact_in_answer,
    other_figure_stated,
    figure_stated,
    hit_at,
    missing_facts,
    quote_in,
    quote_rank,
    text_contains,
)

# ---------------------------------------------------------------------------------------------
# source quotes


def test_compact_removes_every_kind_of_whitespace():
    assert compact("达到 每人\t不低于\n730\u3000元\xa0") == "达到每人不低于730元"


def test_quote_with_odd_spacing_is_in_a_passage_that_breaks_the_line_elsewhere():
    # D002: the quote as extracted from the PDF has spaces around the figure.
    quote = "达到每人不低于 730 元"
    passage = "2026年居民医保财政补助标准\n达到每人不低于730\n元，个人缴费标准……"
    assert quote_in(quote, passage)


def test_quote_matches_full_width_forms_of_the_same_characters():
    assert quote_in("报销 70%", "起付线以上报销７０％。")


def test_quote_not_in_a_passage_that_has_only_part_of_it():
    assert not quote_in("6 万元至 10 万元（含 10 万元）的部分，报销 70%", "6万元至10万元（含10万元）的部分，报销60%")


def test_empty_quote_is_in_no_passage():
    assert not quote_in("  ", "任何段落")


def test_quote_rank_is_the_first_passage_holding_it():
    passages = ["无关段落", "另一段", "住院起付标准 200 元", "住院起付标准200元（重复）"]
    assert quote_rank("起付标准200元", passages) == 3


def test_quote_rank_is_none_when_no_passage_holds_it():
    assert quote_rank("起付标准200元", ["无关段落"]) is None


def test_hit_at_1_needs_the_quote_in_the_first_passage():
    passages = ["无关段落", "起付标准200元"]
    assert not hit_at("起付标准200元", passages, 1)
    assert hit_at("起付标准200元", passages, 5)


def test_hit_at_5_ignores_the_sixth_passage():
    passages = ["无关"] * 5 + ["起付标准200元"]
    assert not hit_at("起付标准200元", passages, 5)


# ---------------------------------------------------------------------------------------------
# facts as text


def test_fact_found_as_text_ignoring_whitespace():
    assert fact_in_answer("视同已备案", "这种情况 视同 已备案，可以直接结算。")


def test_fact_missing_from_the_answer_is_not_recalled():
    assert not fact_in_answer("免备案", "需要先办理异地就医备案。")


def test_missing_facts_lists_only_the_facts_not_stated_in_order():
    answer = "一级医院报销85%，二级医院75%。"
    assert missing_facts(["85%", "65%", "75%", "三级医院"], answer) == ["65%", "三级医院"]


def test_figure_inside_a_longer_number_is_not_the_fact():
    assert not text_contains("报销比例170%", "70%")
    assert not fact_in_answer("70%", "报销比例170%")


def test_amount_inside_a_longer_amount_is_not_the_fact():
    assert not fact_in_answer("730元", "每人1730元")


def test_number_followed_by_more_digits_is_not_the_fact():
    assert not fact_in_answer("10", "共105家")


def test_chinese_numeral_fact_is_not_part_of_a_longer_numeral():
    assert not fact_in_answer("二类", "属于十二类")


def test_phone_number_fact_found_with_spaces_around_the_hyphen():
    assert fact_in_answer("0722-3563216", "咨询电话：0722 - 3563216")


# ---------------------------------------------------------------------------------------------
# facts by value


@pytest.mark.parametrize(("fact", "answer"), [
    ("24万元", "最高支付限额为240000元。"),
    ("240000元", "最高支付限额为24万元。"),
    ("40万元", "年度最高40万。"),
    ("两个月", "等待期为2个月。"),
    ("2个月", "等待期为两个月。"),
    ("48小时", "须在48 小时内补办。"),
    ("48 小时", "须在48小时内补办。"),
    ("70%", "报销百分之七十。"),
    ("百分之七十", "报销70%。"),
    ("50%", "支付比例为0.5。"),
    ("0.5", "支付比例为50%。"),
    ("1年", "等待期为12个月。"),
    ("18种", "共十八种疾病。"),
    ("10个病种", "目前共有10种。"),
    ("6545元", "应支付6,545元。"),
])
def test_fact_stated_with_the_same_value_in_other_words(fact, answer):
    assert fact_in_answer(fact, answer)


@pytest.mark.parametrize(("fact", "answer"), [
    ("70%", "报销75%。"),
    ("85%", "报销80%，10万元以上部分同样80%。"),
    ("730元", "每人不低于740元。"),
    ("24万元", "最高支付限额为23万元。"),
    ("两个月", "等待期为3个月。"),
    ("48小时", "须在24小时内补办。"),
])
def test_wrong_figure_near_the_right_one_is_not_the_fact(fact, answer):
    assert not fact_in_answer(fact, answer)


def test_figure_of_another_kind_is_not_the_fact():
    assert not fact_in_answer("90天", "报销90%。")


def test_bare_number_is_not_a_percentage_of_the_same_digits():
    assert not fact_in_answer("10%", "见第10条。")


def test_bare_number_is_an_amount_of_money():
    assert fact_in_answer("1050元", "个人缴费：1050")


def test_fact_with_two_figures_needs_both():
    assert fact_in_answer("3-5日", "一般3至5个工作日办结。")
    assert not fact_in_answer("3-5日", "一般5个工作日办结。")


# ---------------------------------------------------------------------------------------------
# facts that are dates


def test_month_fact_found_in_a_date_of_that_month():
    assert fact_in_answer("12月", "缴费截止到当年12月31日。")


def test_month_fact_found_written_in_chinese_numerals():
    assert fact_in_answer("10月", "每年十月开始集中缴费。")


def test_month_fact_not_found_in_another_month():
    assert not fact_in_answer("10月", "每年9月至11月缴费。")


def test_day_fact_found_in_iso_form():
    assert fact_in_answer("2019年1月1日", "自2019-01-01起执行。")


def test_day_fact_not_found_on_the_next_day():
    assert not fact_in_answer("2019年1月1日", "自2019年1月2日起执行。")


def test_year_fact_found_in_a_date_of_that_year():
    assert fact_in_answer("2021年", "从2021-03-01起施行。")


def test_year_fact_not_found_in_another_year():
    assert not fact_in_answer("2021年", "从2022年3月1日起施行。")


# ---------------------------------------------------------------------------------------------
# calculations


def test_amount_in_the_answer_text_within_tolerance():
    assert figure_stated(Decimal("6545"), "统筹基金应支付6545.30元。", None, 0.5)


def test_amount_written_in_wan_counts():
    assert figure_stated(Decimal("30550"), "大病保险可再报3.055万元。", None, 0.5)


def test_amount_just_outside_tolerance_does_not_count():
    assert not figure_stated(Decimal("6545"), "统筹基金应支付6546元。", None, 0.5)


def test_amount_found_in_the_calculation_total_when_the_text_has_none():
    assert figure_stated(Decimal("6545"), "详见计算步骤。", 6545.0, 0.5)


def test_wrong_calculation_total_and_no_figure_in_text_does_not_count():
    assert not figure_stated(Decimal("6545"), "详见计算步骤。", 6630.0, 0.5)


def test_percentage_equal_to_the_amount_is_not_money():
    assert not figure_stated(Decimal("85"), "报销比例85%。", None, 0.5)


def test_date_in_chinese_form_counts():
    assert figure_stated(dt.date(2026, 10, 5), "从2026年10月5日起可以报销。", None, 1)


def test_date_without_year_takes_the_year_of_the_expected_date():
    assert figure_stated(dt.date(2026, 10, 5), "从10月5日起可以报销。", None, 1)


def test_date_one_day_later_counts_with_tolerance_one():
    # "on the day" versus "the next day" conventions: tolerance 1 day.
    assert figure_stated(dt.date(2026, 10, 5), "自2026-10-06起享受待遇。", None, 1)


def test_date_two_days_later_does_not_count_with_tolerance_one():
    assert not figure_stated(dt.date(2026, 10, 5), "自2026-10-07起享受待遇。", None, 1)


def test_date_with_the_wrong_year_does_not_count():
    assert not figure_stated(dt.date(2026, 10, 5), "自2027年10月5日起享受待遇。", None, 1)


def test_date_found_in_an_iso_calculation_total():
    assert figure_stated(dt.date(2026, 10, 5), "等待期3个月。", "2026-10-05", 1)


def test_month_alone_is_not_a_date_of_a_calculation():
    assert not figure_stated(dt.date(2026, 10, 1), "从10月起可以报销。", None, 0)


def test_a_rate_of_another_level_in_place_of_the_asked_one_is_a_wrong_figure():
    assert other_figure_stated(["75%"], "二级医院报销比例为85%。") is True


def test_the_asked_figure_stated_is_no_wrong_figure_whatever_else_is_said():
    assert other_figure_stated(["75%"], "二级医院75%，三级医院65%。") is False


def test_a_figure_of_another_kind_is_no_wrong_figure():
    assert other_figure_stated(["600元"], "报销比例为75%。") is False


def test_facts_without_figures_have_no_wrong_figure_reading():
    assert other_figure_stated(["社保卡"], "带上身份证。") is None
