"""长治 benefit tables: a PDF extraction in two parts, employees (职工医保) then residents (城乡居民医保,
from the "第 二 部 分" marker on). Blocks start at the question headings (…是多少？); the part goes
into the section path, so that employee and resident figures for the same disease stay apart.

The extraction puts some headings after the table they name; a heading with nothing under it
merges into the block that follows (see chunking). An indented paragraph that cites its rule
(按照《…》规定 …) standing right above a heading introduces that heading's table and starts its block.
"""

from __future__ import annotations

import re

from ingest.parsers.blocks import Block, heading_text, lines_of

PART_TWO = re.compile(r"^第\s*二\s*部\s*分$")
QUESTION_HEADING = re.compile(r"^\S.{3,48}[？?]$")
PARTS = ("职工医保", "城乡居民医保")
LEAD_IN = re.compile(r"^\s+按照《")
LEAD_IN_MAX_LINES = 10


def _lead_in(lines, index: int) -> int:
    """The first line of a lead-in paragraph right above the heading at `index`, else `index`
    (the extraction leaves blank lines between the lines of a paragraph)."""
    seen = 0
    for j in range(index - 1, -1, -1):
        stripped = lines[j].stripped
        if not stripped:
            continue
        if LEAD_IN.match(lines[j].text):
            return j
        seen += 1
        if seen >= LEAD_IN_MAX_LINES or QUESTION_HEADING.match(stripped) or stripped[-1] not in "。，、）》" \
                and j != index - 1 and not _continues(stripped):
            return index
    return index


def _continues(line: str) -> bool:
    """A line of running prose (no table cells): the paragraph may go on above it."""
    return " " not in line and not re.search(r"\d+元", line)


def parse(text: str) -> list[Block]:
    lines = lines_of(text)
    heads: list[tuple[int, str, str]] = []  # (line index, part, title)
    starts: dict[int, int] = {}  # heading line -> first line of its block
    part = PARTS[0]
    last_heading = 0
    for i, line in enumerate(lines):
        stripped = line.stripped
        if PART_TWO.match(stripped):
            part = PARTS[1]
            heads.append((i, part, part))
        elif QUESTION_HEADING.match(stripped):
            if heads and heads[-1][1] == part and not text[lines[last_heading].end : line.start].strip():
                # headings in a row: the block starts at the first and is named by the last
                heads[-1] = (heads[-1][0], part, heading_text(stripped))
            else:
                heads.append((i, part, heading_text(stripped)))
                starts[i] = _lead_in(lines, i)
            last_heading = i
    blocks = []
    def start_of(index: int) -> int:
        return lines[starts.get(index, index)].start

    if heads and start_of(heads[0][0]) > 0 and text[: start_of(heads[0][0])].strip():
        blocks.append(Block(PARTS[0], (PARTS[0],), "table", 0, start_of(heads[0][0])))
    for n, (index, part, title) in enumerate(heads):
        end = start_of(heads[n + 1][0]) if n + 1 < len(heads) else len(text)
        header = lines[index].text
        blocks.append(
            Block(
                title,
                (part, title) if title != part else (part,),
                "table",
                start_of(index),
                end,
                header=header,
            )
        )
    return blocks
