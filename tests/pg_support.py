"""A real PostgreSQL for the tests, from Debian's binaries (`apt-get install postgresql`).

`postgres_admin_url()` starts one server per test session (initdb in a temp dir, `postgres` on a
free loopback port, stopped when the session ends) and returns the URL of its `postgres`
database; `fresh_database()` creates an empty database on it for one test.

PostgreSQL refuses to run as root: when the tests run as root (CI), the data dir is given to the
unprivileged `nobody` user and initdb and postgres run as that user.
"""

from __future__ import annotations

import atexit
import glob
import itertools
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

START_TIMEOUT_S = 60
BIN_ENV = "YIBAO_TEST_PG_BIN"
UNPRIVILEGED_USER = "nobody"

_server: dict[str, object] = {}
_names = itertools.count(1)


def postgres_bin() -> Path | None:
    """The directory of initdb and postgres: YIBAO_TEST_PG_BIN, else Debian's newest /usr/lib/postgresql/N/bin."""
    given = os.environ.get(BIN_ENV)
    candidates = [given] if given else sorted(glob.glob("/usr/lib/postgresql/*/bin"),
                                              key=lambda p: int(Path(p).parent.name) if Path(p).parent.name.isdigit() else 0)
    for candidate in reversed(candidates):
        if candidate and (Path(candidate) / "initdb").is_file() and (Path(candidate) / "postgres").is_file():
            return Path(candidate)
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _stop() -> None:
    process = _server.get("process")
    if isinstance(process, subprocess.Popen) and process.poll() is None:
        process.send_signal(signal.SIGINT)  # fast shutdown
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
    root = _server.get("root")
    if isinstance(root, str):
        shutil.rmtree(root, ignore_errors=True)
    _server.clear()


def postgres_admin_url() -> str:
    """The `postgres` database of the session's server (started on first use); skips the test when
    Debian's PostgreSQL binaries are not installed."""
    if "url" in _server:
        return str(_server["url"])
    bin_dir = postgres_bin()
    if bin_dir is None:
        pytest.skip("PostgreSQL binaries not found (apt-get install postgresql, or set YIBAO_TEST_PG_BIN)")
    root = tempfile.mkdtemp(prefix="yibao-pg-")
    _server["root"] = root
    atexit.register(_stop)
    data, log_path = Path(root) / "data", Path(root) / "postgres.log"
    run_as: dict[str, int] = {}
    if os.geteuid() == 0:
        user = pwd.getpwnam(UNPRIVILEGED_USER)
        os.chown(root, user.pw_uid, user.pw_gid)
        run_as = {"user": user.pw_uid, "group": user.pw_gid, "extra_groups": []}
    subprocess.run([str(bin_dir / "initdb"), "-D", str(data), "-U", "yibao", "-A", "trust", "-E", "UTF8",
                    "--no-sync", "--locale=C"], check=True, capture_output=True, cwd=root, **run_as)
    port = _free_port()
    log = open(log_path, "ab")  # noqa: SIM115 (closed with the process at exit)
    _server["process"] = subprocess.Popen(
        [str(bin_dir / "postgres"), "-D", str(data), "-h", "127.0.0.1", "-p", str(port), "-k", root,
         "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"],
        stdout=log, stderr=subprocess.STDOUT, cwd=root, **run_as)
    url = f"postgresql+psycopg://yibao@127.0.0.1:{port}/postgres"
    _wait_ready(url, log_path)
    _server["url"] = url
    return url


def _wait_ready(url: str, log_path: Path) -> None:
    import psycopg

    dsn = url.replace("postgresql+psycopg://", "postgresql://")
    deadline = time.monotonic() + START_TIMEOUT_S
    while True:
        process = _server["process"]
        if process.poll() is not None:
            pytest.fail(f"postgres exited with {process.returncode}: {log_path.read_text(errors='replace')[-2000:]}")
        try:
            with psycopg.connect(dsn, connect_timeout=2):
                return
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                pytest.fail(f"postgres did not accept connections within {START_TIMEOUT_S} s")
            time.sleep(0.2)


def fresh_database() -> str:
    """A new, empty database on the session's server; its SQLAlchemy URL."""
    import psycopg

    admin = postgres_admin_url()
    name = f"t{os.getpid()}_{next(_names)}"
    with psycopg.connect(admin.replace("postgresql+psycopg://", "postgresql://"), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return admin.rsplit("/", 1)[0] + f"/{name}"
