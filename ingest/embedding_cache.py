"""Embeddings cached by (embedder name, content hash) in SQLite under the data dir.

An unchanged chunk is never embedded twice; vectors are written as they are computed, so an
interrupted ingest keeps what it had already embedded.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

CACHE_FILE = "embedding_cache.sqlite3"


class EmbeddingCache:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._db = sqlite3.connect(path)
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS embeddings ("
            " embedder TEXT NOT NULL, content_hash TEXT NOT NULL, dim INTEGER NOT NULL, vector BLOB NOT NULL,"
            " PRIMARY KEY (embedder, content_hash))"
        )
        self._db.commit()

    @classmethod
    def in_data_dir(cls, data_dir: Path) -> EmbeddingCache:
        return cls(Path(data_dir) / CACHE_FILE)

    def close(self) -> None:
        self._db.close()

    def get_many(self, embedder: str, hashes: Sequence[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        unique = list(dict.fromkeys(hashes))
        for start in range(0, len(unique), 500):
            batch = unique[start : start + 500]
            marks = ",".join("?" * len(batch))
            rows = self._db.execute(
                f"SELECT content_hash, dim, vector FROM embeddings WHERE embedder = ? AND content_hash IN ({marks})",
                [embedder, *batch],
            )
            for content_hash, dim, blob in rows:
                vector = np.frombuffer(blob, dtype=np.float32)
                if vector.shape == (dim,):
                    found[content_hash] = vector
        return found

    def put_many(self, embedder: str, items: Sequence[tuple[str, np.ndarray]]) -> None:
        self._db.executemany(
            "INSERT OR REPLACE INTO embeddings (embedder, content_hash, dim, vector) VALUES (?, ?, ?, ?)",
            [(embedder, h, int(v.shape[0]), np.asarray(v, dtype=np.float32).tobytes()) for h, v in items],
        )
        self._db.commit()

    def count(self, embedder: str | None = None) -> int:
        if embedder is None:
            return self._db.execute("SELECT COUNT(*) FROM embeddings").fetchone()[0]
        return self._db.execute("SELECT COUNT(*) FROM embeddings WHERE embedder = ?", [embedder]).fetchone()[0]


def embed_with_cache(
    texts: Sequence[str],
    hashes: Sequence[str],
    embed: Callable[[list[str]], np.ndarray],
    cache: EmbeddingCache,
    embedder_name: str,
    batch_size: int = 16,
    on_batch: Callable[[int], None] | None = None,
) -> tuple[np.ndarray, int, int]:
    """Vectors for `texts` (row i for texts[i]), embedding only hashes not in the cache.

    Returns (vectors, number embedded now, number taken from the cache). `on_batch(n)` is
    called after each batch with the number of texts it covered (for a progress bar).
    """
    if len(texts) != len(hashes):
        raise ValueError(f"{len(texts)} texts but {len(hashes)} hashes")
    cached = cache.get_many(embedder_name, hashes)
    todo: dict[str, str] = {}
    for text, content_hash in zip(texts, hashes, strict=True):
        if content_hash not in cached and content_hash not in todo:
            todo[content_hash] = text
    if on_batch and len(texts) - len(todo):
        on_batch(len(texts) - len(todo))
    pending = list(todo.items())
    for start in range(0, len(pending), batch_size):
        batch = pending[start : start + batch_size]
        vectors = embed([text for _, text in batch])
        fresh = [(content_hash, vectors[i]) for i, (content_hash, _) in enumerate(batch)]
        cache.put_many(embedder_name, fresh)
        cached.update(fresh)
        if on_batch:
            on_batch(len(batch))
    matrix = np.stack([cached[h] for h in hashes]) if hashes else np.zeros((0, 0), dtype=np.float32)
    return matrix.astype(np.float32), len(todo), len(texts) - len(todo)
