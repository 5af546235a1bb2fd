"""bot.understanding.numbers: every way residents type amounts, percentages, durations and dates."""

import datetime as dt
from decimal import Decimal

import pytest

from bot.understanding.numbers import extract_dates, extract_numbers, parse_number, parse_quantity, same_value
from bot.understanding.normalize import normalize

TODAY = dt.date(2026, 5, 10)


def only(text):
    found = extract_numbers(text, TODAY)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("3万", "30000", "money"),
        ("三万五", "35000", "money"),
        ("1.2万元", "12000", "money"),
        ("30000块", "30000", "money"),
        ("2万5", "25000", "money"),
        ("5.6万", "56000", "money"),
        ("3万5千元", "35000", "money"),
        ("一万二", "12000", "money"),
        ("三十五万", "350000", "money"),
        ("30,000元", "30000", "money"),
        ("8000元", "8000", "money"),
        ("120块钱", "120", "money"),
        ("一千九", "1900", "plain"),
        ("八百", "800", "plain"),
        ("两千", "2000", "plain"),
        ("0.5", "0.5", "plain"),
        ("零点五", "0.5", "plain"),
        ("50%", "50", "percent"),
        ("百分之五十", "50", "percent"),
        ("百分之7.5", "7.5", "percent"),
        ("9成", "90", "percent"),
        ("九成", "90", "percent"),
        ("两个月", "2", "month"),
        ("十二个月", "12", "month"),
        ("48小时", "48", "hour"),
        ("90天", "90", "day"),
        ("15个工作日", "15", "day"),
        ("3年", "3", "year"),
        ("6岁", "6", "age"),
        ("10次", "10", "count"),
        ("五口人", "5", "count"),
    ],
)
def test_each_form_reads_as_value_and_unit(text, value, unit):
    quantity = only(text)
    assert (quantity.value, quantity.unit, quantity.raw) == (Decimal(value), unit, text)


def test_whole_values_have_no_fractional_digits():
    assert str(only("1.2万元").value) == "12000"


def test_quantities_in_a_sentence_keep_their_spans():
    text = "我家孩子6岁，合规费用15000元"
    found = extract_numbers(text, TODAY)
    assert [(q.value, q.unit, q.span) for q in found] == [
        (Decimal(6), "age", (4, 6)), (Decimal(15000), "money", (11, 17))
    ]
    assert [text[q.start:q.end] for q in found] == ["6岁", "15000元"]


def test_band_limits_are_each_read():
    found = extract_numbers("6万到10万那一段报多少?10万以上的部分呢?", TODAY)
    assert [q.value for q in found] == [Decimal(60000), Decimal(100000), Decimal(100000)]


@pytest.mark.parametrize("text", ["二次报销", "一站式", "两病", "一般", "第一次", "三甲医院", "五保", "一级医院", "一共"])
def test_numerals_inside_words_are_not_quantities(text):
    assert extract_numbers(text, TODAY) == []


def test_a_lone_numeral_with_a_unit_is_a_quantity():
    assert [(q.value, q.unit) for q in extract_numbers("住了一天", TODAY)] == [(Decimal(1), "day")]


def test_a_count_of_people_in_ten_thousands_is_not_money():
    assert only("3万人").unit == "count"


def test_date_parts_are_not_read_as_quantities():
    assert extract_numbers("2026年3月1日交的费", TODAY) == []


def test_parse_number_returns_none_for_text_that_is_not_a_number():
    assert parse_number("多少") is None


@pytest.mark.parametrize(
    ("text", "date", "precision"),
    [
        ("2026年3月1日", dt.date(2026, 3, 1), "day"),
        ("2026年3月1号", dt.date(2026, 3, 1), "day"),
        ("3月1日", dt.date(2026, 3, 1), "day"),
        ("2026-03-01", dt.date(2026, 3, 1), "day"),
        ("2026/3/1", dt.date(2026, 3, 1), "day"),
        ("今年3月", dt.date(2026, 3, 1), "month"),
        ("去年12月", dt.date(2025, 12, 1), "month"),
        ("今年三月份", dt.date(2026, 3, 1), "month"),
        ("2025年10月", dt.date(2025, 10, 1), "month"),
        ("10月", dt.date(2026, 10, 1), "month"),
        ("2026年度", dt.date(2026, 1, 1), "year"),
        ("2021年", dt.date(2021, 1, 1), "year"),
        ("今年", dt.date(2026, 1, 1), "year"),
        ("去年", dt.date(2025, 1, 1), "year"),
        ("明年", dt.date(2027, 1, 1), "year"),
    ],
)
def test_each_date_form_reads_relative_to_today(text, date, precision):
    found = extract_dates(text, TODAY)
    assert [(d.date, d.precision, d.raw) for d in found] == [(date, precision, text)]


def test_a_duration_in_months_is_not_a_date():
    assert extract_dates("要等两个月吗", TODAY) == []


def test_an_impossible_date_is_skipped():
    assert extract_dates("2026年2月30日", TODAY) == []


def test_several_dates_are_found_in_order():
    found = extract_dates("2026年3月1日身份转换,2026年4月20日缴纳2026年度医保费", TODAY)
    assert [(d.date, d.precision) for d in found] == [
        (dt.date(2026, 3, 1), "day"), (dt.date(2026, 4, 20), "day"), (dt.date(2026, 1, 1), "year")
    ]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("24万元", "240000元"),
        ("两个月", "2个月"),
        ("0.5", "50%"),
        ("百分之五十", "50%"),
        ("48小时", "48 小时"),
        ("1年", "12个月"),
        ("2周", "14天"),
        ("三万五", "35000元"),
        ("2026年10月5日", "2026-10-05"),
    ],
)
def test_same_value_matches_equal_figures(a, b):
    assert same_value(a, b)
    assert same_value(b, a)


@pytest.mark.parametrize(("a", "b"), [("50%", "60%"), ("2个月", "2天"), ("24万元", "24元"), ("2026-10-05", "2026-10-06")])
def test_same_value_rejects_different_figures(a, b):
    assert not same_value(a, b)


def test_same_value_within_tolerance():
    assert same_value("6545元", "6545.4元", tolerance=Decimal("0.5"))
    assert not same_value("6545元", "6546元", tolerance=Decimal("0.5"))


def test_same_value_on_dates_with_a_day_of_tolerance():
    assert same_value("2026年10月5日", "2026-10-06", tolerance=1)


def test_same_value_takes_quantities():
    assert same_value(parse_quantity("3万"), parse_quantity("30000元"))


def test_same_value_of_text_without_a_number_is_false():
    assert not same_value("多少", "30000元")


def test_tenths_with_a_following_numeral_read_as_eighty_five_percent():
    assert [(q.value, q.unit) for q in extract_numbers("报八成五")] == [(Decimal(85), "percent")]


def test_half_a_tenth_after_cheng_reads_as_five_percent_more():
    assert [(q.value, q.unit) for q in extract_numbers("报七成半")] == [(Decimal(75), "percent")]


def test_a_duration_after_cheng_is_not_half_a_tenth():
    assert [(q.value, q.unit) for q in extract_numbers("报七成半年")][0] == (Decimal(70), "percent")


def test_an_amount_with_thousands_commas_and_cents_keeps_its_unit():
    assert [(q.value, q.unit) for q in extract_numbers("6,545.00元")] == [(Decimal(6545), "money")]


def test_a_numeral_of_thirty_digits_is_read_as_nothing_and_never_raises():
    assert extract_numbers("1" * 30 + "元") == []
    assert parse_number("9" * 40) is None


def test_an_amount_with_a_full_width_thousands_comma_keeps_its_value_and_unit():
    assert [(q.value, q.unit) for q in extract_numbers(normalize("花了1，200元"))] == [(Decimal(1200), "money")]


def test_an_amount_with_thousands_commas_and_a_decimal_part_keeps_it():
    assert [(q.value, q.unit) for q in extract_numbers("12,000.5元")] == [(Decimal("12000.5"), "money")]


def test_a_comma_not_grouping_three_digits_joins_no_numbers():
    assert [q.value for q in extract_numbers("1,2")] == [Decimal(1), Decimal(2)]


def test_three_amounts_listed_with_commas_are_three_amounts_not_one_number():
    assert [(q.value, q.unit) for q in extract_numbers(normalize("看了三次，分别是90，140，260元"))] == [
        (Decimal(3), "count"), (Decimal(90), "money"), (Decimal(140), "money"), (Decimal(260), "money")]


def test_millions_grouped_by_thousands_stay_one_number():
    assert [q.value for q in extract_numbers("1,250,000元")] == [Decimal(1250000)]
    assert [q.value for q in extract_numbers("3,250,500元")] == [Decimal(3250500)]


@pytest.mark.parametrize("said", ["能报个七八成吧", "大概花了两三万", "去过一两次", "孩子十一二岁"])
def test_two_consecutive_numerals_guess_at_a_range_and_state_no_figure(said):
    assert extract_numbers(said) == []


@pytest.mark.parametrize(("said", "value"), [("两万三", 23000), ("二十三万", 230000), ("一百二十三元", 123)])
def test_numerals_with_a_unit_between_their_digits_are_one_figure(said, value):
    assert [q.value for q in extract_numbers(said)] == [Decimal(value)]


def test_digits_followed_by_a_numeral_starting_the_next_count_are_two_quantities():
    assert [(q.value, q.unit) for q in extract_numbers("一个6一个15")] == [
        (Decimal(1), "count"), (Decimal(6), "plain"), (Decimal(1), "count"), (Decimal(15), "plain")]
    assert [(q.value, q.unit) for q in extract_numbers("每回花90一次")] == [(Decimal(90), "plain"), (Decimal(1), "count")]


@pytest.mark.parametrize(("said", "value"), [("住院花了20万一千", 201000), ("一共一万一", 11000), ("自付了3万一千元", 31000),
                                             ("花了两万一报多少", 21000)])
def test_wan_yi_after_a_numeral_goes_on_with_the_amount(said, value):
    assert [(q.value, q.unit) for q in extract_numbers(said)] == [(Decimal(value), "money")]


@pytest.mark.parametrize("said", ["万一住院了能报吗", "要是万一生病了怎么办"])
def test_wan_yi_not_after_a_numeral_is_in_case_and_no_quantity(said):
    assert extract_numbers(said) == []


def test_wan_yi_after_a_numeral_before_a_count_ends_the_amount_and_starts_the_count():
    assert [(q.value, q.unit) for q in extract_numbers("透析2万一个月")] == [
        (Decimal(20000), "money"), (Decimal(1), "month")]


def test_a_word_starting_with_a_numeral_unit_after_a_numeral_is_part_of_the_number():
    # 千万 (by all means) and 万一 (in case) are words; after a numeral their unit is the numeral's (五千万, 一万一)
    assert [q.value for q in extract_numbers("预算五千万")] == [Decimal(50_000_000)]
    assert extract_numbers("千万别断缴") == []


def test_two_groups_after_a_count_of_two_are_two_amounts_not_one_grouped_by_thousands():
    assert [(q.value, q.unit) for q in extract_numbers(normalize("去了两趟，120，360元"))] == [
        (Decimal(2), "count"), (Decimal(120), "money"), (Decimal(360), "money")]


def test_two_groups_after_a_counted_word_and_an_opener_of_items_are_two_amounts():
    assert [q.value for q in extract_numbers(normalize("拿了两次药，分别是150，480元"))] == [
        Decimal(2), Decimal(150), Decimal(480)]


def test_two_groups_beside_a_list_mark_are_items_of_that_list():
    assert [q.value for q in extract_numbers(normalize("三次花了60、110，230元"))] == [
        Decimal(3), Decimal(60), Decimal(110), Decimal(230)]


def test_two_groups_with_no_other_reading_signalled_stay_one_number_grouped_by_thousands():
    assert [q.value for q in extract_numbers(normalize("住院花了110，230元"))] == [Decimal(110230)]
    assert [q.value for q in extract_numbers(normalize("两口人，住院一共花了15,500元"))] == [Decimal(2), Decimal(15500)]
    assert [q.value for q in extract_numbers(normalize("看了两次，1,200元"))] == [Decimal(2), Decimal(1200)]
