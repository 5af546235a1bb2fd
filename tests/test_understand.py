"""bot.understanding.understand: combining normalisation, city, intent and slots; merging follow-ups."""

import datetime as dt
from decimal import Decimal

import pytest

from bot.understanding.understand import merge_followup, understand
from calculators.errors import InputError

TODAY = dt.date(2026, 5, 10)


def test_the_city_named_in_the_text_is_the_city():
    result = understand("淮安住院报销比例是多少", TODAY)
    assert (result.city, result.city_source, result.cities) == ("淮安", "text", ["淮安"])


def test_a_county_names_its_city():
    assert understand("随县参保的住院能报多少比例", TODAY).city == "随州"


def test_the_city_argument_wins_over_the_text():
    result = understand("淮安住院报销比例是多少", TODAY, city="长春")
    assert (result.city, result.city_source, result.cities) == ("长春", "argument", ["淮安"])


def test_two_cities_leave_the_city_open():
    assert understand("淮安和长春住院起付线", TODAY).city is None


def test_an_unknown_city_argument_is_an_input_error_naming_the_field():
    with pytest.raises(InputError) as caught:
        understand("住院报销", TODAY, city="杭州")
    assert caught.value.field == "city"
    assert "连云港、淮安、长春、长治、随州" in caught.value.message


def test_text_is_normalised_and_kept():
    result = understand("長春住院　報銷５０％？", TODAY)
    assert (result.text, result.normalized) == ("長春住院　報銷５０％？", "长春住院 报销50%?")


def test_to_dict_is_json_ready():
    data = understand("淮安住院花了3万能报多少", TODAY).to_dict()
    assert (data["intent"], data["city"], data["slots"]["amount"], data["today"]) == (
        "calculation", "淮安", "30000", "2026-05-10"
    )


FIRST = "淮安三级医院住院花了5万,成年人,能报多少?"


def follow(text, first=FIRST):
    return merge_followup(understand(first, TODAY), understand(text, TODAY))


def test_follow_up_changes_the_hospital_level():
    merged = follow("那二级医院呢?")
    assert (merged.intent, merged.slots.level, merged.slots.amount, merged.slots.person, merged.city) == (
        "calculation", "二级", Decimal(50000), "adult", "淮安"
    )
    assert merged.city_source == "previous"


def test_follow_up_changes_the_amount():
    merged = follow("如果花了8万呢?")
    assert (merged.intent, merged.slots.amount, merged.slots.level) == ("calculation", Decimal(80000), "三级")


def test_follow_up_drops_an_old_class_split_with_a_new_amount():
    merged = follow("如果花了8万呢?", "长春三级医院住院,甲类1万元、乙类2万元,成年人,统筹付多少?")
    assert (merged.slots.amount, merged.slots.class_a, merged.slots.class_b) == (Decimal(80000), None, None)


def test_follow_up_with_a_new_amount_drops_the_old_count_of_months():
    merged = follow("如果一共花了3000呢?", "长治高血压门诊慢病，每月药费200元，吃了6个月，能报多少?")
    assert (merged.slots.amount, merged.slots.months) == (Decimal(3000), None)


def test_follow_up_fills_the_person():
    merged = follow("我是学生", "淮安三级医院住院花了5万能报多少?")
    assert (merged.intent, merged.slots.person, merged.slots.amount) == ("calculation", "student", Decimal(50000))


def test_follow_up_switches_the_city():
    merged = follow("那长春呢?")
    assert (merged.city, merged.city_source, merged.intent, merged.slots.level) == ("长春", "text", "calculation", "三级")


def test_follow_up_with_an_amount_turns_a_policy_question_into_a_calculation():
    merged = follow("如果花了8万呢?", "淮安住院报销比例是多少?")
    assert (merged.intent, merged.slots.benefit, merged.slots.amount) == ("calculation", "inpatient", Decimal(80000))


def test_follow_up_records_the_previous_message():
    assert follow("那二级医院呢?").followup_of == FIRST


def test_a_city_switch_after_a_comparison_answers_for_that_city():
    merged = follow("那长春呢?", "淮安和连云港住院报销比例哪个高?")
    assert (merged.intent, merged.city) == ("policy", "长春")


def test_nothing_is_merged_into_a_greeting():
    new = understand("那二级医院呢?", TODAY)
    assert merge_followup(understand("你好", TODAY), new) == new


def test_today_defaults_to_the_current_date():
    assert understand("你好").today == dt.date.today()
