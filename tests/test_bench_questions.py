"""The question list of the ask, memory and throughput benchmarks: fixed, bounded, every route."""

import json

import pytest

from bot.bench.questions import BUILT_IN, CATEGORIES, dev_files, item_of, question_list, single_questions


def test_the_built_in_list_covers_policy_calculation_follow_up_and_decline():
    assert {item.category for item in BUILT_IN} == set(CATEGORIES)


def test_follow_up_items_are_conversations_of_several_turns():
    assert all(len(item.turns) >= 2 for item in BUILT_IN if item.category == "follow_up")


def test_dev_records_become_calculation_decline_or_policy_items():
    calc = item_of({"question": "淮安住院8000元报多少", "expected": 6545.0, "city": "淮安"})
    refusal = item_of({"question": "2027年交多少", "expect_refusal": True, "city": None})
    policy = item_of({"question": "几月交费", "expect_refusal": False, "city": "淮安"})
    assert (calc.category, refusal.category, policy.category) == ("calculation", "decline", "policy")
    assert calc.city == "淮安" and calc.turns == ("淮安住院8000元报多少",)


def test_a_record_without_a_question_is_skipped():
    assert item_of({"id": "X"}) is None


def test_the_dev_option_takes_every_jsonl_of_a_directory(tmp_path):
    (tmp_path / "b.jsonl").write_text("", encoding="utf-8")
    (tmp_path / "a.jsonl").write_text("", encoding="utf-8")
    (tmp_path / "README.md").write_text("", encoding="utf-8")
    assert [p.name for p in dev_files(tmp_path)] == ["a.jsonl", "b.jsonl"]


def test_dev_items_follow_the_built_in_ones(tmp_path):
    path = tmp_path / "dev.jsonl"
    path.write_text(json.dumps({"question": "几月交费", "city": "淮安"}, ensure_ascii=False) + "\n", encoding="utf-8")
    items = question_list([path])
    assert len(items) == len(BUILT_IN) + 1
    assert (items[-1].turns, items[-1].source) == (("几月交费",), "dev.jsonl")


def test_per_category_bounds_the_list():
    items = question_list([], per_category=2)
    assert len(items) == 2 * len(CATEGORIES)


def test_a_line_that_is_not_json_names_the_file_and_line(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"question": "a"}\n{oops\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad.jsonl:2"):
        question_list([path])


def test_single_questions_leave_out_conversations():
    questions = single_questions(list(BUILT_IN))
    assert len(questions) == sum(1 for item in BUILT_IN if len(item.turns) == 1)
    assert "那长春呢？" not in questions
