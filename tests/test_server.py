"""The one app: the Chinese page at `/`, the REST API beside it, safe defaults, `yibao serve` on loopback."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from bot.cli.dispatch import build_parser
from bot.cli.serve import DEFAULT_HOST, is_loopback
from bot.storage.store import Store
from bot.web.server import create_app
from tests.ui_fake_service import FakeService

REPO = Path(__file__).resolve().parents[1]
SERVE_START_TIMEOUT_S = 600  # a first start builds the index when the session has not yet


@pytest.fixture
def app(tmp_path):
    return create_app(FakeService(Store(tmp_path / "s.sqlite")))


@pytest.fixture
def client(app):
    return TestClient(app, raise_server_exceptions=False)


def test_the_page_is_served_at_the_root_with_the_chinese_title(client):
    response = client.get("/")
    assert response.status_code == 200
    assert '<meta property="og:title" content="医保问答" />' in response.text


def test_the_api_is_served_beside_the_page(client):
    body = client.post("/api/ask", json={"question": "淮安起付线", "city": "淮安"}).json()
    assert body["citations"][0]["doc_id"] == "ha-2026-100qa"
    assert client.get("/healthz").json() == {"status": "ok", "index": "fake"}


def test_api_errors_stay_chinese_json_with_the_page_mounted(client):
    response = client.post("/api/ask", json={"question": ""})
    assert response.status_code == 422 and response.json()["error"].startswith("请求参数有误")


def test_the_page_config_has_no_share_link_no_error_details_and_no_run_history(app, client):
    config = client.get("/config").json()
    assert app.state.blocks.share is False and app.state.blocks.share_url is None
    assert (config["show_error"], config["run_history"], config["analytics_enabled"]) == (False, False, False)
    assert config["mcp_server"] is False and config["title"] == "医保问答"


def test_the_page_events_are_not_offered_as_a_public_gradio_api(client):
    config = client.get("/config").json()
    assert {d["api_visibility"] for d in config["dependencies"]} == {"private"}


def test_building_the_app_creates_no_flagging_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    TestClient(create_app(FakeService(Store(tmp_path / "s.sqlite")))).get("/")
    assert not any(p.name == "flagged" for p in tmp_path.rglob("*"))


def test_serve_listens_on_loopback_port_7860_by_default():
    args = build_parser().parse_args(["serve"])
    assert (args.host, args.port) == ("127.0.0.1", 7860) and DEFAULT_HOST == "127.0.0.1"


def test_loopback_hosts_are_recognised():
    assert [is_loopback(h) for h in ("127.0.0.1", "localhost", "::1", "0.0.0.0", "192.168.1.5")] == [
        True, True, True, False, False]


@pytest.mark.slow
def test_python_app_py_serves_the_page_and_api_on_127_0_0_1(real_index_dir, tmp_path):
    """`python app.py` (no options) = `yibao serve`: uvicorn reports 127.0.0.1 and the page answers."""
    from tests.conftest import free_port

    port = free_port()
    env = {**os.environ, "YIBAO_DATA_DIR": str(real_index_dir)}
    env.pop("YIBAO_CHROMA_URL", None)
    log_path = tmp_path / "serve.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen([sys.executable, "app.py", "--port", str(port)], cwd=REPO, env=env,
                                   stdout=log, stderr=subprocess.STDOUT)
        try:
            _wait_for(f"http://127.0.0.1:{port}/healthz", process, log_path)
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30) as response:
                assert 'content="医保问答"' in response.read().decode("utf-8")
            assert re.search(rf"Uvicorn running on http://127\.0\.0\.1:{port}", log_path.read_text("utf-8"))
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)


def _wait_for(url: str, process: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + SERVE_START_TIMEOUT_S
    while True:
        if process.poll() is not None:
            pytest.fail(f"app.py exited with {process.returncode}:\n{log_path.read_text('utf-8')[-2000:]}")
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            if time.monotonic() > deadline:
                pytest.fail(f"app.py did not answer within {SERVE_START_TIMEOUT_S} s")
            time.sleep(0.5)
