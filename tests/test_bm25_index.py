"""The BM25 index over lexicon tokens: build, save/load, city filter, synonyms."""

from __future__ import annotations

import numpy as np

from ingest.bm25_index import BM25Index

IDS = ["ha#0000", "ha#0001", "cc#0000", "cc#0001"]
TEXTS = [
    "淮安 一级医院住院起付线200元，二级医院400元",
    "淮安 每年10月至12月集中缴纳居民医保费",
    "长春 三级医院住院起付线1200元",
    "长春 异地就医备案通过国家医保服务平台办理",
]
CITIES = ["淮安", "淮安", "长春", "长春"]


def build() -> BM25Index:
    return BM25Index.build(IDS, TEXTS, CITIES)


def test_the_passage_sharing_the_query_terms_ranks_first():
    hits = build().search("异地就医备案怎么办", k=4)
    assert hits[0].chunk_id == "cc#0001"


def test_a_city_filter_keeps_only_that_citys_chunks():
    hits = build().search("住院起付线", k=4, city="淮安")
    assert [h.chunk_id for h in hits] == ["ha#0000"]


def test_a_synonym_in_the_query_matches_the_documents_term():
    """The lexicon maps 起付标准 to 起付线: a question in either wording finds the passage."""
    hits = build().search("起付标准", k=4, city="长春")
    assert [h.chunk_id for h in hits] == ["cc#0000"]


def test_a_query_with_no_known_token_finds_nothing():
    assert build().search("zzzz", k=4) == []
    assert build().search("，。！", k=4) == []


def test_a_saved_index_loads_with_the_same_scores(tmp_path):
    index = build()
    index.save(tmp_path / "bm25")
    loaded = BM25Index.load(tmp_path / "bm25")
    assert loaded.chunk_ids == IDS
    np.testing.assert_allclose(loaded.scores("住院起付线"), index.scores("住院起付线"))
    assert [h.chunk_id for h in loaded.search("缴纳 医保费", k=1)] == ["ha#0001"]
