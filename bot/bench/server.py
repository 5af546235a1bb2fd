"""A server process for the benchmarks: uvicorn on 127.0.0.1 and a free port, always stopped.

`serving("bot.web.api:create_api", env)` starts `python -m uvicorn <factory> --factory` in a
subprocess, waits until `GET /healthz` answers 200, yields a `Server` and stops the process in a
`finally` (terminate, then kill after a grace period) whatever happens in the body.
`serving_workers(n, env)` starts `yibao serve --workers n` the same way and waits until `/readyz`
answers and all n worker processes run.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

HOST = "127.0.0.1"  # benchmarks never listen beyond the loopback interface
PROJECT_DIR = Path(__file__).resolve().parents[2]
APPS = {"api": "bot.web.api:create_api", "page": "bot.web.server:create_app"}  # page = what `yibao serve` runs
STOP_GRACE_S = 10.0


class ServerFailed(RuntimeError):
    """The server process exited or did not answer /healthz in time; the message has its log tail."""


@dataclass(frozen=True)
class Server:
    process: subprocess.Popen
    base_url: str
    ready_s: float  # from spawning the process to the first 200 of /healthz

    @property
    def pid(self) -> int:
        return self.process.pid


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def bench_env(data_dir: Path, base: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment of a measured process: the given data dir, embedded Chroma, no language model."""
    env = {k: v for k, v in (os.environ if base is None else base).items()
           if not k.startswith("YIBAO_LLM_") and k != "YIBAO_CHROMA_URL"}
    env["YIBAO_DATA_DIR"] = str(data_dir)
    env.setdefault("YIBAO_RATE_LIMIT", "off")  # the bench's clients share one address: measure the service, not the limiter
    env.setdefault("YIBAO_RATE_LIMIT_TOTAL", "off")
    return env


def _tail(path: Path, chars: int = 2000) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")[-chars:]
    except OSError:
        return ""


def stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=STOP_GRACE_S)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=STOP_GRACE_S)


def _wait_ready(process: subprocess.Popen, url: str, timeout_s: float, log_path: Path) -> None:
    deadline = time.monotonic() + timeout_s
    while True:
        if process.poll() is not None:
            raise ServerFailed(f"server exited with code {process.returncode} before answering; log:\n"
                               f"{_tail(log_path)}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except (OSError, urllib.error.URLError):
            pass
        if time.monotonic() > deadline:
            raise ServerFailed(f"server did not answer {url} within {timeout_s:.0f} s; log:\n{_tail(log_path)}")
        time.sleep(0.2)


def worker_pids(pid: int) -> list[int]:
    """The worker processes uvicorn spawned under `pid` (Linux /proc; not multiprocessing's resource tracker)."""
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []
    found = []
    for child in children:
        try:
            command = Path(f"/proc/{child}/cmdline").read_bytes()
        except OSError:
            continue
        if b"--multiprocessing-fork" in command and b"resource_tracker" not in command:
            found.append(int(child))
    return found


@contextmanager
def serving_workers(workers: int, env: Mapping[str, str] | None = None,
                    ready_timeout_s: float = 300.0) -> Iterator[Server]:
    """`yibao serve --workers N` on 127.0.0.1 (sessions in the data dir's SQLite file unless
    YIBAO_DATABASE_URL says otherwise) until the body ends."""
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="yibao-bench-workers-") as tmp:
        log_path = Path(tmp) / "server.log"
        with log_path.open("wb") as log:
            command = [sys.executable, "-m", "bot.cli", "serve", "--host", HOST, "--port", str(port),
                       "--workers", str(workers)]
            started = time.perf_counter()
            process = subprocess.Popen(command, cwd=PROJECT_DIR, env=dict(env or os.environ),
                                       stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
            try:
                base_url = f"http://{HOST}:{port}"
                deadline = time.monotonic() + ready_timeout_s
                _wait_ready(process, f"{base_url}/readyz", ready_timeout_s, log_path)
                while len(worker_pids(process.pid)) < workers:
                    if time.monotonic() > deadline or process.poll() is not None:
                        raise ServerFailed(f"{workers} workers not running within {ready_timeout_s:.0f} s; log:\n"
                                           f"{_tail(log_path)}")
                    time.sleep(0.2)
                yield Server(process, base_url, time.perf_counter() - started)
            finally:
                stop(process)


@contextmanager
def serving(app: str, env: Mapping[str, str] | None = None, ready_timeout_s: float = 180.0) -> Iterator[Server]:
    """Serve the ASGI app factory `module:function` (or a key of APPS) on 127.0.0.1 until the body ends."""
    factory = APPS.get(app, app)
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="yibao-bench-server-") as tmp:
        log_path = Path(tmp) / "server.log"
        with log_path.open("wb") as log:
            command = [sys.executable, "-m", "uvicorn", factory, "--factory", "--host", HOST,
                       "--port", str(port), "--log-level", "warning", "--no-access-log"]
            started = time.perf_counter()
            process = subprocess.Popen(command, cwd=PROJECT_DIR, env=dict(env or os.environ),
                                       stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
            try:
                base_url = f"http://{HOST}:{port}"
                _wait_ready(process, f"{base_url}/healthz", ready_timeout_s, log_path)
                yield Server(process, base_url, time.perf_counter() - started)
            finally:
                stop(process)
