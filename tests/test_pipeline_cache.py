"""The embedding cache: vectors by (embedder name, content hash), written batch by batch."""

from __future__ import annotations

import numpy as np
import pytest

from ingest.embedding_cache import EmbeddingCache, embed_with_cache


class CountingEmbed:
    """A deterministic stand-in model: vector = (len(text), 1), counting what it is asked to embed."""

    def __init__(self, fail_after: int | None = None) -> None:
        self.seen: list[str] = []
        self.fail_after = fail_after

    def __call__(self, texts: list[str]) -> np.ndarray:
        if self.fail_after is not None and len(self.seen) + len(texts) > self.fail_after:
            raise RuntimeError("model crashed")
        self.seen.extend(texts)
        return np.asarray([[len(t), 1.0] for t in texts], dtype=np.float32)


@pytest.fixture
def cache(tmp_path):
    cache = EmbeddingCache.in_data_dir(tmp_path)
    yield cache
    cache.close()


def test_only_texts_missing_from_the_cache_are_embedded(cache):
    embed = CountingEmbed()
    embed_with_cache(["a", "bb"], ["h1", "h2"], embed, cache, "model")
    vectors, embedded, cached = embed_with_cache(["a", "bb", "ccc"], ["h1", "h2", "h3"], embed, cache, "model")
    assert embed.seen == ["a", "bb", "ccc"]
    assert (embedded, cached) == (1, 2)
    np.testing.assert_array_equal(vectors, [[1, 1], [2, 1], [3, 1]])


def test_a_hash_repeated_in_one_run_is_embedded_once(cache):
    embed = CountingEmbed()
    vectors, embedded, _ = embed_with_cache(["a", "a"], ["h1", "h1"], embed, cache, "model")
    assert (embed.seen, embedded, vectors.shape) == (["a"], 1, (2, 2))


def test_vectors_of_another_embedder_are_not_reused(cache):
    embed_with_cache(["a"], ["h1"], CountingEmbed(), cache, "model-a")
    other = CountingEmbed()
    embed_with_cache(["a"], ["h1"], other, cache, "model-b")
    assert other.seen == ["a"]


def test_batches_embedded_before_a_failure_stay_cached(cache):
    with pytest.raises(RuntimeError, match="model crashed"):
        embed_with_cache(list("abcdef"), [f"h{i}" for i in range(6)], CountingEmbed(fail_after=4), cache, "model",
                         batch_size=2)
    assert cache.count("model") == 4


def test_the_cache_survives_reopening(tmp_path):
    first = EmbeddingCache.in_data_dir(tmp_path)
    embed_with_cache(["abc"], ["h1"], CountingEmbed(), first, "model")
    first.close()
    reopened = EmbeddingCache.in_data_dir(tmp_path)
    try:
        np.testing.assert_array_equal(reopened.get_many("model", ["h1"])["h1"], [3, 1])
    finally:
        reopened.close()
