"""Start-up time to first answer: a fresh process (import, index load, first answer), and a fresh
server (spawn to /healthz, then the first POST /api/ask)."""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

from bot.bench.report import Row, Section
from bot.bench.server import PROJECT_DIR, bench_env, serving
from bot.bench.stats import seconds

PHASES = ("import_s", "service_s", "index_s", "first_answer_s")
PHASE_LABELS = {"import_s": "import bot.service", "service_s": "Service.from_env()",
                "index_s": "index load (BM25, Chroma, embedding model)", "first_answer_s": "first answer",
                "total_s": "process start to first answer (wall, incl. interpreter)"}


def cold_process(data_dir: Path, question: str, timeout_s: float = 300.0) -> dict[str, float]:
    """Phase times of `python -m bot.bench.startup QUESTION` plus the wall time of the whole process."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "bot.bench.startup", question], cwd=PROJECT_DIR,
                          env=bench_env(data_dir), capture_output=True, text=True, timeout=timeout_s)
    total = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"bot.bench.startup exited with {done.returncode}: {done.stderr[-2000:]}")
    phases = json.loads(done.stdout.strip().splitlines()[-1])
    return {**phases, "total_s": total}


def cold_server(data_dir: Path, question: str, app: str = "page") -> tuple[float, float]:
    """(seconds from spawn to /healthz 200, seconds from spawn to the first answer of /api/ask)."""
    started = time.perf_counter()
    with serving(app, bench_env(data_dir)) as server:
        response = httpx.post(f"{server.base_url}/api/ask", json={"question": question}, timeout=300)
        answered = time.perf_counter() - started
        if response.status_code != 200:
            raise RuntimeError(f"/api/ask answered {response.status_code}: {response.text[:300]}")
        return server.ready_s, answered


def measure_startup(section: Section, data_dir: Path, question: str, runs: int) -> None:
    samples = [cold_process(data_dir, question) for _ in range(runs)]
    for phase in (*PHASES, "total_s"):
        values = [sample[phase] for sample in samples]
        section.rows.append(Row(f"{PHASE_LABELS[phase]} (median of {runs})", seconds(statistics.median(values))))
    ready_s, first_s = cold_server(data_dir, question)
    section.rows += [
        Row("`yibao serve` app: spawn to /healthz ready", seconds(ready_s)),
        Row("`yibao serve` app: spawn to first /api/ask answer", seconds(first_s)),
    ]
    section.notes += [
        f"question: “{question}”; each run a new Python process on the measured index, no language model "
        "(phases timed inside the process, wall time from outside); the operating system's file cache is "
        "warm after the first run;",
        "server: uvicorn with `bot.web.server:create_app` (API + web page) on 127.0.0.1, from spawning the "
        "process to the first answer of `POST /api/ask` (the index loads on that first answer).",
    ]


def main(argv: list[str] | None = None) -> int:
    question = (argv if argv is not None else sys.argv[1:])[0]
    t0 = time.perf_counter()
    from bot.retrieval.retriever import get_retriever
    from bot.service import Service

    t1 = time.perf_counter()
    service = Service.from_env()
    t2 = time.perf_counter()
    _ = get_retriever(service.settings).embedder  # the embedding model loads on first use
    t3 = time.perf_counter()
    service.answer(question)
    t4 = time.perf_counter()
    print(json.dumps({"import_s": t1 - t0, "service_s": t2 - t1, "index_s": t3 - t2, "first_answer_s": t4 - t3}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
