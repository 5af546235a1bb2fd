"""End to end on the real index: paraphrased policy questions get the right document and figure;
out-of-scope questions are declined.

The questions are in tests/data/e2e_questions.jsonl (kind `policy` and `refusal`), worded the way
residents type them; each policy item names its document, its key figures and the passage that
states them (checked against the document by tests/test_e2e_data.py). Figures are compared by value
(`bot.evaluation.matching.fact_in_answer`: 24万元 = 240000 元).
"""

from __future__ import annotations

import pytest

import bot
import bot.service
from bot.evaluation.matching import fact_in_answer
from tests.e2e_support import items, service_on, with_known_failures

pytestmark = pytest.mark.slow

# Answers that are wrong today, by where the fault is (retrieval or composer). Strict xfails: the
# day one is fixed, its test reports XPASS and the entry must be removed.
KNOWN_FAILURES = {
    "E022": "composer: answers the adult 起付线 sentence only; the 待遇指南 row “1200元（学生600元）” (rank 4) is not used",
}


@pytest.fixture(scope="module")
def service(real_index_dir):
    return service_on(real_index_dir)


@pytest.mark.parametrize("item", with_known_failures(items("policy"), KNOWN_FAILURES))
def test_a_paraphrased_question_is_answered_from_its_document_with_its_figures(service, item):
    answer = service.answer(item["question"])
    assert not answer.refused, answer.answer
    assert item["doc_id"] in [c.doc_id for c in answer.citations], answer.answer
    assert [fact for fact in item["facts"] if not fact_in_answer(fact, answer.answer)] == [], answer.answer


@pytest.mark.parametrize("item", with_known_failures(items("refusal"), {}))
def test_an_out_of_scope_question_is_declined(service, item):
    answer = service.answer(item["question"], city=None)
    assert answer.refused is True, answer.answer
    assert answer.calculation is None and answer.citations == []


def test_a_decline_points_to_the_citys_contact_channel(service):
    """连云港's contact line (corpus/contacts.yaml) closes its decline."""
    answer = service.answer("失业了，连云港失业保险金每个月能领多少，能领几个月？")
    assert answer.refused and "连云港医保" in answer.answer


def test_bot_answer_is_the_same_path_on_the_real_index(real_index, monkeypatch):
    """淮安 Q60: “三级医院 900 元 65%” — (50000 − 900) × 65% = 31915 through the public `bot.answer`."""
    monkeypatch.setattr(bot.service, "_default", None)  # a service for this data dir, not one made earlier
    answer = bot.answer("淮安三甲医院住院花了五万块，医保统筹能报多少？")
    assert answer.calculation["total"] == 31915.0
    assert answer.citations[0].doc_id == "ha-2026-100qa"
