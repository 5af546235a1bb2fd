"""Servers of `yibao bench`: on 127.0.0.1, always stopped; the throughput client against a tiny app.

`tiny_app` is served by uvicorn in a subprocess (`tests.test_bench_server:tiny_app`): it answers
/healthz, counts POST /api/ask and fails the question “坏” with a 500.
"""

import httpx
import pytest
from fastapi import FastAPI
from fastapi.responses import JSONResponse

from bot.bench.report import Row
from bot.bench.run import BenchOptions, run_bench
from bot.bench.server import ServerFailed, bench_env, serving
from bot.bench.throughput import run_load

TINY_APP = "tests.test_bench_server:tiny_app"


def tiny_app() -> FastAPI:
    app = FastAPI()
    asked = []

    @app.get("/healthz")
    def healthz():
        return {"status": "ok"}

    @app.post("/api/ask")
    def ask(body: dict):
        asked.append(body["question"])
        if body["question"] == "坏":
            return JSONResponse(status_code=500, content={"error": "服务暂时出现问题"})
        return {"answer": "好", "intent": "policy"}

    @app.get("/count")
    def count():
        return {"asked": len(asked)}

    return app


@pytest.fixture(scope="module")
def tiny_server():
    with serving(TINY_APP, ready_timeout_s=60) as server:
        yield server


def asked(server) -> int:
    return httpx.get(f"{server.base_url}/count", timeout=10).json()["asked"]


def test_the_server_listens_on_loopback_only(tiny_server):
    assert tiny_server.base_url.startswith("http://127.0.0.1:")


def test_the_load_sends_exactly_the_bounded_number_of_requests(tiny_server):
    before = asked(tiny_server)
    result = run_load(tiny_server.base_url, ["问一", "问二"], clients=3, max_requests=7, time_limit_s=60)
    assert (result.sent, result.ok, result.errors, len(result.latencies_ms)) == (7, 7, 0, 7)
    assert asked(tiny_server) - before == 7


def test_failed_requests_are_counted_as_errors_with_samples(tiny_server):
    result = run_load(tiny_server.base_url, ["坏"], clients=2, max_requests=4, time_limit_s=60)
    assert (result.ok, result.errors, result.latencies_ms) == (0, 4, [])
    assert len(result.error_samples) == 3 and result.error_samples[0].startswith("500: ")


def test_no_request_starts_after_the_time_limit(tiny_server):
    result = run_load(tiny_server.base_url, ["问一"], clients=2, max_requests=50, time_limit_s=0)
    assert (result.sent, result.ok) == (0, 0)


def test_the_server_is_stopped_when_the_body_fails():
    with pytest.raises(RuntimeError, match="measure broke"):
        with serving(TINY_APP, ready_timeout_s=60) as server:
            process = server.process
            raise RuntimeError("measure broke")
    assert process.poll() is not None


def test_a_server_that_cannot_start_is_reported_with_its_log():
    with pytest.raises(ServerFailed, match="exited with code") as failure:
        with serving("tests.no_such_module:app", ready_timeout_s=60):
            pass
    assert "no_such_module" in str(failure.value)


def test_a_failing_measure_is_recorded_its_server_stopped_and_the_next_measure_still_runs():
    started = []

    def measure(key, section, ctx, options, log):
        if key == "memory":
            with serving(TINY_APP, ready_timeout_s=60) as server:
                started.append(server.process)
                raise RuntimeError("peak unreadable")
        section.rows.append(Row(key, "ok"))

    sections = run_bench(BenchOptions(only=("memory", "startup")), log=lambda _: None, measure=measure)
    assert [(s.key, s.error) for s in sections] == [("memory", "RuntimeError: peak unreadable"), ("startup", None)]
    assert started[0].poll() is not None
    assert sections[1].rows == [Row("startup", "ok")]


def test_measured_processes_get_the_data_dir_embedded_chroma_and_no_language_model(tmp_path):
    env = bench_env(tmp_path, {"YIBAO_LLM_BASE_URL": "http://x", "YIBAO_LLM_MODEL": "m", "PATH": "/bin",
                               "YIBAO_CHROMA_URL": "http://127.0.0.1:8000"})
    assert env == {"PATH": "/bin", "YIBAO_DATA_DIR": str(tmp_path),
                   "YIBAO_RATE_LIMIT": "off", "YIBAO_RATE_LIMIT_TOTAL": "off"}
