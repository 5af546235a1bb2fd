"""Question files: factual and calculation items mixed, validated with errors naming file, line, field."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest

from bot.evaluation.dataset import CalculationItem, DatasetError, FactualItem, load_items

FACTUAL = {"id": "D002", "city": "淮安", "question": "淮安 居民医保 财政补助 每人 多少",
           "answer_facts": ["730元"], "source_quote": "达到每人不低于 730 元", "expect_refusal": False}
CALC_MONEY = {"id": "DC01", "city": "淮安", "question": "合规医疗费用8000元，应支付多少元？",
              "expected": 6545.0, "unit": "元", "tolerance": 0.5}
CALC_DATE = {"id": "DC06", "city": "淮安", "question": "2026年8月5日补缴，哪天起能报销？",
             "expected": "2026-10-05", "unit": "date", "tolerance": 1}
REFUSAL = {"id": "D079", "city": None, "question": "美国的医保怎么报销？", "answer_facts": [],
           "source_quote": None, "expect_refusal": True}


def write_jsonl(path: Path, *rows: object) -> Path:
    lines = [row if isinstance(row, str) else json.dumps(row, ensure_ascii=False) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def load_error(tmp_path: Path, *rows: object) -> str:
    path = write_jsonl(tmp_path / "q.jsonl", *rows)
    with pytest.raises(DatasetError) as caught:
        load_items([path])
    return str(caught.value)


def test_a_file_mixes_factual_and_calculation_items(tmp_path):
    items, warnings = load_items([write_jsonl(tmp_path / "q.jsonl", FACTUAL, CALC_MONEY, CALC_DATE, REFUSAL)])
    assert [type(i) for i in items] == [FactualItem, CalculationItem, CalculationItem, FactualItem]
    assert [i.id for i in items] == ["D002", "DC01", "DC06", "D079"]
    assert warnings == []


def test_calculation_expected_values_are_decimal_money_and_iso_dates(tmp_path):
    items, _ = load_items([write_jsonl(tmp_path / "q.jsonl", CALC_MONEY, CALC_DATE)])
    assert items[0].expected_value == Decimal("6545.0")
    assert items[1].expected_value == dt.date(2026, 10, 5)


def test_items_of_several_files_are_read_in_order(tmp_path):
    a = write_jsonl(tmp_path / "a.jsonl", FACTUAL)
    b = write_jsonl(tmp_path / "b.jsonl", CALC_MONEY)
    items, _ = load_items([a, b])
    assert [i.id for i in items] == ["D002", "DC01"]


def test_blank_lines_and_a_byte_order_mark_are_accepted(tmp_path):
    path = tmp_path / "q.jsonl"
    path.write_text("\ufeff" + json.dumps(FACTUAL, ensure_ascii=False) + "\n\n   \n", encoding="utf-8")
    items, _ = load_items([path])
    assert [i.id for i in items] == ["D002"]


def test_city_option_replaces_every_items_city(tmp_path):
    items, _ = load_items([write_jsonl(tmp_path / "q.jsonl", FACTUAL, REFUSAL)], city="长春")
    assert [i.city for i in items] == ["长春", "长春"]


def test_unknown_keys_are_ignored_with_a_warning(tmp_path):
    items, warnings = load_items([write_jsonl(tmp_path / "q.jsonl", {**FACTUAL, "style": "keyword"})])
    assert items[0].id == "D002"
    assert warnings == [f"{tmp_path / 'q.jsonl'}:1: ignored unknown keys style"]


def test_bad_json_line_names_file_and_line(tmp_path):
    message = load_error(tmp_path, FACTUAL, '{"id": "D003", "question": ')
    assert message.startswith(f"{tmp_path / 'q.jsonl'}:2: not valid JSON")


def test_wrong_field_type_names_file_line_and_field(tmp_path):
    message = load_error(tmp_path, FACTUAL, {**FACTUAL, "id": "D003", "answer_facts": "70%"})
    assert message == f"{tmp_path / 'q.jsonl'}:2: answer_facts: Input should be a valid list"


def test_unknown_city_names_the_accepted_cities(tmp_path):
    message = load_error(tmp_path, {**FACTUAL, "city": "南京"})
    assert message == (f"{tmp_path / 'q.jsonl'}:1: city: Input should be "
                       "'连云港', '淮安', '长春', '长治' or '随州'")


def test_missing_question_is_named(tmp_path):
    row = {k: v for k, v in FACTUAL.items() if k != "question"}
    assert load_error(tmp_path, row) == f"{tmp_path / 'q.jsonl'}:1: question: Field required"


def test_refusal_flag_must_be_a_boolean_not_a_word(tmp_path):
    message = load_error(tmp_path, {**FACTUAL, "expect_refusal": "yes"})
    assert message == f"{tmp_path / 'q.jsonl'}:1: expect_refusal: Input should be a valid boolean"


def test_factual_item_without_facts_quote_or_refusal_is_rejected(tmp_path):
    message = load_error(tmp_path, {**FACTUAL, "answer_facts": [], "source_quote": None})
    assert message == (f"{tmp_path / 'q.jsonl'}:1: an item that does not expect a refusal "
                       "needs answer_facts or a source_quote")


def test_date_item_with_an_impossible_date_is_rejected(tmp_path):
    message = load_error(tmp_path, {**CALC_DATE, "expected": "2026-13-01"})
    assert message == f"{tmp_path / 'q.jsonl'}:1: expected: '2026-13-01' is not an ISO date (YYYY-MM-DD)"


def test_money_item_with_a_string_expected_is_rejected(tmp_path):
    message = load_error(tmp_path, {**CALC_MONEY, "expected": "6545"})
    assert message == f"{tmp_path / 'q.jsonl'}:1: expected: unit '元' needs a number, got the string '6545'"


def test_negative_tolerance_is_rejected(tmp_path):
    message = load_error(tmp_path, {**CALC_MONEY, "tolerance": -1})
    assert message == f"{tmp_path / 'q.jsonl'}:1: tolerance: Input should be greater than or equal to 0"


def test_a_line_that_is_not_an_object_is_rejected(tmp_path):
    message = load_error(tmp_path, "[1, 2]")
    assert message == f"{tmp_path / 'q.jsonl'}:1: each line must be a JSON object, got list"


def test_every_bad_line_is_listed(tmp_path):
    message = load_error(tmp_path, "{", FACTUAL, "[]")
    assert [line.split(": ")[0] for line in message.splitlines()] == [
        f"{tmp_path / 'q.jsonl'}:1", f"{tmp_path / 'q.jsonl'}:3"]


def test_an_id_used_twice_names_both_places(tmp_path):
    a = write_jsonl(tmp_path / "a.jsonl", FACTUAL)
    b = write_jsonl(tmp_path / "b.jsonl", CALC_MONEY, {**CALC_DATE, "id": "D002"})
    with pytest.raises(DatasetError) as caught:
        load_items([a, b])
    assert str(caught.value) == f"{b}:2: id: 'D002' is already used at {a}:1"


def test_missing_file_is_named(tmp_path):
    with pytest.raises(DatasetError, match="no such file"):
        load_items([tmp_path / "absent.jsonl"])


def test_empty_file_is_an_error(tmp_path):
    path = tmp_path / "empty.jsonl"
    path.write_text("\n", encoding="utf-8")
    with pytest.raises(DatasetError, match="no items"):
        load_items([path])


def test_the_development_sets_are_valid():
    shared = Path("/work/shared/eval")
    if not shared.exists():
        pytest.skip("the shared development sets are not on this machine")
    items, warnings = load_items([shared / "dev_questions.jsonl", shared / "dev_calc_cases.jsonl"])
    assert (len(items), warnings) == (110, [])


def test_the_regression_set_is_valid():
    items, warnings = load_items([Path(__file__).parent / "data" / "regression.jsonl"])
    assert warnings == []
    assert len(items) >= 5


def test_regression_source_quotes_are_in_their_citys_documents():
    from bot.evaluation.matching import quote_in
    from corpus.catalogue import load_catalogue

    items, _ = load_items([Path(__file__).parent / "data" / "regression.jsonl"])
    quoted = [i for i in items if isinstance(i, FactualItem) and i.source_quote]
    missing = [i.id for i in quoted
               if not any(quote_in(i.source_quote, e.read_text()) for e in load_catalogue() if e.city == i.city)]
    assert quoted and missing == []
