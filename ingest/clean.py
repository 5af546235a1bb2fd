"""Cleaning of document text for indexing: folds the whitespace of PDF extraction, drops markdown
marks of the web-page documents and corrects known misprints.

The verbatim text stays what a citation shows (`Chunk.text`); what this module returns is the
normalised form that is embedded and indexed (`Chunk.clean_text`). Every correction of a misprint
is a row of `CORRECTIONS` with its reason, so that it can be reviewed and reported per chunk.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Correction:
    """A misprint in one document: `wrong` (as it reads after whitespace folding) becomes `right`."""

    wrong: str
    right: str
    reason: str

    def describe(self) -> str:
        return f"{self.wrong}→{self.right}（{self.reason}）"


# Known misprints, per document id. `wrong` carries enough context to match only the misprint.
CORRECTIONS: dict[str, tuple[Correction, ...]] = {
    "ha-2026-100qa": (
        Correction(
            "淮南市在2025年10月",
            "淮安市在2025年10月",
            "第三十七问把淮安市误印为淮南市：本手册是淮安市医疗保障局的百问百答",
        ),
    ),
    "cc-policy-handbook": (
        Correction("0.50%", "50%", "待遇指南表格把报销比例50%误印为0.50%"),
        Correction("0.60%", "60%", "待遇指南表格把报销比例60%误印为0.60%"),
    ),
}

# Characters of the CJK scripts and their punctuation (ideographs, CJK symbols, full-width forms).
_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_PUNCT = r"\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u2018-\u201f\u2026\u2014"
_CJK = _HAN + _CJK_PUNCT
# Units and measure words that follow a number ("2026 年", "730 元", "2 个月", "48 小时", "50 %").
_UNITS = "年月日号元万千百亿岁周天个次人种类级倍小时分%％‰"

_IMAGE_MARKER = re.compile(r"\[image:[^\]]*\]")
_LONE_BRACKET_LINE = re.compile(r"^[()（）]+$")
_INLINE_SPACE = r"[ \u00a0\u3000]+"
_SPACE_BETWEEN_CJK = re.compile(rf"(?<=[{_CJK}]){_INLINE_SPACE}(?=[{_CJK}])")
_SPACE_BEFORE_UNIT = re.compile(rf"(?<=[0-9.]){_INLINE_SPACE}(?=[{_UNITS}])")
_SPACE_BEFORE_NUMBER_WITH_UNIT = re.compile(
    rf"(?<=[{_HAN}，、：（“]){_INLINE_SPACE}(?=[0-9][0-9.]*(?:{_INLINE_SPACE})?[{_UNITS}])"
)
_SPACE_AROUND_PUNCT = re.compile(
    rf"{_INLINE_SPACE}(?=[，。；：、？！）”’》】])|(?<=[，。；：、？！（“‘《【]){_INLINE_SPACE}"
)
_FULL_WIDTH_ALNUM = str.maketrans(
    {chr(code): chr(code - 0xFEE0) for code in range(0xFF10, 0xFF1A)}  # ０-９
    | {chr(code): chr(code - 0xFEE0) for code in range(0xFF21, 0xFF3B)}  # Ａ-Ｚ
    | {chr(code): chr(code - 0xFEE0) for code in range(0xFF41, 0xFF5B)}  # ａ-ｚ
    | {"％": "%", "．": "."}
)
# A line ending in the middle of a sentence: the next line continues it.
_OPEN_END = re.compile(rf"[{_HAN}0-9a-zA-Z，、“（]$")
_CONTINUES = re.compile(rf"^[{_HAN}）”，、。；]|^（(?![一二三四五六七八九十\d]+）)")  # an aside in brackets, not an item number
# ... or continues it with a figure ("再按\n50%的比例给予报销"): an amount, rate or count, not a list number
_CONTINUES_WITH_FIGURE = re.compile(rf"^\d+(?:\.\d+)?(?:{_INLINE_SPACE})?[{_UNITS}]")
# A line that starts a new item or heading is never glued to the line before.
_ITEM_START = re.compile(
    r"^(#|-|\d+[.、．]|[一二三四五六七八九十百]+、|（[一二三四五六七八九十]+）|\(\d+\)|（\d+）|第[一二三四五六七八九十百]+条|[●①②③④⑤])"
)
_MIN_BROKEN_LINE = 18  # a page or column break leaves a line at least this long before it
_MAX_CELL_FRAGMENT = 8  # a table cell wrapped inside its column leaves lines this short


_FIGURE_CELL = re.compile(r"^\d+(?:\.\d+)?(?:元|%|％|万元|元/人|元/年)$")


def _cells(line: str) -> list[str]:
    """The cells of a line: split at tabs, or at spaces when at least two of them are figures alone
    ("起付标准 100元 400元 500元"): a table row of a PDF, whose cells folding must not glue together."""
    if "\t" in line:
        return line.split("\t")
    words = line.split()
    if len(words) >= 3 and sum(bool(_FIGURE_CELL.match(w.translate(_FULL_WIDTH_ALNUM))) for w in words) >= 2:
        return words
    return [line]


CELL_SEPARATOR = "\t"  # between the cells of a line cleaned with keep_cells


def _clean_line(line: str, keep_cells: bool = False) -> str:
    """One line folded; table cells (tab-separated, or a row of figures) stay separated by one space.

    With `keep_cells`, a line whose cells the document separates by tabs keeps them tab-separated,
    empty cells included (a header cell spanning the columns to its right leaves them empty; a row
    leaves a cell merged with the row above empty), so that a reader of the table can line its cells
    up with its columns."""
    raw = _IMAGE_MARKER.sub(" ", line)
    if keep_cells and "\t" in raw:
        cells = [_clean_cell(cell) for cell in raw.split("\t")]
        if sum(1 for cell in cells if cell) >= 2:
            return CELL_SEPARATOR.join(cells)
    cells = (_clean_cell(cell) for cell in _cells(raw))
    return " ".join(cell for cell in cells if cell)


def _clean_cell(line: str) -> str:
    line = line.translate(_FULL_WIDTH_ALNUM).strip()
    for _ in range(2):  # spaces around single characters ("筹 资 的") need a second pass
        line = _SPACE_BETWEEN_CJK.sub("", line)
    line = _SPACE_BEFORE_UNIT.sub("", line)
    line = _SPACE_BEFORE_NUMBER_WITH_UNIT.sub("", line)
    line = _SPACE_AROUND_PUNCT.sub("", line)
    return re.sub(_INLINE_SPACE, " ", line)


def _is_table_row(line: str) -> bool:
    """Cells kept apart by spaces, one of them a figure ("起付标准 100元 400元 500元"): a row, not prose."""
    cells = line.split(" ")
    return len(cells) >= 3 and any(c[:1].isdigit() for c in cells)


def _joins(previous: str, line: str, blank_between: bool) -> bool:
    """Whether `line` continues the sentence that `previous` left open (a PDF line or page break)."""
    if not _OPEN_END.search(previous) or _ITEM_START.match(line):
        return False
    if not _CONTINUES.match(line) and not (_CONTINUES_WITH_FIGURE.match(line) and len(previous) >= _MIN_BROKEN_LINE):
        return False  # a figure continues only a sentence long enough to have been wrapped, not a cell
    if _is_table_row(previous) or _is_table_row(line):  # rows of a table stay rows
        return False
    if len(previous) >= _MIN_BROKEN_LINE:
        return True
    return not blank_between and len(previous) <= _MAX_CELL_FRAGMENT and len(line) <= _MAX_CELL_FRAGMENT


_CELL_LINE = re.compile(r"^[ \u00a0]*\t")  # a table cell the extraction put on a line of its own
MIN_CELL_LINE_ROWS = 3  # groups of cell lines this many, of one size, are a table


def _cell_groups(lines: list[str]) -> list[tuple[int, int]]:
    """(start, end) of each group of cell lines: consecutive lines starting with a tab."""
    groups: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        if _CELL_LINE.match(lines[i]):
            j = i
            while j < len(lines) and _CELL_LINE.match(lines[j]):
                j += 1
            groups.append((i, j))
            i = j
        else:
            i += 1
    return groups


def rows_of_cell_lines(text: str) -> str:
    """A table whose extraction gave every cell a line of its own, rows apart by blank lines
    ("\t农村低保救助对象\n\t40\n\t360\n\n\t脱贫不稳定人口\n\t200\n…"), written back as one line a row with
    its cells tab-separated, as the documents' other tables are. Only runs of at least
    MIN_CELL_LINE_ROWS groups of the same size (two cells or more) count: a lone indented line stays."""
    lines = text.split("\n")
    groups = _cell_groups(lines)
    table: set[int] = set()
    run: list[int] = []
    for k, (start, end) in enumerate(groups):
        size = end - start
        follows = run and size == groups[run[-1]][1] - groups[run[-1]][0] and all(
            not lines[n].strip() for n in range(groups[run[-1]][1], start))
        run = [*run, k] if follows else [k]
        if size >= 2 and len(run) >= MIN_CELL_LINE_ROWS:
            table.update(run)
    if not table:
        return text
    rows = {groups[k][0]: groups[k] for k in table}
    out: list[str] = []
    i = 0
    while i < len(lines):
        if i in rows:
            start, end = rows[i]
            out.append("\t" + "\t".join(line.strip() for line in lines[start:end]))
            i = end
        else:
            out.append(lines[i])
            i += 1
    return "\n".join(out)


def fold_whitespace(text: str, keep_cells: bool = False) -> str:
    """Whitespace of PDF extraction folded: markers and lone brackets dropped, spaces inside words
    removed, sentences broken across lines (or pages) joined, blank lines dropped; a table of one
    cell a line read back as rows. With `keep_cells`, a line of tab-separated cells keeps them
    (`_clean_line`) and is a row of its own: no line is joined to it, nor it to one."""
    out: list[str] = []
    blank_between = False
    for raw_line in rows_of_cell_lines(text).split("\n"):
        line = _clean_line(raw_line, keep_cells)
        if not line.strip(CELL_SEPARATOR) or _LONE_BRACKET_LINE.match(line):
            blank_between = True
            continue
        if out and not (keep_cells and CELL_SEPARATOR in line) and _joins(out[-1], line, blank_between):
            out[-1] += line
        else:
            out.append(line)
        blank_between = False
    return "\n".join(out)


def apply_corrections(text: str, doc_id: str | None) -> tuple[str, list[Correction]]:
    """`text` with the known misprints of `doc_id` corrected, and the corrections that applied."""
    applied = []
    for correction in CORRECTIONS.get(doc_id or "", ()):
        if correction.wrong in text:
            text = text.replace(correction.wrong, correction.right)
            applied.append(correction)
    return text, applied


_MARKDOWN_PREFIX = re.compile(r"^(?:#+\s*|[-*•]\s+)")
_MARKDOWN_LINK = re.compile(r"\[[^\]]*\]\((https?://[^)\s]*)\)")


def strip_markdown(text: str) -> str:
    """Markdown marks of the web-page documents dropped: heading and bullet marks at line starts,
    a link written as [url](url) given once as its address."""
    lines = (_MARKDOWN_PREFIX.sub("", _MARKDOWN_LINK.sub(r"\1", line)) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def clean_with_corrections(text: str, doc_id: str | None = None, keep_cells: bool = False
                           ) -> tuple[str, list[Correction]]:
    """The indexing form of `text` and the misprint corrections that were applied to it
    (`keep_cells`: table cells kept tab-separated, see fold_whitespace)."""
    return apply_corrections(strip_markdown(fold_whitespace(text, keep_cells)), doc_id)


def clean_text(text: str, doc_id: str | None = None, keep_cells: bool = False) -> str:
    """The normalised form of `text` used for indexing (whitespace folded, misprints of `doc_id` corrected);
    `keep_cells` keeps a table's cells tab-separated for a reader that lays them out (bot/answers/sentences.py)."""
    return clean_with_corrections(text, doc_id, keep_cells)[0]
