"""A BM25 index (bm25s) over lexicon tokens of the chunks, saved to and loaded from a directory.

Built once at ingest, loaded at start; a query only tokenizes itself and scores. Filtering by
city is a mask over the scores, so a filtered query still ranks only that city's chunks.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import bm25s
import numpy as np

from ingest.lexicon import tokenize

IDS_FILE = "chunk_ids.json"


def index_tokens(text: str) -> list[str]:
    """Tokens a passage is indexed under and a query is matched with.

    jieba's default mode with the lexicon (policy terms whole, synonyms canonical); its search mode,
    which adds the parts of long words, ranked worse on the development questions.
    """
    return tokenize(text)


@dataclass(frozen=True)
class LexicalHit:
    chunk_id: str
    score: float


class BM25Index:
    def __init__(self, model: bm25s.BM25, chunk_ids: Sequence[str], cities: Sequence[str],
                 tokenizer: Callable[[str], list[str]] = index_tokens) -> None:
        if len(chunk_ids) != len(cities):
            raise ValueError(f"{len(chunk_ids)} chunk ids but {len(cities)} cities")
        self.model = model
        self.chunk_ids = list(chunk_ids)
        self.cities = np.asarray(list(cities), dtype=object)
        self.tokenizer = tokenizer

    @classmethod
    def build(cls, chunk_ids: Sequence[str], texts: Sequence[str], cities: Sequence[str],
              tokenizer: Callable[[str], list[str]] = index_tokens) -> BM25Index:
        if not texts:
            raise ValueError("cannot build a BM25 index over no texts")
        model = bm25s.BM25()
        model.index([tokenizer(text) for text in texts], show_progress=False)
        return cls(model, chunk_ids, cities, tokenizer)

    def __len__(self) -> int:
        return len(self.chunk_ids)

    def save(self, directory: Path) -> None:
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        self.model.save(str(directory), show_progress=False)
        payload = {"chunk_ids": self.chunk_ids, "cities": [str(c) for c in self.cities]}
        (directory / IDS_FILE).write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, directory: Path, tokenizer: Callable[[str], list[str]] = index_tokens) -> BM25Index:
        directory = Path(directory)
        payload = json.loads((directory / IDS_FILE).read_text(encoding="utf-8"))
        model = bm25s.BM25.load(str(directory), show_progress=False)
        return cls(model, payload["chunk_ids"], payload["cities"], tokenizer)

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every chunk for `query` (zeros when no query token is in the vocabulary)."""
        return self.scores_of_tokens(self.tokenizer(query))

    def scores_of_tokens(self, tokens: list[str]) -> np.ndarray:
        """BM25 score of every entry for a query already tokenized (one tokenization serves several
        indexes built with the same tokenizer)."""
        token_ids = self.model.get_tokens_ids(tokens)
        if not token_ids:
            return np.zeros(len(self.chunk_ids), dtype=np.float32)
        return np.asarray(self.model.get_scores_from_ids(token_ids), dtype=np.float32)

    def search(self, query: str, k: int, city: str | None = None) -> list[LexicalHit]:
        """The `k` best chunks with a positive score, restricted to `city` when given."""
        scores = self.scores(query)
        if city:
            scores = np.where(self.cities == city, scores, 0.0)
        order = np.argsort(-scores, kind="stable")[:k]
        return [LexicalHit(self.chunk_ids[i], float(scores[i])) for i in order if scores[i] > 0]
