"""`yibao serve --workers 2`: two uvicorn worker processes on one port, sessions in the data dir's
SQLite file (in-memory sessions cannot be shared between processes)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from bot.bench.server import worker_pids
from tests.conftest import free_port

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
READY_TIMEOUT_S = 240


def _post(url: str, body: dict) -> dict:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


def _get(url: str) -> tuple[int, dict]:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.status, json.loads(response.read())


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """`yibao serve --workers 2` on a copy of the built index; yields (url, process, data_dir)."""
    given = os.environ.get("YIBAO_TEST_DATA_DIR")
    if not given or not (Path(given) / "current.json").exists():
        pytest.skip("needs a built real index in YIBAO_TEST_DATA_DIR")
    root = tmp_path_factory.mktemp("serve-workers")
    data_dir = root / "data"
    shutil.copytree(given, data_dir, ignore=shutil.ignore_patterns("yibao.sqlite*", "*.lock"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("YIBAO_")}
    env |= {"YIBAO_DATA_DIR": str(data_dir), "YIBAO_RATE_LIMIT": "off"}
    port = free_port()
    log = root / "serve.log"
    process = subprocess.Popen([sys.executable, "-m", "bot.cli", "serve", "--workers", "2", "--port", str(port)],
                               cwd=ROOT, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + READY_TIMEOUT_S
    try:
        while True:
            if process.poll() is not None:
                pytest.fail(f"yibao serve exited with {process.returncode}:\n{log.read_text(errors='replace')[-3000:]}")
            try:
                if _get(f"{url}/readyz")[0] == 200 and len(worker_pids(process.pid)) == 2:
                    break
            except (OSError, urllib.error.HTTPError):
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"not ready within {READY_TIMEOUT_S} s:\n{log.read_text(errors='replace')[-3000:]}")
            time.sleep(0.5)
        yield url, process, data_dir
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def test_two_worker_processes_serve_and_stay_up(served):
    url, process, _ = served
    workers = worker_pids(process.pid)
    assert _get(f"{url}/healthz")[1]["status"] == "ok"
    assert _get(f"{url}/api/calc")[0] == 200
    assert len(workers) == 2 and worker_pids(process.pid) == workers  # none died and was replaced


def test_a_two_turn_conversation_holds_across_the_workers(served):
    url, _, _ = served
    turn1 = _post(f"{url}/api/ask", {"question": "在淮安住院花了5万能报销多少"})
    turn2 = _post(f"{url}/api/ask", {"question": "三级", "session_id": turn1["session_id"]})
    # 淮安: "三级医院\t900 元\t65%" -> (50000 - 900) x 65% = 31915
    assert turn2["calculation"]["total"] == pytest.approx(31915)


def test_the_workers_keep_sessions_in_the_data_dirs_sqlite_file(served):
    from sqlalchemy import create_engine, text

    url, _, data_dir = served
    session_id = _post(f"{url}/api/ask", {"question": "在淮安住院花了5万能报销多少"})["session_id"]
    engine = create_engine(f"sqlite:///{data_dir / 'yibao.sqlite'}")
    with engine.connect() as conn:
        turns = conn.execute(text("SELECT turns FROM sessions WHERE session_id = :id"), {"id": session_id}).scalar()
    engine.dispose()
    assert turns == 1
