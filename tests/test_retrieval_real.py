"""Retrieval on the real index of the whole corpus (built once per session): paraphrased questions
as residents type them, and the city filter."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from bot.retrieval.retriever import get_retriever

PARAPHRASES = [json.loads(line) for line in (Path(__file__).parent / "data" / "paraphrases.jsonl").open(encoding="utf-8")]

# Questions whose expected passage is not in the top 3 (strict xfail, so that a fix turns them into
# passes), with the reason found.
# The four gaps found before (新生儿 Q&As above question 31, the contribution table, the exclusions
# article, the 门诊统筹 table) close with the similar questions and the ranking stage.
KNOWN_GAPS: dict[str, str] = {}

_WHITESPACE = re.compile(r"\s+")


def _param(item):
    marks = [pytest.mark.xfail(strict=True, reason=f"known gap: {KNOWN_GAPS[item['id']]}")] if item["id"] in KNOWN_GAPS else []
    return pytest.param(item, id=item["id"], marks=marks)


pytestmark = pytest.mark.slow


def test_the_paraphrase_set_covers_all_five_cities_with_at_least_30_questions():
    assert len(PARAPHRASES) >= 30
    assert {item["city"] for item in PARAPHRASES} == {"连云港", "淮安", "长春", "长治", "随州"}


@pytest.mark.parametrize("item", [_param(item) for item in PARAPHRASES])
def test_a_paraphrased_question_finds_its_passage_in_the_top_3(real_index, item):
    passages = get_retriever(real_index).search(item["question"], k=3)
    expect = _WHITESPACE.sub("", item["expect"])
    found = [p.doc_id for p in passages if p.doc_id == item["doc_id"] and expect in _WHITESPACE.sub("", p.text)]
    assert found, [f"{p.doc_id} {p.title}" for p in passages]


def test_a_city_filter_on_the_real_index_returns_only_that_city(real_index):
    passages = get_retriever(real_index).search("住院起付线是多少", city="长春", k=10)
    assert len(passages) == 10
    assert {p.city for p in passages} == {"长春"}


def test_a_question_naming_a_county_is_answered_from_its_citys_documents(real_index):
    passages = get_retriever(real_index).search("随县外伤住院要打哪个电话", k=5)
    assert {p.city for p in passages} == {"随州"}
    assert "0722-3563216" in passages[0].text
