"""The machine a benchmark ran on: cores, CPU model, RAM, Python, load average (Linux /proc)."""

from __future__ import annotations

import os
import platform
from pathlib import Path


def _first_field(path: str, prefix: str) -> str | None:
    try:
        for line in Path(path).read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith(prefix):
                return line.split(":", 1)[1].strip()
    except OSError:
        return None
    return None


def cpu_model() -> str:
    return _first_field("/proc/cpuinfo", "model name") or platform.processor() or "unknown CPU"


def ram_total() -> str:
    value = _first_field("/proc/meminfo", "MemTotal:")  # "24576000 kB"
    if not value:
        return "unknown"
    return f"{int(value.split()[0]) / 1024 / 1024:.1f} GiB"


def load_average() -> str:
    """'1-min / 5-min / 15-min' load average, e.g. '1.2 / 0.9 / 0.8'."""
    try:
        return " / ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        return "unknown"


def machine_facts() -> dict[str, str]:
    return {"nproc": str(os.cpu_count() or "?"), "cpu": cpu_model(), "ram": ram_total(),
            "python": platform.python_version()}
