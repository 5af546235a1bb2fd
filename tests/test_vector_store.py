"""The Chroma vector store, one suite run against both clients: embedded (PersistentClient) and a
real `chroma run` server on loopback (HttpClient, YIBAO_CHROMA_URL)."""

from __future__ import annotations

import numpy as np
import pytest

from ingest.vector_store import VectorStore, VectorStoreError, parse_chroma_url

BACKENDS = [
    pytest.param("persistent", id="persistent"),
    pytest.param("http", id="http-server", marks=pytest.mark.slow),
]


@pytest.fixture(params=BACKENDS)
def store(request, tmp_path):
    if request.param == "http":
        url = request.getfixturevalue("chroma_server")
        store = VectorStore.open(tmp_path, chroma_url=url)
    else:
        store = VectorStore.open(tmp_path)
    yield store
    for name in store.versions():
        store.delete(name)


def unit(*values: float) -> np.ndarray:
    vector = np.asarray(values, dtype=np.float32)
    return vector / np.linalg.norm(vector)


def fill(store: VectorStore, name: str) -> None:
    store.create(name, "test-embedder", 3)
    store.add(
        name,
        ids=["a#0000", "b#0000", "c#0000"],
        vectors=np.stack([unit(1, 0, 0), unit(0, 1, 0), unit(1, 1, 0)]),
        metadatas=[{"city": "淮安"}, {"city": "长春"}, {"city": "长春"}],
        documents=["甲", "乙", "丙"],
    )


def test_a_filled_collection_counts_its_vectors(store):
    fill(store, "chunks_v1_test")
    assert store.count("chunks_v1_test") == 3


def test_query_ranks_by_cosine_similarity(store):
    fill(store, "chunks_v1_test")
    hits = store.query("chunks_v1_test", unit(1, 0.2, 0), k=3)
    assert [h.chunk_id for h in hits] == ["a#0000", "c#0000", "b#0000"]
    assert hits[0].similarity == pytest.approx(float(unit(1, 0.2, 0) @ unit(1, 0, 0)), abs=1e-4)


def test_query_with_a_city_returns_only_that_citys_vectors(store):
    fill(store, "chunks_v1_test")
    hits = store.query("chunks_v1_test", unit(1, 0, 0), k=3, city="长春")
    assert [h.chunk_id for h in hits] == ["c#0000", "b#0000"]


def test_collections_have_no_embedding_function_of_chromas_own(store):
    """Chroma must never embed by itself (its default function downloads a model)."""
    fill(store, "chunks_v1_test")
    collection = store.client.get_collection("chunks_v1_test", embedding_function=None)
    with pytest.raises(ValueError, match="embedding function"):
        collection.query(query_texts=["起付线"], n_results=1)


def test_versions_lists_chunk_collections_oldest_first(store):
    fill(store, "chunks_v2_test")
    fill(store, "chunks_v1_test")
    store.client.create_collection("something_else", embedding_function=None)
    try:
        assert store.versions() == ["chunks_v1_test", "chunks_v2_test"]
    finally:
        store.client.delete_collection("something_else")


def test_a_deleted_collection_is_gone(store):
    fill(store, "chunks_v1_test")
    store.delete("chunks_v1_test")
    assert store.versions() == []
    with pytest.raises(VectorStoreError, match="chunks_v1_test"):
        store.count("chunks_v1_test")


def test_chroma_url_gives_host_port_and_scheme():
    assert parse_chroma_url("http://127.0.0.1:8123") == ("127.0.0.1", 8123, False)
    assert parse_chroma_url("https://chroma.example") == ("chroma.example", 443, True)


def test_a_malformed_chroma_url_is_named_in_the_error():
    with pytest.raises(VectorStoreError, match="YIBAO_CHROMA_URL='ftp://x'"):
        parse_chroma_url("ftp://x")


def test_an_unreachable_chroma_server_says_how_to_start_one(tmp_path):
    from tests.conftest import free_port

    with pytest.raises(VectorStoreError, match="chroma run"):
        VectorStore.open(tmp_path, chroma_url=f"http://127.0.0.1:{free_port()}")
