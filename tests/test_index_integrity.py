"""Index integrity: a version is verified when loaded (checksums recorded at build, collection
count, a known chunk found by its own text and vector); a damaged file falls back to the version
before or, with none, gives a Chinese message, a 503 on /readyz and a rebuild; two versions kept."""

from __future__ import annotations

import dataclasses
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from bot.cli.dispatch import main as yibao
from bot.config import Settings
from bot.retrieval.retriever import IndexUnavailable, Retriever, forget_retrievers, get_retriever
from bot.service import Service
from bot.web.api import create_api
from ingest.index_state import BM25_DIR, CHUNKS_FILE, INDEXES_DIR, IndexCorrupt, read_pointer
from ingest.pipeline import run_ingest
from ingest.settings import IndexSettings
from ingest.vector_store import VectorStore


@pytest.fixture
def data_dir(tmp_path, sample_chunks, monkeypatch) -> Path:
    """A data dir holding an index of the fixture corpus; YIBAO_DATA_DIR points at it."""
    path = tmp_path / "data"
    run_ingest(IndexSettings(data_dir=path), progress=False, chunks=sample_chunks)
    monkeypatch.setenv("YIBAO_DATA_DIR", str(path))
    monkeypatch.delenv("YIBAO_CHROMA_URL", raising=False)
    monkeypatch.delenv("YIBAO_EMBEDDER", raising=False)
    forget_retrievers()
    yield path
    forget_retrievers()


def serving_dir(data_dir: Path) -> Path:
    return data_dir / read_pointer(data_dir).index_dir


def damage_chunks_file(data_dir: Path) -> None:
    path = serving_dir(data_dir) / CHUNKS_FILE
    path.write_text(path.read_text(encoding="utf-8")[:-40], encoding="utf-8")


def damage_bm25(data_dir: Path) -> None:
    for path in (serving_dir(data_dir) / BM25_DIR).iterdir():
        if path.is_file():
            path.write_bytes(b"\x00garbage" * 8)


def settings_for(data_dir: Path) -> Settings:
    return Settings(index=IndexSettings(data_dir=data_dir))


def test_the_pointer_records_a_checksum_of_every_file_of_the_version(data_dir):
    checksums = read_pointer(data_dir).checksums
    version = serving_dir(data_dir)
    files = {p.relative_to(version).as_posix() for p in version.rglob("*") if p.is_file()}
    bm25_files = {f"bm25/{p.name}" for p in (version / BM25_DIR).iterdir()}
    assert CHUNKS_FILE in checksums and bm25_files <= set(checksums)
    assert set(checksums) == files


def test_a_damaged_chunks_file_fails_verification(data_dir):
    damage_chunks_file(data_dir)
    with pytest.raises(IndexCorrupt, match="chunks.jsonl"):
        Retriever(settings_for(data_dir))


def test_a_damaged_bm25_file_fails_verification(data_dir):
    damage_bm25(data_dir)
    with pytest.raises(IndexCorrupt, match="bm25/"):
        Retriever(settings_for(data_dir))


def test_an_emptied_collection_fails_verification(data_dir):
    pointer = read_pointer(data_dir)
    store = VectorStore.open(data_dir)
    store.client.get_collection(pointer.collection).delete(ids=["ha-doc#0001"])
    with pytest.raises(IndexCorrupt, match="6 vectors"):
        Retriever(settings_for(data_dir))


def test_search_on_a_damaged_chunks_file_prints_a_chinese_message_and_exits_1(data_dir, capsys):
    damage_chunks_file(data_dir)
    assert yibao(["search", "住院起付标准"]) == 1
    err = capsys.readouterr().err
    assert "索引已损坏" in err and "Traceback" not in err


def test_search_on_a_damaged_bm25_file_prints_a_chinese_message_and_exits_1(data_dir, capsys):
    damage_bm25(data_dir)
    assert yibao(["search", "住院起付标准"]) == 1
    assert "索引已损坏" in capsys.readouterr().err


def test_search_on_a_damaged_chroma_sqlite_prints_a_chinese_message_and_exits_1(data_dir):
    sqlite = data_dir / "chroma" / "chroma.sqlite3"
    sqlite.write_bytes(b"this is not a database" * 200)
    env = {**os.environ, "YIBAO_DATA_DIR": str(data_dir)}
    done = subprocess.run([sys.executable, "-m", "bot.cli.dispatch", "search", "住院起付标准"],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "索引" in done.stderr


def test_a_damaged_serving_version_falls_back_to_the_previous_one_and_says_so(data_dir, sample_chunks, caplog):
    first = read_pointer(data_dir).version
    changed = [dataclasses.replace(sample_chunks[0], text="一级医院起付标准 300 元。", clean_text="一级医院起付标准 300 元。"),
               *sample_chunks[1:]]
    run_ingest(IndexSettings(data_dir=data_dir), progress=False, chunks=changed)
    damage_bm25(data_dir)
    with caplog.at_level(logging.WARNING, logger="yibao.index"):
        retriever = get_retriever(settings_for(data_dir))
    assert retriever.pointer.version == first
    assert f"serving the previous verified index version {first}" in caplog.text


def test_with_no_verified_version_the_retriever_is_unavailable(data_dir):
    damage_chunks_file(data_dir)
    with pytest.raises(IndexUnavailable):
        get_retriever(settings_for(data_dir))


def test_ingest_rebuilds_a_damaged_serving_version_even_when_the_corpus_is_unchanged(data_dir, sample_chunks):
    before = read_pointer(data_dir).version
    damage_bm25(data_dir)
    stats = run_ingest(IndexSettings(data_dir=data_dir), progress=False, chunks=sample_chunks)
    assert stats.skipped is False and stats.collection != before
    assert [p.chunk_id for p in Retriever(settings_for(data_dir)).search("三级医院起付标准", city="淮安", k=1)] == ["ha-doc#0000"]


def test_repeated_ingests_keep_two_versions_two_index_dirs_and_two_vector_segments(data_dir, sample_chunks):
    settings = IndexSettings(data_dir=data_dir)
    for _ in range(4):
        run_ingest(settings, progress=False, force=True, chunks=sample_chunks)
    store = VectorStore.open(data_dir)
    assert len(store.versions()) == 2
    assert len([p for p in (data_dir / INDEXES_DIR).iterdir() if p.is_dir()]) == 2
    assert len(store.segment_dirs()) == 2


def test_the_new_pointer_records_the_previous_version_whole_so_it_can_serve_again(data_dir, sample_chunks):
    first = read_pointer(data_dir)
    run_ingest(IndexSettings(data_dir=data_dir), progress=False, force=True, chunks=sample_chunks)
    assert read_pointer(data_dir).previous_pointer() == dataclasses.replace(first, previous=None)


def api_client(data_dir: Path) -> TestClient:
    service = Service.from_settings(Settings.from_env())
    return TestClient(create_api(service), raise_server_exceptions=False)


def test_readyz_is_200_while_a_verified_index_serves(data_dir):
    response = api_client(data_dir).get("/readyz")
    assert (response.status_code, response.json()["index"]) == (200, read_pointer(data_dir).version)


def test_readyz_is_503_with_a_chinese_error_while_no_verified_index_serves(data_dir):
    damage_chunks_file(data_dir)
    response = api_client(data_dir).get("/readyz")
    assert response.status_code == 503
    assert response.json()["error"] == "检索索引已损坏，暂时无法回答，请稍后再试。"


def test_healthz_stays_200_for_liveness_while_the_index_is_damaged(data_dir):
    damage_chunks_file(data_dir)
    assert api_client(data_dir).get("/healthz").status_code == 200


def test_start_up_rebuilds_when_no_version_verifies(data_dir):
    damage_chunks_file(data_dir)
    service = Service.from_settings(Settings.from_env())
    service.ensure_index(progress=False)
    assert service.readiness()[0] is True


def test_a_damaged_pointer_file_is_an_index_error_not_a_json_traceback(data_dir, capsys):
    (data_dir / "current.json").write_text("{not json", encoding="utf-8")
    assert yibao(["search", "住院起付标准"]) == 1
    assert "索引已损坏" in capsys.readouterr().err
