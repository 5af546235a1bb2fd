"""Peak memory of a serving process: VmHWM of /proc/<pid>/status after answering the question list."""

from __future__ import annotations

import time
from pathlib import Path

import httpx

from bot.bench.questions import BenchItem
from bot.bench.report import Row, Section
from bot.bench.server import bench_env, serving

APP_LABELS = {"api": "API only (`bot.web.api:create_api`)", "page": "API + web page (`bot.web.server:create_app`, as `yibao serve`)"}


def proc_status_mib(pid: int, field: str) -> float | None:
    """A memory field of /proc/<pid>/status (VmHWM = peak RSS, VmRSS = RSS now) in MiB; None off Linux."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024  # kB
    except (OSError, ValueError):
        return None
    return None


def mib(value: float | None) -> str:
    return "unavailable (no /proc)" if value is None else f"{value:.0f} MiB"


def ask_all(base_url: str, items: list[BenchItem], time_limit_s: float, timeout_s: float = 60.0) -> int:
    """POST every turn of every item to /api/ask, in order; the number of answers (all must be 200)."""
    answered = 0
    deadline = time.monotonic() + time_limit_s
    with httpx.Client(base_url=base_url, timeout=timeout_s) as client:
        for index, item in enumerate(items):
            if time.monotonic() > deadline:
                break
            for turn, question in enumerate(item.turns):
                body = {"question": question, "session_id": f"bench-mem-{index}"}
                if turn == 0 and item.city:
                    body["city"] = item.city
                response = client.post("/api/ask", json=body)
                if response.status_code != 200:
                    raise RuntimeError(f"/api/ask answered {response.status_code} to {question!r}: {response.text[:300]}")
                answered += 1
    return answered


def measure_memory(section: Section, data_dir: Path, items: list[BenchItem], apps: tuple[str, ...],
                   time_limit_s: float) -> None:
    for app in apps:
        with serving(app, bench_env(data_dir)) as server:
            idle = proc_status_mib(server.pid, "VmRSS")
            answered = ask_all(server.base_url, items, time_limit_s)
            peak = proc_status_mib(server.pid, "VmHWM")
            now = proc_status_mib(server.pid, "VmRSS")
        label = APP_LABELS.get(app, app)
        section.rows += [
            Row(f"{label}: RSS when ready (index not loaded yet)", mib(idle)),
            Row(f"{label}: peak RSS (VmHWM) after {answered} answers", mib(peak)),
            Row(f"{label}: RSS after them", mib(now)),
        ]
    section.notes += [
        "uvicorn in a subprocess on 127.0.0.1 (one worker) with the measured index; the question list is "
        "posted to `/api/ask` one request at a time; VmHWM of /proc/<pid>/status is the peak resident set;",
        "the index (Chroma, BM25, embedding model) loads on the first answer, so 'when ready' is the "
        "process with the app imported and the service built.",
    ]
