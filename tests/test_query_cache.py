"""The query-embedding cache of the retriever: a repeated query is embedded once; the cache is bounded."""

from __future__ import annotations

import numpy as np

from bot.retrieval import retriever as r


class CountingEmbedder:
    def __init__(self) -> None:
        self.calls: list[str] = []

    def embed_query(self, text: str) -> np.ndarray:
        self.calls.append(text)
        return np.full(4, float(len(self.calls)), dtype=np.float32)


def bare_retriever(embedder: CountingEmbedder) -> r.Retriever:
    """A Retriever with only what `query_vector` uses (no index needed)."""
    import threading
    from collections import OrderedDict

    retriever = object.__new__(r.Retriever)
    retriever._embedder = embedder
    retriever._query_vectors = OrderedDict()
    retriever._vectors_lock = threading.Lock()
    return retriever


def test_a_repeated_query_is_embedded_once():
    embedder = CountingEmbedder()
    retriever = bare_retriever(embedder)
    first = retriever.query_vector("住院起付线")
    again = retriever.query_vector("住院起付线")
    assert embedder.calls == ["住院起付线"]
    assert np.array_equal(first, again)


def test_the_cache_drops_the_least_recently_used_query_when_full(monkeypatch):
    monkeypatch.setattr(r, "QUERY_VECTOR_CACHE", 2)
    embedder = CountingEmbedder()
    retriever = bare_retriever(embedder)
    for query in ("甲", "乙", "甲", "丙", "乙"):
        retriever.query_vector(query)
    assert embedder.calls == ["甲", "乙", "丙", "乙"]
