"""Rules files load with clear errors, and versions are chosen by the date in question."""

import datetime as dt

import pytest

from calculators.errors import InputError, RulesError
from calculators.rules import parse_city_rules

TWO_VERSIONS = {
    "city": "连云港",
    "inpatient": [
        {
            "effective_from": "2018-01-01",
            "doc_id": "lyg-2017-measures",
            "params": {
                "rate": {"三级": {"value": 0.6, "quote": "old"}},
                "cap": {"value": 1, "quote": "cap"},
            },
        },
        {
            "effective_from": "2019-01-01",
            "doc_id": "lyg-2018-policy-notice",
            "params": {"rate": {"三级": {"value": 0.7, "quote": "new"}}},
        },
    ],
}


def test_a_later_version_overrides_only_the_parameters_it_speaks_to():
    rules = parse_city_rules(TWO_VERSIONS, "t.yaml")
    merged = rules.raw_in_force("inpatient", dt.date(2020, 5, 1))
    assert merged["rate"]["三级"]["value"] == 0.7
    assert merged["rate"]["三级"]["doc_id"] == "lyg-2018-policy-notice"
    assert merged["cap"]["doc_id"] == "lyg-2017-measures"


def test_a_date_before_the_later_version_gets_the_earlier_figures():
    rules = parse_city_rules(TWO_VERSIONS, "t.yaml")
    assert rules.raw_in_force("inpatient", dt.date(2018, 6, 1))["rate"]["三级"]["value"] == 0.6


def test_a_date_before_any_version_is_an_input_error_naming_the_date():
    rules = parse_city_rules(TWO_VERSIONS, "t.yaml")
    with pytest.raises(InputError) as err:
        rules.raw_in_force("inpatient", dt.date(2017, 1, 1))
    assert err.value.field == "date"
    assert "2018-01-01" in err.value.message


def test_an_unknown_section_is_an_input_error_listing_the_known_ones():
    rules = parse_city_rules(TWO_VERSIONS, "t.yaml")
    with pytest.raises(InputError) as err:
        rules.versions("dental")
    assert err.value.accepted == ["住院"]


def test_a_benefit_a_city_does_not_price_is_named_in_chinese_with_the_ones_it_does():
    rules = parse_city_rules(TWO_VERSIONS, "t.yaml")
    with pytest.raises(InputError) as err:
        rules.versions("two_diseases")
    assert err.value.message == "连云港的政策文件没有规定两病门诊用药的计算参数（可选：住院）"


def test_a_parameter_without_quote_is_rejected_naming_file_and_field():
    bad = {"city": "淮安", "inpatient": [{"effective_from": "2026-01-01", "doc_id": "ha-2026-100qa",
                                         "params": {"cap": {"value": 1, "quote": ""}}}]}
    with pytest.raises(RulesError) as err:
        parse_city_rules(bad, "淮安.yaml")
    assert "淮安.yaml" in str(err.value) and "quote" in str(err.value)


def test_a_version_missing_its_date_is_rejected_naming_the_section():
    bad = {"city": "淮安", "inpatient": [{"doc_id": "ha-2026-100qa", "params": {}}]}
    with pytest.raises(RulesError) as err:
        parse_city_rules(bad, "淮安.yaml")
    assert "inpatient[0]" in str(err.value) and "effective_from" in str(err.value)


def test_an_unknown_city_in_a_rules_file_is_rejected():
    with pytest.raises(RulesError):
        parse_city_rules({"city": "北京"}, "北京.yaml")
