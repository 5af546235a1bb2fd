"""What a document parser produces: blocks of the verbatim text with their place in the document."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.clean import clean_text

CN_DIGITS = "一二三四五六七八九十百"


@dataclass(frozen=True)
class Line:
    """One line of a document: its offsets in the text (newline excluded) and its content."""

    start: int
    end: int
    text: str

    @property
    def stripped(self) -> str:
        return self.text.strip()


@dataclass(frozen=True)
class Block:
    """A structural unit of a document (a Q&A pair, an article, a section, a table).

    `start`/`end` are offsets into the verbatim document text. `header` (tables only) is the
    verbatim line(s) repeated at the top of every piece when the block is split. `atomic` blocks
    are never merged with a neighbour, however short.
    """

    title: str
    section: tuple[str, ...]
    kind: str
    start: int
    end: int
    header: str | None = None
    atomic: bool = False


def lines_of(text: str) -> list[Line]:
    lines = []
    position = 0
    for raw in text.split("\n"):
        lines.append(Line(position, position + len(raw), raw))
        position += len(raw) + 1
    return lines


def heading_text(raw: str) -> str:
    """A heading line as a title: markdown marks and image markers dropped, whitespace folded."""
    return clean_text(re.sub(r"^#+\s*", "", raw.strip())).replace("\n", "")


def cn_number(numeral: str) -> int:
    """一 … 九十九, 一百 as an int (the numbering of questions, articles and sections)."""
    values = {c: i for i, c in enumerate("零一二三四五六七八九", start=0)}
    if numeral == "百" or numeral == "一百":
        return 100
    if "十" not in numeral:
        return values[numeral]
    tens, _, units = numeral.partition("十")
    return (values[tens] if tens else 1) * 10 + (values[units] if units else 0)


def next_content_line(lines: list[Line], index: int) -> int | None:
    """Index of the first non-blank line after `index`, or None."""
    for j in range(index + 1, len(lines)):
        if lines[j].stripped:
            return j
    return None
