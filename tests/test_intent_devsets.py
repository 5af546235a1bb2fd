"""The intent classifier on the development sets in shared/eval (written by others, not tuned line by line).

Factual questions should be `policy` (the 10 refusal items may also be `out_of_scope`: some are
outside the domain, others are in it but not covered by the documents, which retrieval decides);
calculation cases should be `calculation`. The accuracy is printed; the test fails below 95%.
"""

import datetime as dt
import json
from pathlib import Path

import pytest

from bot.understanding.understand import understand

EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval"
TODAY = dt.date(2026, 5, 10)
MIN_ACCURACY = 0.95


def _lines(name):
    path = EVAL / name
    if not path.exists():
        pytest.skip(f"{path} not present (shared/ sits beside the repository in CI and on developers' machines)")
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _accuracy(items, accepted):
    right = [item["id"] for item in items if understand(item["question"], TODAY).intent in accepted(item)]
    return len(right) / len(items), sorted({item["id"] for item in items} - set(right))


def test_factual_questions_route_to_policy(capsys):
    items = _lines("dev_questions.jsonl")
    accuracy, wrong = _accuracy(
        items, lambda item: ("policy", "out_of_scope") if item["expect_refusal"] else ("policy",)
    )
    with capsys.disabled():
        print(f"\ndev_questions: intent accuracy {accuracy:.1%} on {len(items)} (wrong: {wrong})")
    assert accuracy >= MIN_ACCURACY, wrong


def test_calculation_cases_route_to_calculation(capsys):
    items = _lines("dev_calc_cases.jsonl")
    accuracy, wrong = _accuracy(items, lambda item: ("calculation",))
    with capsys.disabled():
        print(f"\ndev_calc_cases: intent accuracy {accuracy:.1%} on {len(items)} (wrong: {wrong})")
    assert accuracy >= MIN_ACCURACY, wrong


def test_calculation_cases_detect_their_city():
    items = _lines("dev_calc_cases.jsonl")
    wrong = [item["id"] for item in items if understand(item["question"], TODAY).city != item["city"]]
    assert wrong == []
