"""A calculator input of the wrong type is explained in Chinese, by the class of pydantic's error."""

import datetime as dt

import pytest

from calculators.errors import InputError
from calculators.registry import parse_inputs

TODAY = dt.date(2026, 12, 2)
BASE = {"city": "淮安", "level": "三级", "cost": 50000}


def problem(payload):
    with pytest.raises(InputError) as raised:
        parse_inputs("inpatient", {**BASE, **payload}, TODAY)
    return raised.value.field, raised.value.message.split("：")[-1]


def test_an_amount_sent_as_a_boolean_asks_for_an_amount_in_yuan():
    assert problem({"cost": True}) == ("cost", "应为数字金额（元）")


def test_a_date_written_without_dashes_shows_the_date_format():
    assert problem({"date": "20260101"}) == ("date", "日期应写成 2026-01-01 这样的格式")


def test_an_amount_sent_as_an_object_is_a_wrong_format_in_chinese():
    field, text = problem({"cost": {"value": 50000}})
    assert field == "cost" and text == "应为数字金额（元）"
