"""Throughput of `POST /api/ask` from N concurrent clients on loopback.

`run_load` drives a running server: N threads, each with its own httpx client, take the next
question from a shared counter until `max_requests` were sent or the time limit passed, and
record each request's latency and status. `measure_throughput` starts the served app once and
runs the load for every N after a warm-up pass over the questions. `measure_scale_out` does the
same against `yibao serve --workers W` with many clients for a fixed time (the issue's target:
100 clients for 60 s against 2 workers, ≥ 100 answers/s, p95 ≤ 1.5 s, no errors).
"""

from __future__ import annotations

import itertools
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from bot.bench.report import Row, Section
from bot.bench.server import bench_env, serving, serving_workers
from bot.bench.stats import Latency, ms


@dataclass
class LoadResult:
    clients: int
    sent: int = 0
    ok: int = 0
    errors: int = 0  # a status other than 200, or no response
    wall_s: float = 0.0
    latencies_ms: list[float] = field(default_factory=list)  # of the 200 answers
    error_samples: list[str] = field(default_factory=list)  # the first few, to say what failed

    @property
    def requests_per_s(self) -> float:
        return self.ok / self.wall_s if self.wall_s > 0 else 0.0


def run_load(base_url: str, questions: list[str], clients: int, max_requests: int,
             time_limit_s: float, request_timeout_s: float = 60.0) -> LoadResult:
    """At most `max_requests` POST /api/ask from `clients` threads, none started after the time limit."""
    if not questions:
        raise ValueError("run_load needs at least one question")
    if clients < 1 or max_requests < 1:
        raise ValueError(f"clients={clients}, max_requests={max_requests}: both must be ≥ 1")
    result = LoadResult(clients)
    counter = itertools.count()
    lock = threading.Lock()
    deadline = time.monotonic() + time_limit_s

    def client_loop() -> None:
        with httpx.Client(base_url=base_url, timeout=request_timeout_s) as client:
            while time.monotonic() < deadline:
                with lock:
                    n = next(counter)
                    if n >= max_requests:
                        return
                    result.sent += 1
                question = questions[n % len(questions)]
                started = time.perf_counter()
                try:
                    response = client.post("/api/ask", json={"question": question})
                    status, detail = response.status_code, response.text[:200]
                except httpx.HTTPError as exc:
                    status, detail = None, f"{type(exc).__name__}: {exc}"
                elapsed = (time.perf_counter() - started) * 1000
                with lock:
                    if status == 200:
                        result.ok += 1
                        result.latencies_ms.append(elapsed)
                    else:
                        result.errors += 1
                        if len(result.error_samples) < 3:
                            result.error_samples.append(f"{status}: {detail}")

    threads = [threading.Thread(target=client_loop, name=f"bench-client-{i}") for i in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(time_limit_s + request_timeout_s + 5)
    result.wall_s = time.perf_counter() - started
    return result


def rows_for(result: LoadResult) -> list[Row]:
    latency = Latency.of(result.latencies_ms)
    label = f"{result.clients} client{'s' if result.clients > 1 else ''}"
    rows = [
        Row(f"{label}: requests/s ({result.ok} answers in {result.wall_s:.1f} s)", f"{result.requests_per_s:.1f}"),
        Row(f"{label}: latency p50 / p95", f"{ms(latency.p50)} / {ms(latency.p95)}"),
    ]
    if result.errors:
        rows.append(Row(f"{label}: errors", f"{result.errors} of {result.sent} ({'; '.join(result.error_samples)})"))
    return rows


def measure_throughput(section: Section, data_dir: Path, questions: list[str], client_counts: tuple[int, ...],
                       max_requests: int, time_limit_s: float, app: str = "page") -> None:
    with serving(app, bench_env(data_dir)) as server:
        # warm-up: every question once (rules, contacts and caches a question type loads on first use)
        run_load(server.base_url, questions, 2, len(questions), time_limit_s)
        for clients in client_counts:
            section.rows += rows_for(run_load(server.base_url, questions, clients, max_requests, time_limit_s))
    section.notes += [
        f"uvicorn (one worker) serving `{app}` app on 127.0.0.1 with the measured index, no language model; "
        f"for each N, N threads with their own httpx client send up to {max_requests} requests in all "
        f"(at most {time_limit_s:.0f} s), cycling over {len(questions)} single questions, each a new session;",
        "warm-up: every question once (2 clients), not counted; requests/s counts answers with status 200.",
    ]


SCALE_OUT_ANSWERS_PER_S = 100.0
SCALE_OUT_P95_S = 1.5


def measure_scale_out(section: Section, data_dir: Path, questions: list[str], workers: int, clients: int,
                      time_limit_s: float, max_requests: int) -> None:
    """`clients` clients for at most `time_limit_s` (and `max_requests`) against `yibao serve --workers`."""
    with serving_workers(workers, bench_env(data_dir)) as server:
        run_load(server.base_url, questions, 2 * workers, len(questions), time_limit_s)  # warm-up, not counted
        result = run_load(server.base_url, questions, clients, max_requests, time_limit_s)
    latency = Latency.of(result.latencies_ms)
    label = f"--workers {workers}, {clients} clients"
    p95_ms = latency.p95
    section.rows += [
        Row(f"{label}: answers/s ({result.ok} answers in {result.wall_s:.1f} s)", f"{result.requests_per_s:.1f}",
            _at_least(result.requests_per_s, SCALE_OUT_ANSWERS_PER_S, "/s")),
        Row(f"{label}: latency p50 / p95", f"{ms(latency.p50)} / {ms(p95_ms)}",
            _at_most(None if p95_ms is None else p95_ms / 1000, SCALE_OUT_P95_S, " s")),
    ]
    if result.errors:  # as for the other client counts: the row appears only when a request failed
        section.rows.append(Row(f"{label}: errors", f"{result.errors} of {result.sent} "
                                                    f"({'; '.join(result.error_samples)})"))
    section.notes.append(
        f"scale-out: `yibao serve --workers {workers}` (sessions in the data dir's SQLite file, access log on) "
        f"on 127.0.0.1; warm-up every question once ({2 * workers} clients), then {clients} clients for at most "
        f"{time_limit_s:.0f} s (at most {max_requests} requests); target ≥ {SCALE_OUT_ANSWERS_PER_S:g} answers/s "
        f"and p95 ≤ {SCALE_OUT_P95_S:g} s with no errors (an errors row appears when a request failed).")


def _at_least(value: float, limit: float, unit: str) -> str:
    return f"≥ {limit:g}{unit} {'✓' if value >= limit else '✗'}"


def _at_most(value: float | None, limit: float, unit: str) -> str:
    if value is None:
        return f"≤ {limit:g}{unit}"
    return f"≤ {limit:g}{unit} {'✓' if value <= limit else '✗'}"
