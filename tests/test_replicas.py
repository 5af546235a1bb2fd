"""Two app replicas on real engines serve as one: a real PostgreSQL (Debian's binaries) holds the
shared store, a `chroma run` server the vectors; each replica is its own uvicorn process.

One conversation is held across both: turn 1 on replica A asks a calculation without the hospital
level (the bot asks back), turn 2 on replica B gives the level and gets the calculation with turn
1's city and amount. Feedback written through A is listed by B's staff API, and marked handled
through B it is handled on A.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import free_port
from tests.pg_support import fresh_database

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
READY_TIMEOUT_S = 180
APP = "bot.web.api:create_api"
STAFF_TOKEN = "replica-test-operator-token"


def _post(url: str, body: dict | None = None, headers: dict | None = None) -> dict:
    request = urllib.request.Request(url, data=json.dumps(body or {}).encode(), method="POST",
                                     headers={"Content-Type": "application/json", **(headers or {})})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


def _staff_get(url: str) -> dict:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {STAFF_TOKEN}"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


def _wait_ready(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_S
    while True:
        if process.poll() is not None:
            pytest.fail(f"replica exited with {process.returncode}:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            with urllib.request.urlopen(f"{url}/readyz", timeout=5) as response:
                if response.status == 200:
                    return
        except (OSError, urllib.error.HTTPError):
            pass
        if time.monotonic() > deadline:
            pytest.fail(f"replica not ready within {READY_TIMEOUT_S} s:\n{log.read_text(errors='replace')[-3000:]}")
        time.sleep(0.5)


@pytest.fixture(scope="module")
def shared_index(tmp_path_factory, chroma_server) -> Path:
    """A data dir whose index has its vectors on the Chroma server (embeddings reused from
    YIBAO_TEST_DATA_DIR's cache when there is one)."""
    from ingest.pipeline import run_ingest
    from ingest.settings import IndexSettings

    data_dir = tmp_path_factory.mktemp("replicas-data")
    given = os.environ.get("YIBAO_TEST_DATA_DIR")
    cache = Path(given) / "embedding_cache.sqlite3" if given else None
    if cache is not None and cache.exists():
        shutil.copy(cache, data_dir / cache.name)
    run_ingest(IndexSettings(data_dir=data_dir, chroma_url=chroma_server), progress=False)
    return data_dir


@pytest.fixture(scope="module")
def replicas(tmp_path_factory, shared_index, chroma_server):
    """Two replicas (A, B) on free loopback ports; yields (url_a, url_b, database_url)."""
    tmp_path = tmp_path_factory.mktemp("replicas")
    from bot.web.auth import hash_secret

    database = fresh_database()
    env = {k: v for k, v in os.environ.items() if not k.startswith("YIBAO_")}
    env |= {"YIBAO_DATA_DIR": str(shared_index), "YIBAO_DATABASE_URL": database,
            "YIBAO_CHROMA_URL": chroma_server, "YIBAO_RATE_LIMIT": "off",
            "YIBAO_STAFF_TOKEN_HASH": hash_secret(STAFF_TOKEN)}
    started: list[tuple[str, subprocess.Popen, Path]] = []
    try:
        for name in ("a", "b"):
            port = free_port()
            log = tmp_path / f"replica-{name}.log"
            process = subprocess.Popen(
                [sys.executable, "-m", "uvicorn", "--factory", APP, "--host", "127.0.0.1", "--port", str(port)],
                cwd=ROOT, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT)
            started.append((f"http://127.0.0.1:{port}", process, log))
        for url, process, log in started:
            _wait_ready(url, process, log)
        yield started[0][0], started[1][0], database
    finally:
        for _, process, _ in started:
            process.terminate()
        for _, process, _ in started:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


def test_a_calculation_asked_on_replica_a_is_finished_on_replica_b(replicas):
    url_a, url_b, _ = replicas
    turn1 = _post(f"{url_a}/api/ask", {"question": "在淮安住院花了5万能报销多少"})
    assert (turn1["calculation"], turn1["follow_up"]["choices"]) == (None, ["一级", "二级", "三级"])
    turn2 = _post(f"{url_b}/api/ask", {"question": "三级", "session_id": turn1["session_id"]})
    # 淮安: "三级医院\t900 元\t65%" -> (50000 - 900) x 65% = 31915
    assert turn2["calculation"]["total"] == pytest.approx(31915)
    assert turn2["session_id"] == turn1["session_id"]


def test_feedback_written_on_replica_a_is_listed_by_replica_b(replicas):
    url_a, url_b, _ = replicas
    assert _post(f"{url_a}/api/feedback", {"question": "淮安住院起付线", "answer": "三级医院900元", "rating": 1,
                                           "comment": "我的电话13912345678"}) == {"ok": True}
    rows = [r for r in _staff_get(f"{url_b}/api/feedback")["rows"] if r["question"] == "淮安住院起付线"]
    assert [(r["rating"], r["comment"]) for r in rows] == [(1, "我的电话[手机号]")]


def test_feedback_marked_handled_on_replica_b_is_handled_on_replica_a(replicas):
    url_a, url_b, _ = replicas
    _post(f"{url_a}/api/feedback", {"question": "长春门诊报销", "answer": "答", "rating": -1})
    row = next(r for r in _staff_get(f"{url_b}/api/feedback")["rows"] if r["question"] == "长春门诊报销")
    _post(f"{url_b}/api/feedback/{row['id']}/handled", headers={"Authorization": f"Bearer {STAFF_TOKEN}"})
    handled = _staff_get(f"{url_a}/api/feedback?handled=true")["rows"]
    assert [r["id"] for r in handled] == [row["id"]]
