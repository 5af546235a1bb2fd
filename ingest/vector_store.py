"""Chunk vectors in Chroma: an embedded `PersistentClient` under the data dir, or a Chroma server.

We always pass our own embeddings: every collection is created and opened with
`embedding_function=None`, so Chroma never loads (or downloads) its default model.
Collections are versioned (`chunks_v<timestamp>_<hash>`); which one serves is decided by the
pointer file of `ingest.index_state`, not here.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import numpy as np

COLLECTION_PREFIX = "chunks_v"
SEGMENT_DIR_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


class VectorStoreError(RuntimeError):
    """The vector store cannot be reached or does not hold what the index pointer names."""


@dataclass(frozen=True)
class VectorHit:
    chunk_id: str
    similarity: float  # cosine similarity, higher is closer


def parse_chroma_url(url: str) -> tuple[str, int, bool]:
    """(host, port, ssl) of `http[s]://host:port`, with a clear error for anything else."""
    parsed = urlparse(url if "://" in url else f"http://{url}")
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise VectorStoreError(f"YIBAO_CHROMA_URL={url!r} is not of the form http://host:port")
    ssl = parsed.scheme == "https"
    return parsed.hostname, parsed.port or (443 if ssl else 8000), ssl


def make_client(data_dir: Path, chroma_url: str | None = None):
    """A Chroma client: HTTP when `chroma_url` is given, else persistent under `<data_dir>/chroma`."""
    import chromadb
    from chromadb.config import Settings

    settings = Settings(anonymized_telemetry=False)
    if chroma_url:
        host, port, ssl = parse_chroma_url(chroma_url)
        try:
            return chromadb.HttpClient(host=host, port=port, ssl=ssl, settings=settings)
        except Exception as exc:  # connection refused, bad version, …
            raise VectorStoreError(
                f"cannot reach the Chroma server at {chroma_url} (YIBAO_CHROMA_URL): {exc}; "
                "start one with `chroma run --path DIR --port PORT` or unset the variable"
            ) from exc
    path = Path(data_dir) / "chroma"
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=settings)


class VectorStore:
    """Versioned chunk collections in one Chroma client."""

    def __init__(self, client, path: Path | None = None) -> None:
        self.client = client
        self.path = path  # the embedded store's directory; None for a Chroma server

    @classmethod
    def open(cls, data_dir: Path, chroma_url: str | None = None) -> VectorStore:
        try:
            client = make_client(data_dir, chroma_url)
        except VectorStoreError:
            raise
        except Exception as exc:  # a damaged chroma.sqlite3 fails here
            raise VectorStoreError(f"cannot open the vector store under {Path(data_dir) / 'chroma'}: "
                                   f"{type(exc).__name__}: {exc}") from exc
        return cls(client, None if chroma_url else Path(data_dir) / "chroma")

    def create(self, name: str, embedder_name: str, dim: int) -> None:
        self.client.create_collection(
            name=name,
            embedding_function=None,
            configuration={"hnsw": {"space": "cosine"}},
            metadata={"embedder": embedder_name, "dim": dim},
        )

    def _collection(self, name: str):
        try:
            return self.client.get_collection(name=name, embedding_function=None)
        except Exception as exc:  # chromadb raises NotFoundError / ValueError by version
            raise VectorStoreError(f"collection {name!r} does not exist in the vector store: {exc}") from exc

    def add(self, name: str, ids: list[str], vectors: np.ndarray, metadatas: list[dict], documents: list[str],
            batch_size: int = 256) -> None:
        collection = self._collection(name)
        for start in range(0, len(ids), batch_size):
            end = start + batch_size
            collection.add(
                ids=ids[start:end],
                embeddings=np.asarray(vectors[start:end], dtype=np.float32),
                metadatas=metadatas[start:end],
                documents=documents[start:end],
            )

    def count(self, name: str) -> int:
        return self._collection(name).count()

    def vector(self, name: str, chunk_id: str) -> np.ndarray:
        """The stored vector of one chunk (to probe the collection without the embedder)."""
        result = self._collection(name).get(ids=[chunk_id], include=["embeddings"])
        embeddings = result.get("embeddings")
        if embeddings is None or len(embeddings) == 0:
            raise VectorStoreError(f"collection {name!r} holds no vector for chunk {chunk_id!r}")
        return np.asarray(embeddings[0], dtype=np.float32)

    def all_vectors(self, name: str, ids: list[str]) -> np.ndarray:
        """The stored vectors of `ids`, one row each in that order (loaded once to score every
        chunk of a small corpus exactly)."""
        collection = self._collection(name)
        rows: dict[str, np.ndarray] = {}
        for start in range(0, len(ids), 500):
            result = collection.get(ids=ids[start : start + 500], include=["embeddings"])
            for chunk_id, vector in zip(result["ids"], result["embeddings"], strict=True):
                rows[chunk_id] = np.asarray(vector, dtype=np.float32)
        missing = [i for i in ids if i not in rows]
        if missing:
            raise VectorStoreError(f"collection {name!r} holds no vector for {len(missing)} chunks, e.g. {missing[0]!r}")
        return np.stack([rows[i] for i in ids]) if ids else np.zeros((0, 0), dtype=np.float32)

    def query(self, name: str, vector: np.ndarray, k: int, city: str | None = None) -> list[VectorHit]:
        collection = self._collection(name)
        result = collection.query(
            query_embeddings=[np.asarray(vector, dtype=np.float32)],
            n_results=k,
            where={"city": city} if city else None,
            include=["distances"],
        )
        ids = result["ids"][0]
        distances = result["distances"][0]
        return [VectorHit(chunk_id, 1.0 - float(d)) for chunk_id, d in zip(ids, distances, strict=True)]

    def versions(self) -> list[str]:
        """Names of all chunk collections, oldest first (names sort by their timestamp)."""
        names = [c if isinstance(c, str) else c.name for c in self.client.list_collections()]
        return sorted(n for n in names if n.startswith(COLLECTION_PREFIX))

    def delete(self, name: str) -> None:
        try:
            self.client.delete_collection(name=name)
        except Exception:  # already gone: nothing to collect
            pass

    def segment_dirs(self) -> list[Path]:
        """The embedded store's per-segment directories (vector files of each collection)."""
        if self.path is None or not self.path.is_dir():
            return []
        return sorted(p for p in self.path.iterdir() if p.is_dir() and SEGMENT_DIR_RE.match(p.name))

    def remove_orphan_segments(self) -> list[Path]:
        """Delete segment directories no collection owns any more (Chroma leaves them behind when a
        collection is deleted); returns what was removed. A no-op for a Chroma server."""
        if self.path is None or not (self.path / "chroma.sqlite3").exists():
            return []
        try:
            with sqlite3.connect(f"file:{self.path / 'chroma.sqlite3'}?mode=ro", uri=True) as conn:
                live = {row[0] for row in conn.execute("SELECT id FROM segments")}
        except sqlite3.Error:  # an unknown Chroma schema: leave everything in place
            return []
        removed = [p for p in self.segment_dirs() if p.name not in live]
        for path in removed:
            shutil.rmtree(path, ignore_errors=True)
        return removed
