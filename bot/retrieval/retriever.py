"""Hybrid retrieval over the built index: BM25 + dense vectors, fused by reciprocal rank.

Two ranked lists are fused, each weighted: dense similarity of the question to the chunks
(embedded as title + text) and BM25 over document title + chunk title (the Q&A question or the
heading) + text. A city given by the caller, or else the one city the question names, filters
both lists. An optional sentence-transformers CrossEncoder
(`YIBAO_RERANKER`) reorders the fused candidates.

`Retriever` loads the index once; `get_retriever()` keeps one per data dir and index version, so
a process picks up a new index after `yibao ingest` switched to it.
"""

from __future__ import annotations

import logging
import threading
import unicodedata
from collections import OrderedDict
from pathlib import Path

import numpy as np

from bot.config import RETRIEVER_MODES, ConfigError, Settings
from bot.retrieval.passage import Passage
from bot.understanding.cities import detect_city, without_places
from corpus.catalogue import CITIES
from ingest.bm25_index import BM25Index
from ingest.embedders import get_embedder
from ingest.index_state import (
    BM25_DIR,
    CHUNKS_FILE,
    IndexCorrupt,
    IndexNotBuilt,
    IndexPointer,
    check_checksums,
    read_chunk_records,
    require_pointer,
)
from ingest.vector_store import VectorStore

log = logging.getLogger("yibao.index")

QUERY_VECTOR_CACHE = 2048  # query embeddings kept per retriever (least recently used dropped)
PROBE_DEPTH = 10  # a known chunk must come back within this many hits of its own text / vector


class IndexUnavailable(IndexNotBuilt):
    """No version of the index in the data dir passes verification (damaged files or collection)."""

# Fusion parameters, tuned on the development questions (see BENCHMARKS.md): a small RRF constant
# lets a list's top ranks count; BM25 (with the lexicon's synonyms) is the stronger list on this
# corpus and weighs more. A third list, BM25 over titles alone, lowered hit@5 in every weighting
# tried (0.3 … 1.0), as did repeating the title in the indexed text: titles count once, in both lists.
# Reordering the fused top 5/10 by the rarity-weighted share of the question's tokens in the chunk
# title (bonus 0.02 … 0.15 on the fused score) lowered hit@1 on the development questions too
# (0.729 -> 0.714 … 0.614), so titles get no extra weight after fusion either.
RRF_K = 10
CANDIDATES = 40  # how deep each list is read before fusion
WEIGHTS = {"dense": 1.0, "bm25": 1.5}


class UnknownCity(ValueError):
    """A city filter outside the catalogue's cities."""


def normalise_query(query: str) -> str:
    """Full-width letters/digits/punctuation to half-width; surrounding whitespace dropped."""
    return unicodedata.normalize("NFKC", query or "").strip()


def rrf(ranked_lists: dict[str, list[str]], weights: dict[str, float], k: int = RRF_K) -> dict[str, float]:
    """Weighted reciprocal-rank fusion: sum over lists of weight / (k + rank), rank starting at 1."""
    fused: dict[str, float] = {}
    for name, ids in ranked_lists.items():
        weight = weights.get(name, 1.0)
        for rank, chunk_id in enumerate(ids, start=1):
            fused[chunk_id] = fused.get(chunk_id, 0.0) + weight / (k + rank)
    return fused


class Retriever:
    """The loaded index of one data dir and version."""

    def __init__(self, settings: Settings, pointer: IndexPointer | None = None) -> None:
        self.settings = settings
        self.mode = settings.retriever_mode
        data_dir = Path(settings.index.data_dir)
        self.pointer = pointer or require_pointer(data_dir)
        index_dir = data_dir / self.pointer.index_dir
        check_checksums(data_dir, self.pointer)
        try:
            self.records = {r["chunk_id"]: r for r in read_chunk_records(index_dir / CHUNKS_FILE)}
            self.bm25 = BM25Index.load(index_dir / BM25_DIR)
        except Exception as exc:  # a truncated or garbled file of an index built before checksums
            raise IndexCorrupt(f"index {self.pointer.version}: cannot load ({type(exc).__name__}: {exc})") from exc
        self.store = VectorStore.open(data_dir, settings.index.chroma_url)
        self._embedder = None
        self._reranker = None
        self._query_vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._vectors_lock = threading.Lock()
        self.check()

    def check(self) -> None:
        """IndexCorrupt unless the loaded version serves: every chunk in both indexes and the
        collection, and a known chunk found by its own text (BM25) and its own vector (dense)."""
        version = self.pointer.version
        try:
            count = self.store.count(self.pointer.collection)
            n = len(self.records)
            if not (count == n == len(self.bm25) and (self.pointer.chunks in (0, n))):
                raise IndexCorrupt(f"index {version}: {count} vectors, {n} chunks, {len(self.bm25)} BM25 entries "
                                   f"(built with {self.pointer.chunks})")
            probe_id, record = next(iter(self.records.items()))
            same = {cid for cid, r in self.records.items() if r.get("text") == record.get("text")}
            text = record.get("clean_text") or record.get("text", "")
            lexical = {h.chunk_id for h in self.bm25.search(text, max(PROBE_DEPTH, len(same)))}
            if not lexical & same:
                raise IndexCorrupt(f"index {version}: BM25 does not find chunk {probe_id} by its own text")
            vector = self.store.vector(self.pointer.collection, probe_id)
            dense = {h.chunk_id for h in self.store.query(self.pointer.collection, vector, max(PROBE_DEPTH, len(same)))}
            if not dense & same:
                raise IndexCorrupt(f"index {version}: the collection does not find chunk {probe_id} by its own vector")
        except IndexCorrupt:
            raise
        except Exception as exc:  # VectorStoreError, a damaged chroma.sqlite3, …
            raise IndexCorrupt(f"index {version}: {type(exc).__name__}: {exc}") from exc

    def query_vector(self, query: str) -> np.ndarray:
        """The query's embedding, from a bounded LRU cache (the same question asked again, or the
        several searches of one answer, embed once)."""
        with self._vectors_lock:
            vector = self._query_vectors.get(query)
            if vector is not None:
                self._query_vectors.move_to_end(query)
                return vector
        vector = np.asarray(self.embedder.embed_query(query), dtype=np.float32)
        with self._vectors_lock:
            self._query_vectors[query] = vector
            while len(self._query_vectors) > QUERY_VECTOR_CACHE:
                self._query_vectors.popitem(last=False)
        return vector

    @property
    def embedder(self):
        if self._embedder is None:
            embedder = get_embedder(self.settings.index.embedder)
            if embedder.name != self.pointer.embedder:
                raise ConfigError(
                    f"the index was built with embedder {self.pointer.embedder!r} but YIBAO_EMBEDDER "
                    f"gives {embedder.name!r}: run `yibao ingest` again or set YIBAO_EMBEDDER back"
                )
            self._embedder = embedder
        return self._embedder

    @property
    def reranker(self):
        if self._reranker is None and self.settings.index.reranker:
            try:
                from sentence_transformers import CrossEncoder
            except ImportError as exc:
                raise ConfigError("YIBAO_RERANKER needs sentence-transformers: install the st extra") from exc
            self._reranker = CrossEncoder(self.settings.index.reranker, device="cpu")
        return self._reranker

    def ranked_lists(self, query: str, city: str | None, mode: str) -> dict[str, list[str]]:
        lists: dict[str, list[str]] = {}
        if mode in ("hybrid", "dense"):
            vector = self.query_vector(query)
            lists["dense"] = [h.chunk_id for h in self.store.query(self.pointer.collection, vector, CANDIDATES, city)]
        if mode in ("hybrid", "bm25"):
            lists["bm25"] = [h.chunk_id for h in self.bm25.search(query, CANDIDATES, city)]
        return lists

    def search(self, query: str, city: str | None = None, k: int = 5, mode: str | None = None) -> list[Passage]:
        mode = mode or self.mode
        if mode not in RETRIEVER_MODES:
            raise ConfigError(f"retriever mode {mode!r}: accepted values are {', '.join(RETRIEVER_MODES)}")
        if city is not None and city not in CITIES:
            raise UnknownCity(f"unknown city {city!r}: accepted values are {', '.join(CITIES)}")
        if k < 1:
            raise ValueError(f"k must be at least 1, got {k}")
        query = normalise_query(query)
        if not query:
            return []
        city = city or detect_city(query)
        if city:
            query = without_places(query) or query
        fused = rrf(self.ranked_lists(query, city, mode), WEIGHTS)
        ranked = sorted(fused.items(), key=lambda item: (-item[1], item[0]))
        if self.reranker is not None:
            ranked = self._rerank(query, ranked[: max(k * 4, 20)])
        return [self._passage(chunk_id, score) for chunk_id, score in ranked[:k]]

    def _rerank(self, query: str, ranked: list[tuple[str, float]]) -> list[tuple[str, float]]:
        pairs = [(query, self.records[cid]["text"]) for cid, _ in ranked]
        scores = self.reranker.predict(pairs, show_progress_bar=False)
        return sorted(((cid, float(s)) for (cid, _), s in zip(ranked, scores, strict=True)), key=lambda x: -x[1])

    def _passage(self, chunk_id: str, score: float) -> Passage:
        r = self.records[chunk_id]
        return Passage(
            chunk_id=chunk_id,
            doc_id=r["doc_id"],
            city=r["city"],
            title=r["title"],
            section=r["section"],
            kind=r["kind"],
            published=r["published"] or None,
            score=score,
            text=r["text"],
            doc_title=r.get("doc_title", ""),
            source_url=r.get("source_url") or None,
        )


_cache: dict[tuple, Retriever | IndexUnavailable] = {}
_cache_lock = threading.Lock()


def load_verified(settings: Settings, pointer: IndexPointer) -> Retriever:
    """The retriever of the serving version when it verifies, else of the version it replaced
    (said in the log); IndexUnavailable when neither does."""
    problems = []
    for candidate in (pointer, pointer.previous_pointer()):
        if candidate is None:
            continue
        try:
            retriever = Retriever(settings, candidate)
        except IndexCorrupt as exc:
            log.error("index version %s failed verification: %s", candidate.version, exc)
            problems.append(str(exc))
            continue
        if candidate is not pointer:
            log.warning("serving the previous verified index version %s instead of %s; run `yibao ingest` "
                        "to rebuild", candidate.version, pointer.version)
        else:
            log.info("index version %s verified (%d chunks)", candidate.version, len(retriever.records))
        return retriever
    raise IndexUnavailable("no verified index: " + "; ".join(problems) + " — run `yibao ingest --force` to rebuild")


def get_retriever(settings: Settings | None = None) -> Retriever:
    """The process's retriever for the settings' data dir, verified when loaded and reloaded when a
    new index was switched to; IndexUnavailable while no version of the data dir verifies."""
    settings = settings or Settings.from_env()
    data_dir = Path(settings.index.data_dir).resolve()
    pointer = require_pointer(data_dir)
    key = (str(data_dir), pointer.version, settings.index.embedder, settings.index.chroma_url,
           settings.index.reranker, settings.retriever_mode)
    with _cache_lock:
        retriever = _cache.get(key)
        if retriever is None:
            for old in [k for k in _cache if k[0] == str(data_dir)]:
                del _cache[old]
            try:
                retriever = load_verified(settings, pointer)
            except IndexUnavailable as exc:
                retriever = exc
            _cache[key] = retriever
    if isinstance(retriever, IndexUnavailable):
        raise retriever
    return retriever


def forget_retrievers() -> None:
    """Drop every loaded retriever (the next search loads and verifies the index again)."""
    with _cache_lock:
        _cache.clear()


def search(query: str, city: str | None = None, k: int = 5) -> list[Passage]:
    """Ranked passages for `query` from the index in YIBAO_DATA_DIR (default `.yibao`)."""
    return get_retriever().search(query, city=city, k=k)
