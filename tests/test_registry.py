"""The registry: calculators by name, Chinese input errors naming the field and accepted values."""

import datetime as dt

import pytest

from calculators.errors import InputError
from calculators.registry import accepted_values, calculators, get_calculator, parse_inputs, run


def test_my_calculators_are_registered_with_chinese_titles():
    found = calculators()
    for name, title in [("inpatient", "住院报销"), ("critical_illness", "大病保险"), ("settlement", "一站式结算")]:
        assert found[name].title == title


def test_every_input_field_has_a_chinese_description():
    for name in ("inpatient", "critical_illness", "settlement"):
        model = get_calculator(name).input_model
        missing = [f for f, info in model.model_fields.items() if not info.description]
        assert missing == []


def test_accepted_values_see_through_aliased_optional_literals():
    model = get_calculator("inpatient").input_model
    assert accepted_values(model, "level") == ["一级", "二级", "三级"]
    assert accepted_values(model, "tier") == ["省级", "市级", "县区级"]
    assert "低保对象" in accepted_values(model, "group")


def test_aliases_validate_to_the_chinese_name():
    inputs = parse_inputs("inpatient", {"city": "淮安", "level": "乡镇卫生院", "person": "student", "cost": 1},
                          today=dt.date(2026, 1, 1))
    assert (inputs.level, inputs.person) == ("一级", "在校学生")


def test_the_date_defaults_to_today():
    inputs = parse_inputs("critical_illness", {"city": "淮安", "burden": 1}, today=dt.date(2026, 2, 3))
    assert inputs.date == dt.date(2026, 2, 3)


def test_an_unknown_calculator_lists_the_known_ones():
    with pytest.raises(InputError) as err:
        get_calculator("dental")
    assert "inpatient" in err.value.accepted


def test_an_error_raised_in_a_model_validator_keeps_its_field():
    with pytest.raises(InputError) as err:
        run("inpatient", {"city": "淮安", "level": "一级", "cost": 1, "class_b_cost": 2, "date": "2026-01-01"})
    assert err.value.field == "class_b_cost"


def test_an_extra_field_is_rejected_by_name():
    with pytest.raises(InputError) as err:
        run("critical_illness", {"city": "淮安", "burden": 1, "colour": "red", "date": "2026-01-01"})
    assert err.value.field == "colour"
