"""A passage cut into the units an extractive answer is built from: sentences, table rows, headings.

The passage text is first cleaned the way it was indexed (`ingest.clean.clean_text`: whitespace of
PDF extraction folded, known misprints corrected), then markdown markers are dropped and each line
becomes either a heading (short, no sentence end), a table row (cells separated by spaces, holding
figures, no sentence punctuation) or a run of sentences, split after 。！？； so that a unit is
always a whole sentence or a whole list item. Every unit remembers the nearest heading above it, so
that a table row can be shown with what its figures are about.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from ingest.clean import CELL_SEPARATOR, clean_text

UnitKind = Literal["sentence", "row", "heading", "meta"]

_SENTENCE_END = re.compile(r"(?<=[。！？!?；;])")
_MARKDOWN_PREFIX = re.compile(r"^(?:#+\s*|[-*•●]\s*|>\s*)+")
_MARKDOWN_NOISE = re.compile(r"\*\*|\[image:[^\]]*\]|<(?=https?:)|(?<=\S)>(?=$|\s)")
_LINK = re.compile(r"\[([^\]]*)\]\((https?://[^)]*)\)")
_DIGIT = re.compile(r"\d")
# Lines about the web page rather than the policy: date/source lines, links.
_META = re.compile(r"原文链接|^时间：\d|来源：")
_TERMINAL = "。！？!?；;：:"
# A scheme label of the 长治 tables (居民医保——大病保险) stands after the lines it names: the PDF
# extraction put the left-hand label column below its cells.
_TRAILING_LABEL = re.compile(r"^(?:居民医保|职工医保)——\S+$")
HEADING_MAX_CHARS = 30  # a line this short without a sentence end is a heading
_ROW_MIN_CELLS = 2
# an amount or a rate: what a table's figures row states and its header row does not
_AMOUNT = re.compile(r"\d\s*(?:元|%|％)|百分之")
_CELL_BREAK = "。，；;,：:"
_LIST_NUMBER = re.compile(r"^\d{1,2}[.．、](?=\D)")  # "2.“两病”门诊用药": a numbered section title


@dataclass(frozen=True)
class Unit:
    """One sentence, table row or heading of a passage, as a resident reads it."""

    text: str
    kind: UnitKind
    index: int  # position within the passage
    heading: str | None = None  # nearest heading above it in the passage
    header: str | None = None  # for a table row: the figure-less header line(s) of its table
    cells: tuple[str, ...] = ()  # a line of the document's tab-separated cells: each cell, empty ones too
    columns: tuple[str, ...] = ()  # for a row with cells: its table's column names, one a cell

    @property
    def read_with_header(self) -> str:
        """The text with its table header before it, for matching a question against the row."""
        return f"{self.header} {self.text}" if self.header else self.text


def readable_line(line: str) -> str:
    """A cleaned line without markdown markers (headings, bullets, bold, image placeholders)."""
    line = _LINK.sub(lambda m: m.group(2), line)
    line = _MARKDOWN_NOISE.sub("", line)
    line = _MARKDOWN_PREFIX.sub("", line.strip())
    return line.strip()


def _is_heading(line: str) -> bool:
    """A short line without a sentence end or a figure (but its list number): a title over what follows."""
    title = _LIST_NUMBER.sub("", line)
    return (bool(title) and len(line) <= HEADING_MAX_CHARS and line[-1] not in _TERMINAL and "，" not in line
            and not _DIGIT.search(title))


def _is_row(line: str) -> bool:
    """Table cells kept apart by spaces, with figures, and no sentence of prose."""
    cells = line.split(" ")
    if not _DIGIT.search(_LIST_NUMBER.sub("", line)):
        return False
    if len(cells) < _ROW_MIN_CELLS:  # a one-cell line with a figure and no sentence end
        return len(line) <= HEADING_MAX_CHARS and line[-1] not in _TERMINAL
    return "。" not in line and sum(len(c) for c in cells) / len(cells) <= 20


def split_units(text: str, doc_id: str | None = None) -> list[Unit]:
    """The units of a passage, in order."""
    units: list[Unit] = []
    heading: str | None = None
    # page metadata lines are cleaned on their own: cleaning could join them to the next sentence
    for run, meta in _runs(text):
        for line in clean_text(run, doc_id, keep_cells=True).split("\n"):
            cells = tuple(readable_line(c) for c in line.split(CELL_SEPARATOR)) if CELL_SEPARATOR in line else ()
            heading = _add_line(units, readable_line(" ".join(c for c in cells if c) if cells else line), heading,
                                meta, cells)
    return _with_table_headers(_label_backwards(_join_cell_lines(units)))


def _is_amount_cell_line(unit: Unit) -> bool:
    """A one-cell table line stating an amount ("Ⅰ型糖尿病患者为480元")."""
    return (unit.kind == "row" and " " not in unit.text and "，" not in unit.text
            and bool(_AMOUNT.search(unit.text)))


def _join_cell_lines(units: list[Unit]) -> list[Unit]:
    """One-cell amount lines in a row are one table cell broken over lines: keep them as one row."""
    out: list[Unit] = []
    for unit in units:
        if out and _is_amount_cell_line(unit) and _is_amount_cell_line(out[-1]) and out[-1].heading == unit.heading:
            last = out[-1]
            out[-1] = Unit(f"{last.text}；{unit.text}", "row", last.index, last.heading)
        else:
            out.append(Unit(unit.text, unit.kind, len(out), unit.heading, cells=unit.cells))
    return out


def _is_header_line(unit: Unit) -> bool:
    """A table line naming columns: several short cells, no amount, no sentence punctuation."""
    cells = unit.text.split(" ")
    return (unit.kind in ("row", "heading", "sentence") and len(cells) >= _ROW_MIN_CELLS
            and not _AMOUNT.search(unit.text) and not any(ch in unit.text for ch in _CELL_BREAK)
            and max(len(c) for c in cells) <= HEADING_MAX_CHARS)


_NUMBER_CELL = re.compile(r"^\d+(?:\.\d+)?$")


def states_figures(unit: Unit) -> bool:
    """A table row stating figures: an amount or rate, or a label followed by bare numbers only
    ("脱贫不稳定人口 200 200" under "适用人群类型名称 2025个人实缴金额 2025政府代缴金额")."""
    if unit.kind != "row":
        return False
    cells = unit.text.split(" ")
    return bool(_AMOUNT.search(unit.text)) or (len(cells) >= 2 and all(_NUMBER_CELL.match(c) for c in cells[1:]))


def _with_table_headers(units: list[Unit]) -> list[Unit]:
    """Each figures row of a table takes the header lines above its table's first figures row."""
    out = list(units)
    for i, unit in enumerate(units):
        if not states_figures(unit):
            continue
        j = i - 1
        while j >= 0 and states_figures(units[j]):
            j -= 1  # rows of the same table above this one
        header: list[Unit] = []
        while j >= 0 and _is_header_line(units[j]):
            header.insert(0, units[j])
            j -= 1
        if header:
            out[i] = Unit(unit.text, unit.kind, unit.index, unit.heading, "；".join(h.text for h in header),
                          unit.cells, column_names(header, unit.cells))
            for k in range(j + 1, j + 1 + len(header)):  # read with the row, not as an answer alone
                out[k] = Unit(units[k].text, "heading", units[k].index, units[k].heading, cells=units[k].cells)
    return out


def column_names(header: list[Unit], cells: tuple[str, ...]) -> tuple[str, ...]:
    """The names of a row's columns from its table's header lines of as many cells as the row, or ()
    when none has: a header cell left empty is spanned by the cell on its left (报销比例 over 一般诊疗费
    and 其他), a lower line names the spanning column's parts: "报销比例（一般诊疗费）"."""
    lines = list(dict.fromkeys(h.cells for h in header if cells and len(h.cells) == len(cells)))
    if not lines:
        return ()
    spanned: list[list[str]] = []
    for line in lines:
        names, left = [], ""
        for cell in line:
            left = cell or left
            names.append(left)
        spanned.append(names)
    columns = []
    for i in range(len(cells)):
        parts = list(dict.fromkeys(names[i] for names in spanned if names[i]))
        columns.append(parts[0] + (f"（{'，'.join(parts[1:])}）" if len(parts) > 1 else "") if parts else "")
    return tuple(columns)


def _label_backwards(units: list[Unit]) -> list[Unit]:
    """Units above a trailing label, back to the previous one, take it as their heading."""
    out = list(units)
    since = 0
    for i, unit in enumerate(out):
        if unit.kind == "heading" and _TRAILING_LABEL.match(unit.text):
            for j in range(since, i):
                if out[j].kind != "heading":
                    out[j] = Unit(out[j].text, out[j].kind, out[j].index, unit.text)
            since = i + 1
    return out


def _runs(text: str) -> list[tuple[str, bool]]:
    """The text as runs of lines: each metadata line alone, the lines between together."""
    runs: list[tuple[str, bool]] = []
    current: list[str] = []
    for line in text.split("\n"):
        if _META.search(line):
            if current:
                runs.append(("\n".join(current), False))
                current = []
            runs.append((line, True))
        else:
            current.append(line)
    if current:
        runs.append(("\n".join(current), False))
    return runs


def _add_line(units: list[Unit], line: str, heading: str | None, meta: bool, cells: tuple[str, ...] = ()
              ) -> str | None:
    """Append the units of one cleaned line (`cells`: its tab-separated cells, if the document has
    them); returns the heading in force after it."""
    if line:
        if meta:
            units.append(Unit(line, "meta", len(units), heading))
        elif _is_row(line):
            units.append(Unit(line, "row", len(units), heading, cells=cells))
        elif _is_heading(line):
            units.append(Unit(line, "heading", len(units), heading, cells=cells))
            if " " not in line:  # a line of column names heads its table, not the section
                heading = line
        else:
            sentences = [s for s in (part.strip() for part in _SENTENCE_END.split(line)) if s]
            for sentence in sentences:  # a line of cells that is one sentence keeps its cells
                units.append(Unit(sentence, "sentence", len(units), heading, cells=cells if len(sentences) == 1 else ()))
    return heading


def join_units(units: list[Unit]) -> str:
    """Units as one readable paragraph: sentences run on, rows and headings end with a separator."""
    parts: list[str] = []
    for unit in units:
        text = unit.text
        if text[-1] not in _TERMINAL:
            text += "；" if unit.kind == "row" else "："
        parts.append(text)
    joined = "".join(parts)
    if joined and joined[-1] in "；;：:":
        joined = joined[:-1] + "。"
    return joined
