"""Retrieval over the built index: BM25 and dense vectors over the chunk text, their headings and
their similar questions, ranked by a learned model (or fused by reciprocal rank).

Six channels score every unit: BM25 (with the lexicon's synonyms) and dense similarity of the
question to the chunk body (embedded as title + text; BM25 over document title + chunk title +
text), to the unit's headings (section path + title), and to the unit's similar questions (the best
of them: a question-to-question match is strong evidence for its unit). A city given by the caller,
or else the one city the question names, restricts every channel. The candidates (the best of each
channel) are ranked by the linear model of `bot.retrieval.ranker` over `bot.retrieval.features`,
which adds the agreement of each unit with what the question names (benefit, aspect asked, scheme,
level, person, year), its kind and its document's recency; the model's calibrated confidence that
the first passage is the right one comes back on it. The five passages returned are the model's
first two and reciprocal-rank fusion's best others, so the model reorders fusion's recall without
losing it. Without a model file, with `YIBAO_RANKER=off`, or on an index built before similar
questions existed, the channels are fused by weighted reciprocal rank. An optional sentence-transformers CrossEncoder (`YIBAO_RERANKER`) reorders the
candidates last.

`Retriever` loads the index once; `get_retriever()` keeps one per data dir and index version, so
a process picks up a new index after `yibao ingest` switched to it.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import unicodedata
from collections import OrderedDict
from pathlib import Path

import numpy as np

from bot.config import RETRIEVER_MODES, ConfigError, Settings
from bot.retrieval.features import (
    CHANNELS,
    FUSION_WEIGHTS,
    INDEX,
    LEXICAL_CHANNELS,
    QuerySlots,
    UnitProfile,
    channel_features,
    confidence_inputs,
    feature_matrix,
)
from bot.retrieval.passage import Passage
from bot.retrieval.ranker import LinearModel, load_ranker, ranker_enabled
from bot.understanding.cities import detect_city, without_places
from bot.understanding.homophones import correct_homophones
from bot.understanding.normalize import normalize
from corpus.catalogue import CITIES
from ingest.bm25_index import BM25Index
from ingest.embedders import get_embedder
from ingest.index_extras import heading_text, load_extras
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
# With similar questions: the fallback fusion (no ranker file, YIBAO_RANKER=off) weighs a
# question-to-question match as strongly as BM25 over the body (not tuned: the ranker replaces it).
CHANNEL_WEIGHTS = FUSION_WEIGHTS
RANK_CANDIDATES = 20  # how deep each channel is read for the ranker's candidates
# Aspect filter: a first unit whose headings name only other benefits than the question's and whose
# body does not name the question's benefit either, or that is about the employee scheme for a
# question that does not name it, gives way to the best unit among the next ones that does not
# (when there is one within this depth). A chunk's headings do not always say all its body holds
# (a chunk headed by 两病 can go on into the 门诊特殊病 rates); judged by its headings alone the
# filter moved the right unit down: dev hit@1 0.843 with the body read, 0.786 without.
FILTER_DEPTH = 5
# The five passages returned: the model's first MODEL_FIRST, then fusion's best others (shown in the
# model's order). The model alone lost passages that fusion had among its five (dev2 hit@5 0.948
# against fusion's 0.993); its first two keep its hit@1 and fusion's recall fills the rest.
MODEL_FIRST = 2
RETURNED = 5


class UnknownCity(ValueError):
    """A city filter outside the catalogue's cities."""


def normalise_query(query: str) -> str:
    """The query as the understanding reads a message: full-width letters/digits/punctuation to
    half-width, the domain's traditional characters simplified (報銷 -> 报销), pinyin homophone
    typos read as the corpus words they sound like (医宝 -> 医保, 报消 -> 报销), surrounding
    whitespace dropped."""
    text = normalize(unicodedata.normalize("NFKC", query or ""))
    return correct_homophones(text).strip() if text else ""


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
        try:
            self.extras = load_extras(index_dir)
        except Exception as exc:
            raise IndexCorrupt(f"index {self.pointer.version}: cannot load its similar questions "
                               f"({type(exc).__name__}: {exc})") from exc
        self.ranker = load_ranker() if ranker_enabled() else None
        self._embedder = None
        self._reranker = None
        self._query_vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._vectors_lock = threading.Lock()
        self.check()
        if self.extras is not None:
            self._load_units()

    def _load_units(self) -> None:
        """Arrays over the units for the six channels and the profiles the agreement features read."""
        extras = self.extras
        self.ids = list(self.records)
        position = {cid: i for i, cid in enumerate(self.ids)}
        self.unit_cities = np.asarray([self.records[c]["city"] for c in self.ids], dtype=object)
        self.body_order = np.asarray([position[c] for c in self.bm25.chunk_ids])
        self.title_order = np.asarray([position[c] for c in extras.title_bm25.chunk_ids])
        self.question_unit = np.asarray([position[q.chunk_id] for q in extras.questions], dtype=np.int64)
        try:
            self.chunk_vectors = self.store.all_vectors(self.pointer.collection, self.ids)
        except Exception as exc:
            raise IndexCorrupt(f"index {self.pointer.version}: {type(exc).__name__}: {exc}") from exc
        self.title_vectors = np.zeros_like(self.chunk_vectors)
        self.title_vectors[self.title_order] = extras.title_vectors
        questions: dict[int, list[str]] = {}
        for q, unit in zip(extras.questions, self.question_unit, strict=True):
            questions.setdefault(int(unit), []).append(q.text)
        self.profiles = []
        for i, cid in enumerate(self.ids):
            r = self.records[cid]
            self.profiles.append(UnitProfile.of(heading_text(r["section"], r["title"]), r.get("clean_text") or r["text"],
                                                questions.get(i, []), r["kind"], r.get("published") or None,
                                                r["city"]))

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
        confidence = None
        if self.extras is None:
            fused = rrf(self.ranked_lists(query, city, mode), WEIGHTS)
            ranked = sorted(fused.items(), key=lambda item: (-item[1], item[0]))
        else:
            ranked, confidence = self.rank(query, city, mode)
        if self.reranker is not None:
            ranked = self._rerank(query, ranked[: max(k * 4, 20)])
            confidence = None
        passages = [self._passage(chunk_id, score) for chunk_id, score in ranked[:k]]
        if passages and confidence is not None:
            passages[0] = dataclasses.replace(passages[0], confidence=confidence)
        return passages

    def channel_scores(self, query: str, city: str | None, mode: str, vector: np.ndarray | None = None,
                       question_mask: np.ndarray | None = None) -> tuple[dict[str, np.ndarray], np.ndarray]:
        """Every unit's score in each channel of `mode`, and which units the city allows.

        `question_mask` (one bool per similar question) leaves questions out of the question
        channels: training scores a question with its own entry left out.
        """
        n = len(self.ids)
        allowed = self.unit_cities == city if city else np.ones(n, dtype=bool)
        keep = np.ones(len(self.question_unit), dtype=bool) if question_mask is None else question_mask
        scores: dict[str, np.ndarray] = {}
        if mode in ("hybrid", "bm25"):
            tokens = self.bm25.tokenizer(query)
            body = np.zeros(n)
            body[self.body_order] = self.bm25.scores_of_tokens(tokens)
            title = np.zeros(n)
            title[self.title_order] = self.extras.title_bm25.scores_of_tokens(tokens)
            best = np.zeros(n)
            if self.extras.question_bm25 is not None:
                per_question = np.where(keep, self.extras.question_bm25.scores_of_tokens(tokens), 0.0)
                np.maximum.at(best, self.question_unit, per_question)
            scores.update(body_bm25=body, title_bm25=title, question_bm25=best)
        if mode in ("hybrid", "dense"):
            vector = self.query_vector(query) if vector is None else vector
            best = np.full(n, -1.0)
            if len(self.question_unit):
                per_question = np.where(keep, self.extras.question_vectors @ vector, -1.0)
                np.maximum.at(best, self.question_unit, per_question)
            scores.update(body_dense=(self.chunk_vectors @ vector).astype(np.float64),
                          title_dense=(self.title_vectors @ vector).astype(np.float64), question_dense=best)
        return scores, allowed

    def candidates(self, scores: dict[str, np.ndarray], allowed: np.ndarray, depth: int) -> list[int]:
        """The best `depth` allowed units of each channel (BM25: with a shared token), in a stable order."""
        chosen: dict[int, None] = {}
        for channel, values in scores.items():
            if channel not in CHANNELS:
                continue
            if channel in LEXICAL_CHANNELS:
                values = np.where(allowed & (values > 0), values, -np.inf)
            else:
                values = np.where(allowed, values, -np.inf)
            for i in np.argsort(-values, kind="stable")[:depth]:
                if np.isfinite(values[i]):
                    chosen[int(i)] = None
        return list(chosen)

    def rank(self, query: str, city: str | None, mode: str, vector: np.ndarray | None = None,
             question_mask: np.ndarray | None = None, model: LinearModel | None = None,
             today=None) -> tuple[list[tuple[str, float]], float | None]:
        """(chunk id, score) best first, and the confidence that the first is right (None without a model)."""
        scores, allowed = self.channel_scores(query, city, mode, vector, question_mask)
        model = model or (self.ranker.model(mode) if self.ranker is not None else None)
        if model is None:
            lists = {}
            for channel, weight_name in (("body_dense", "body_dense"), ("body_bm25", "body_bm25"),
                                         ("question_dense", "question_dense"), ("question_bm25", "question_bm25")):
                if channel in scores:
                    values = scores[channel]
                    values = np.where(allowed & (values > 0 if channel in LEXICAL_CHANNELS else True), values, -np.inf)
                    order = [int(i) for i in np.argsort(-values, kind="stable")[:CANDIDATES] if np.isfinite(values[i])]
                    lists[weight_name] = [self.ids[i] for i in order]
            fused = rrf(lists, CHANNEL_WEIGHTS)
            return sorted(fused.items(), key=lambda item: (-item[1], item[0])), None
        candidates = self.candidates(scores, allowed, RANK_CANDIDATES)
        if not candidates:
            return [], None
        slots = QuerySlots.of(query, today)
        matrix = self.features(query, candidates, scores, allowed, today, slots, question_mask)
        values = model.scores(matrix)
        order = sorted(range(len(candidates)), key=lambda j: (-values[j], self.ids[candidates[j]]))
        order = with_fusion_floor(aspect_filter(order, matrix), matrix)
        ranked = [(self.ids[candidates[j]], float(values[j])) for j in order]
        inputs = confidence_inputs(slots, self.profiles[candidates[order[0]]], matrix[order[0]])
        return ranked, model.confidence(values[order], inputs)

    def features(self, query: str, candidates: list[int], scores: dict[str, np.ndarray], allowed: np.ndarray,
                 today=None, slots: QuerySlots | None = None, question_mask: np.ndarray | None = None) -> np.ndarray:
        """The FEATURES rows of `candidates`; `question_mask` as in `channel_scores`."""
        channels = channel_features(scores, allowed)
        kept = None
        if question_mask is not None:
            def kept(unit: int) -> str:
                return "\n".join(self.extras.questions[q].text
                                 for q in np.flatnonzero((self.question_unit == unit) & question_mask))
        return feature_matrix(candidates, channels, slots or QuerySlots.of(query, today), self.profiles,
                              self.chunk_vectors, kept)

    def _rerank(self, query: str, ranked: list[tuple[str, float]]) -> list[tuple[str, float]]:
        pairs = [(query, self.records[cid]["text"]) for cid, _ in ranked]
        scores = self.reranker.predict(pairs, show_progress_bar=False)
        return sorted(((cid, float(s)) for (cid, _), s in zip(ranked, scores, strict=True)), key=lambda x: -x[1])

    def passage(self, chunk_id: str) -> Passage | None:
        """The passage of `chunk_id` in the serving index, or None when this version has no such chunk."""
        return self._passage(chunk_id, 1.0) if chunk_id in self.records else None

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


def aspect_filter(order: list[int], matrix: np.ndarray, depth: int = FILTER_DEPTH) -> list[int]:
    """`order` (candidate rows, best first) with a first unit that names only another benefit (in
    its headings, its body not naming the question's) or the employee scheme against the question
    moved below the best of the next `depth` that does not.
    (The aspect asked stays a feature only: as a hard rule it moved worse units first.)"""
    def conflicts(row: int) -> bool:
        other_benefit = matrix[row, INDEX["benefit_conflict"]] and not matrix[row, INDEX["benefit_body"]]
        return bool(other_benefit or matrix[row, INDEX["employee_conflict"]])

    if not order or not conflicts(order[0]):
        return order
    for position, row in enumerate(order[1:depth], start=1):
        if not conflicts(row):
            return [row, *order[:position], *order[position + 1 :]]
    return order


def with_fusion_floor(order: list[int], matrix: np.ndarray, first: int = MODEL_FIRST,
                      returned: int = RETURNED) -> list[int]:
    """`order` (candidate rows, best first) with its first `returned` made of its own first `first`
    and fusion's best other rows (by `fusion_rr`), those `returned` kept in `order`'s order."""
    head = order[:first]
    fusion = INDEX["fusion_rr"]
    for row in sorted(order, key=lambda j: -matrix[j, fusion]):
        if len(head) >= returned or matrix[row, fusion] <= 0:
            break
        if row not in head:
            head.append(row)
    position = {row: i for i, row in enumerate(order)}
    head = sorted(head, key=position.__getitem__)
    chosen = set(head)
    return head + [row for row in order if row not in chosen]


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
           settings.index.reranker, settings.retriever_mode, ranker_enabled())
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
