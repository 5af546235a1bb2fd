"""What is indexed beside the chunk text: the similar questions of every unit and the unit titles.

```
<index_dir>/questions.jsonl      one similar question a line: chunk_id, city, text
<index_dir>/bm25_questions/      BM25 over the questions (one entry per question, id = its chunk)
<index_dir>/bm25_titles/         BM25 over each chunk's section path and title
<index_dir>/extra_vectors.npz    question_vectors (one row per question), title_vectors (one per chunk)
```

Questions and titles are short texts matched against a resident's question, so both are embedded
the way a query is (`embed_query`): a question-to-question match compares like with like. Their
vectors go through the embedding cache under their own content hashes, so an unchanged question is
embedded once. The files are part of the version directory and so covered by its checksums.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from tqdm import tqdm

from ingest.bm25_index import BM25Index
from ingest.chunk import Chunk
from ingest.embedders import Embedder, embed_queries
from ingest.embedding_cache import EmbeddingCache, embed_with_cache
from ingest.similar_questions import SimilarQuestion, resolve

QUESTIONS_FILE = "questions.jsonl"
QUESTIONS_BM25_DIR = "bm25_questions"
TITLES_BM25_DIR = "bm25_titles"
VECTORS_FILE = "extra_vectors.npz"
SECTION_SEPARATOR = " > "


def heading_text(section: str, title: str) -> str:
    """A unit's headings: its section path and title, each heading once."""
    parts = [p.strip() for p in section.split(SECTION_SEPARATOR)] + [title.strip()]
    return " ".join(dict.fromkeys(p for p in parts if p))


def title_text(chunk: Chunk) -> str:
    return heading_text(chunk.section, chunk.title)


def title_hash(text: str) -> str:
    return hashlib.sha256(f"title-query\n{text}".encode()).hexdigest()


@dataclass
class Extras:
    """The loaded extras of one index version."""

    questions: list[SimilarQuestion]
    question_bm25: BM25Index | None  # None when no unit has questions
    title_bm25: BM25Index
    question_vectors: np.ndarray  # (len(questions), dim)
    title_vectors: np.ndarray  # (chunks, dim), rows in the order of title_bm25.chunk_ids


def _embed_queries(texts: list[str], hashes: list[str], embedder: Embedder, cache: EmbeddingCache,
                   progress: bool, label: str) -> np.ndarray:
    def embed(batch: list[str]) -> np.ndarray:
        return embed_queries(embedder, batch)

    if not texts:
        return np.zeros((0, embedder.dim), dtype=np.float32)
    with tqdm(total=len(texts), desc=label, unit="条", disable=not progress) as bar:
        vectors, _, _ = embed_with_cache(texts, hashes, embed, cache, embedder.name, on_batch=bar.update)
    return vectors


def build_extras(index_dir: Path, chunks: Sequence[Chunk], embedder: Embedder, data_dir: Path,
                 progress: bool = False, questions: list[SimilarQuestion] | None = None) -> Extras:
    """Write the extras of `chunks` into `index_dir` (questions from the corpus files by default)."""
    index_dir = Path(index_dir)
    questions = resolve(chunks) if questions is None else questions
    with (index_dir / QUESTIONS_FILE).open("w", encoding="utf-8") as handle:
        for q in questions:
            handle.write(json.dumps({"chunk_id": q.chunk_id, "city": q.city, "text": q.text}, ensure_ascii=False) + "\n")
    question_bm25 = None
    if questions:
        question_bm25 = BM25Index.build([q.chunk_id for q in questions], [q.text for q in questions],
                                        [q.city for q in questions])
        question_bm25.save(index_dir / QUESTIONS_BM25_DIR)
    titles = [title_text(c) for c in chunks]
    title_bm25 = BM25Index.build([c.chunk_id for c in chunks], titles, [c.city for c in chunks])
    title_bm25.save(index_dir / TITLES_BM25_DIR)
    cache = EmbeddingCache.in_data_dir(data_dir)
    try:
        question_vectors = _embed_queries([q.text for q in questions], [q.content_hash for q in questions],
                                          embedder, cache, progress, "相似问")
        title_vectors = _embed_queries(titles, [title_hash(t) for t in titles], embedder, cache, progress, "标题")
    finally:
        cache.close()
    np.savez(index_dir / VECTORS_FILE, question_vectors=question_vectors, title_vectors=title_vectors)
    return Extras(questions, question_bm25, title_bm25, question_vectors, title_vectors)


def load_extras(index_dir: Path) -> Extras | None:
    """The extras of a version, or None for a version built before they existed (no questions file)."""
    index_dir = Path(index_dir)
    if not (index_dir / QUESTIONS_FILE).exists():
        return None
    with (index_dir / QUESTIONS_FILE).open(encoding="utf-8") as handle:
        questions = [SimilarQuestion(**json.loads(line)) for line in handle if line.strip()]
    question_bm25 = BM25Index.load(index_dir / QUESTIONS_BM25_DIR) if questions else None
    title_bm25 = BM25Index.load(index_dir / TITLES_BM25_DIR)
    with np.load(index_dir / VECTORS_FILE) as data:
        question_vectors = np.asarray(data["question_vectors"], dtype=np.float32)
        title_vectors = np.asarray(data["title_vectors"], dtype=np.float32)
    return Extras(questions, question_bm25, title_bm25, question_vectors, title_vectors)


def check_extras(index_dir: Path, chunks: Sequence[Chunk]) -> None:
    """ValueError unless the extras of `index_dir` cover `chunks`: every question of a known chunk,
    one title per chunk, one vector per question and title."""
    extras = load_extras(index_dir)
    if extras is None:
        raise ValueError(f"{index_dir}: no {QUESTIONS_FILE}")
    ids = {c.chunk_id for c in chunks}
    if any(q.chunk_id not in ids for q in extras.questions):
        raise ValueError("a similar question names a chunk the index does not hold")
    if len(extras.question_vectors) != len(extras.questions):
        raise ValueError(f"{len(extras.question_vectors)} question vectors for {len(extras.questions)} questions")
    if extras.question_bm25 is not None and len(extras.question_bm25) != len(extras.questions):
        raise ValueError(f"question BM25 holds {len(extras.question_bm25)} entries for {len(extras.questions)} questions")
    if len(extras.title_bm25) != len(chunks) or len(extras.title_vectors) != len(chunks):
        raise ValueError(f"titles: {len(extras.title_bm25)} BM25 entries and {len(extras.title_vectors)} vectors "
                         f"for {len(chunks)} chunks")
