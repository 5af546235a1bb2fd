"""The end-to-end question sets themselves: sizes, coverage, and every figure traced to a document.

Fast (no index): a quote or a fact that is not in its document fails here, before any answering.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.evaluation.matching import fact_in_answer, quote_in
from corpus.catalogue import CITIES
from tests.e2e_support import CONVERSATIONS, QUESTIONS, document_text, items

DEV_SETS = Path("/work/shared/eval")


def test_the_policy_questions_cover_the_five_cities_with_at_least_40_questions():
    policy = items("policy")
    assert len(policy) >= 40
    per_city = {city: sum(1 for q in policy if q["city"] == city) for city in CITIES}
    assert min(per_city.values()) >= 7, per_city


def test_there_are_ten_out_of_scope_questions_of_every_kind_the_issue_names():
    refusals = items("refusal")
    assert len(refusals) == 10
    assert {q["why"].split("（")[0] for q in refusals} == {
        "其他城市", "职工养老", "医疗建议", "失业保险", "商业保险", "文件未覆盖"}


def test_there_are_at_least_25_calculation_messages_across_the_five_cities():
    calcs = items("calculation")
    assert len(calcs) >= 25
    assert {q["city"] for q in calcs} == set(CITIES)


def test_ids_are_unique():
    ids = [q["id"] for q in QUESTIONS] + [c["id"] for c in CONVERSATIONS]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("item", items("policy"), ids=lambda item: item["id"])
def test_a_policy_question_quotes_its_document_and_the_document_states_its_facts(item):
    text = document_text(item["doc_id"])
    assert quote_in(item["quote"], text)
    assert [fact for fact in item["facts"] if not fact_in_answer(fact, text)] == []


@pytest.mark.parametrize("item", items("calculation") + CONVERSATIONS, ids=lambda item: item["id"])
def test_every_quote_behind_an_expected_figure_is_in_its_document(item):
    assert item["quotes"]
    for quote in item["quotes"]:
        assert quote_in(quote["quote"], document_text(quote["doc_id"])), quote


def test_every_expected_calculation_says_how_it_was_worked_out():
    assert all(q["working"] for q in items("calculation"))
    turns = [turn for c in CONVERSATIONS for turn in c["turns"] if "total" in turn["expect"]]
    assert turns and all(turn["expect"]["working"] for turn in turns)


def test_the_conversations_cover_slot_filling_follow_ups_and_city_switches():
    said = [turn["say"] for c in CONVERSATIONS for turn in c["turns"]]
    for phrase in ("那二级医院呢？", "如果花了8万呢？", "我是学生", "那长春呢？"):
        assert phrase in said
    asked = {choice for c in CONVERSATIONS for turn in c["turns"] for choice in turn["expect"].get("follow_up", [])}
    assert {"二级", "随州", "在校学生"} <= asked  # a level, a city and a person asked and answered by button


@pytest.mark.skipif(not DEV_SETS.exists(), reason="the shared development sets are not on this machine")
def test_no_question_is_copied_from_the_development_sets():
    dev = set()
    for name in ("dev_questions.jsonl", "dev_calc_cases.jsonl"):
        with (DEV_SETS / name).open(encoding="utf-8") as f:
            dev |= {json.loads(line)["question"] for line in f if line.strip()}
    ours = [q["question"] for q in QUESTIONS] + [t["say"] for c in CONVERSATIONS for t in c["turns"]]
    assert [q for q in ours if q in dev] == []
