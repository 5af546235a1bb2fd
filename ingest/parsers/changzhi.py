"""长治 benefit tables: a PDF extraction in two parts, employees (职工医保) then residents (城乡居民医保,
from the "第 二 部 分" marker on). Blocks start at the question headings (…是多少？); the part goes
into the section path, so that employee and resident figures for the same disease stay apart.

The extraction puts some headings after the table they name; a heading with nothing under it
merges into the block that follows (see chunking).
"""

from __future__ import annotations

import re

from ingest.parsers.blocks import Block, heading_text, lines_of

PART_TWO = re.compile(r"^第\s*二\s*部\s*分$")
QUESTION_HEADING = re.compile(r"^\S.{3,48}[？?]$")
PARTS = ("职工医保", "城乡居民医保")


def parse(text: str) -> list[Block]:
    lines = lines_of(text)
    heads: list[tuple[int, str, str]] = []  # (line index, part, title)
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
            last_heading = i
    blocks = []
    if heads and lines[heads[0][0]].start > 0 and text[: lines[heads[0][0]].start].strip():
        blocks.append(Block(PARTS[0], (PARTS[0],), "table", 0, lines[heads[0][0]].start))
    for n, (index, part, title) in enumerate(heads):
        end = lines[heads[n + 1][0]].start if n + 1 < len(heads) else len(text)
        header = lines[index].text
        blocks.append(
            Block(
                title,
                (part, title) if title != part else (part,),
                "table",
                lines[index].start,
                end,
                header=header,
            )
        )
    return blocks
