"""Benchmark sections and BENCHMARKS.md.

Each measure writes one section of BENCHMARKS.md, between the markers `<!-- bench:KEY -->` and
`<!-- /bench:KEY -->`, with its own provenance: machine, date, load average at its start and end,
and the exact command that reproduces it. A run of some measures (`--only`) replaces their sections
and keeps the others; text after the notes marker is written by hand and always kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

MEASURES = ("ingest", "search", "ask", "memory", "startup", "throughput")
TITLES = {
    "ingest": "Ingest time of the whole corpus",
    "search": "Search latency and retrieval hit rates",
    "ask": "Ask latency by intent, no language model",
    "memory": "Peak memory of a serving process",
    "startup": "Start-up time to first answer",
    "throughput": "Throughput of POST /api/ask on loopback",
}
HEADER = """# Benchmarks

Written by `yibao bench` (`bot/bench/run.py`): one section per measure, each with the machine, the date,
the load average while it ran (the machine is shared: other work slows every figure) and the command
that reproduces it. `yibao bench --only ask,throughput` rewrites only those sections.
"""
NOTES_MARKER = "<!-- notes: written by hand, kept when yibao bench rewrites this file -->"


@dataclass
class Row:
    measure: str
    value: str
    target: str = ""  # e.g. "< 50 ms ✓"


@dataclass
class Section:
    key: str  # one of MEASURES
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # bullet lines under the table
    started: str = ""  # ISO date and time
    machine: dict[str, str] = field(default_factory=dict)
    load_start: str = ""
    load_end: str = ""
    command: str = ""
    error: str | None = None  # what failed, when the measure did not finish

    @property
    def title(self) -> str:
        return TITLES.get(self.key, self.key)


def target(value: float | None, limit: float, unit: str) -> str:
    """'< 50 ms ✓' when value is under the limit, '✗' when not, no mark without a value."""
    text = f"< {limit:g} {unit}"
    if value is None:
        return text
    return f"{text} {'✓' if value < limit else '✗'}"


def at_least(value: float | None, floor: float) -> str:
    """'≥ 0.85 ✓' when value reaches the floor, '✗' when not, no mark without a value."""
    text = f"≥ {floor:g}"
    if value is None:
        return text
    return f"{text} {'✓' if value >= floor else '✗'}"


def table(section: Section) -> str:
    lines = ["| measure | value | target |", "|---|---|---|"]
    lines += [f"| {row.measure} | {row.value} | {row.target} |" for row in section.rows]
    return "\n".join(lines)


def render_section(section: Section) -> str:
    m = section.machine
    parts = [
        f"<!-- bench:{section.key} -->",
        f"## {section.title}",
        "",
        f"Measured {section.started} on {m.get('nproc', '?')} cores ({m.get('cpu', '?')}), "
        f"{m.get('ram', '?')} RAM, Python {m.get('python', '?')}; load average (1/5/15 min) "
        f"{section.load_start} at start, {section.load_end} at end. Reproduce:",
        "",
        "```bash",
        section.command,
        "```",
        "",
    ]
    if section.error:
        parts += [f"**Failed:** {section.error}", ""]
    if section.rows:
        parts += [table(section), ""]
    parts += [f"- {note}" for note in section.notes]
    if section.notes:
        parts.append("")
    parts.append(f"<!-- /bench:{section.key} -->")
    return "\n".join(parts)


_SECTION = re.compile(r"<!-- bench:(\w+) -->.*?<!-- /bench:\1 -->", re.S)


def existing_sections(text: str) -> dict[str, str]:
    return {match.group(1): match.group(0) for match in _SECTION.finditer(text)}


def merge(old_text: str, sections: list[Section]) -> str:
    """The new file: HEADER, every measure's section (new, else kept from old_text), the notes."""
    kept = existing_sections(old_text)
    new = {section.key: render_section(section) for section in sections}
    notes = old_text.split(NOTES_MARKER, 1)[1].strip() if NOTES_MARKER in old_text else ""
    keys = [key for key in MEASURES if key in new or key in kept]
    keys += [key for key in list(new) + list(kept) if key not in keys]  # unknown keys last, never lost
    body = "\n\n".join(new.get(key) or kept[key] for key in dict.fromkeys(keys))
    text = f"{HEADER}\n{body}\n\n{NOTES_MARKER}\n"
    return f"{text}\n{notes}\n" if notes else text


def write(sections: list[Section], path: Path) -> None:
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    path.write_text(merge(old, sections), encoding="utf-8")
