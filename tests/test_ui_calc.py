"""Calculator forms generated from the registry's input models."""

from bot.web.calc_tab import UNSET, compute, field_kind, payload_from, split_label
from calculators.registry import get_calculator

INPATIENT = get_calculator("inpatient")


def test_field_kinds_follow_the_input_model():
    model = INPATIENT.input_model
    kinds = {name: field_kind(model, name) for name in ("city", "level", "cost", "date", "stays")}
    assert kinds == {"city": "choice", "level": "choice", "cost": "number", "date": "date", "stays": "json"}


def test_a_list_of_choices_is_a_multi_select_and_a_flag_a_check_box():
    contribution = get_calculator("contribution").input_model
    accident = get_calculator("outpatient_accident").input_model
    assert field_kind(contribution, "groups") == "multi"
    assert field_kind(accident, "in_school") == "bool"


def test_blank_and_unset_fields_are_left_out_of_the_payload():
    model = INPATIENT.input_model
    names = ["city", "level", "cost", "date", "grade"]
    assert payload_from(model, names, ["淮安", "三级", 50000.0, "", UNSET]) == {
        "city": "淮安", "level": "三级", "cost": 50000}


def test_a_form_computes_the_result_with_its_steps_and_citations():
    """淮安 Q60: “三级医院 900 元 65%”: (50000 − 900) × 65% = 31915."""
    names = ["city", "level", "cost", "date"]
    summary, table, cites = compute(INPATIENT, names, ["淮安", "三级", 50000.0, "2026-06-01"])
    assert summary.startswith("**淮安居民医保住院：合规医疗费用50000元，统筹基金支付31915元")
    assert table["visible"] is True
    assert list(table["value"].iloc[3]) == ["住院统筹支付", "(50000 − 900) × 65%", "31,915 元", "[1] 全民参保百问百答"]
    assert '<details class="yb-cite">' in cites


def test_a_missing_field_is_a_chinese_message_naming_it_and_its_choices():
    summary, table, cites = compute(INPATIENT, ["city", "cost"], ["淮安", 50000.0])
    assert summary == "输入有误：淮安的住院待遇按医院级别区分，请填写医院级别（可选：一级、二级、三级）"
    assert table["visible"] is False and cites == ""


def test_bad_json_in_a_list_field_is_a_chinese_message():
    summary, _, _ = compute(INPATIENT, ["city", "stays"], ["淮安", "[不是JSON"])
    assert summary.startswith("输入有误：同一年内的多次住院") and "JSON" in summary


def test_a_number_typed_as_text_is_sent_as_text_for_the_model_to_parse():
    model = INPATIENT.input_model
    assert payload_from(model, ["cost", "class_b_cost"], [" 50000 ", 0.0]) == {"cost": "50000", "class_b_cost": 0}


def test_a_long_description_becomes_a_short_label_and_an_explanation():
    assert split_label("合规医疗费用（元，政策范围内，含甲类和乙类）") == ("合规医疗费用", "（元，政策范围内，含甲类和乙类）")
    assert split_label("参保城市") == ("参保城市", None)


def test_a_non_numeric_amount_is_a_chinese_message():
    summary, _, _ = compute(INPATIENT, ["city", "level", "cost"], ["淮安", "三级", "五万"])
    assert summary.startswith("输入有误：合规医疗费用") and "必须是数字" in summary


def test_the_inpatient_calculator_comes_first_and_every_calculator_is_offered():
    from bot.web.calc_tab import calculator_order
    from calculators.registry import calculators

    ordered = calculator_order()
    assert ordered[0].name == "inpatient" and sorted(c.name for c in ordered) == sorted(calculators())
