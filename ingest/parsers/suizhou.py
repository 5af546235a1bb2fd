"""随州 resident brochure: a PDF extraction of slides. Parts 01-04 (政策背景与意义, 参保缴费, 门诊待遇,
住院待遇) repeat their heading on every page ("[image: ]三、 门诊待遇"); a page's topic is a
sub-heading after an image marker ("[image: ]  门诊统筹") or a table title (基本救助, 倾斜救助 …).
Blocks start at page headings, topics and table titles; the part goes into the section path.
"""

from __future__ import annotations

import re

from ingest.parsers.blocks import Block, Line, heading_text, lines_of

PART_MARKER = re.compile(r"^0([1-9])\s+(\S.*)$")
PAGE_HEADING = re.compile(r"^(?:\[image:\s*\]\s*)*([一二三四五六七八九十])、\s*(\S.*)$")
TOPIC = re.compile(r"^\[image:\s*\]\s{2,}([^。，\s].{1,30})$")
TABLE_TITLE = re.compile(r"^\S{2,12}(?:政策|救助|流程)$")
CN_ORDINALS = "一二三四五六七八九"
TABLE_CELLS = 3  # a block with at least this many tab-indented lines is a table


def _block_kind(body: str) -> str:
    cells = sum(1 for line in body.split("\n") if line.startswith("\t"))
    return "table" if cells >= TABLE_CELLS else "section"


def _is_row_label(lines: list[Line], index: int) -> bool:
    """A cell of a table row (tab-indented, or followed at once by the row's tab-indented cells)."""
    following = lines[index + 1].text if index + 1 < len(lines) else ""
    return lines[index].text.startswith("\t") or following.startswith("\t")


def parse(text: str) -> list[Block]:
    lines = lines_of(text)
    heads: list[tuple[int, str, str]] = []  # (line index, part, title)
    part = ""
    after_page = False  # the first line under a page heading is the page's title
    for i, line in enumerate(lines):
        stripped = line.stripped
        if not stripped:
            continue
        marker = PART_MARKER.match(stripped)
        page = PAGE_HEADING.match(stripped)
        topic = TOPIC.match(stripped)
        if marker:
            part = f"{CN_ORDINALS[int(marker.group(1)) - 1]}、{heading_text(marker.group(2))}"
            heads.append((i, part, part))
        elif page:
            part = f"{page.group(1)}、{heading_text(page.group(2))}"
            heads.append((i, part, part))
        elif topic:
            heads.append((i, part, heading_text(topic.group(1))))
        elif TABLE_TITLE.match(stripped) and (after_page or not _is_row_label(lines, i)):
            heads.append((i, part, heading_text(stripped)))
        after_page = bool(page)
    blocks = []
    for n, (index, part, title) in enumerate(heads):
        start = lines[index].start
        end = lines[heads[n + 1][0]].start if n + 1 < len(heads) else len(text)
        section = (part,) if title == part else (part, title)
        kind = _block_kind(text[start:end])
        blocks.append(
            Block(title, section, kind, start, end, header=lines[index].text if kind == "table" else None)
        )
    return blocks
