"""连云港 documents: the 2017 measures (articles 第X条), the 2018 and 2026 notices (numbered sections
一、 … with sub-sections 1. …) and the 2024 public Q&A (one question and its reply).

Each document opens with a header (时间/来源/原文链接) and a preamble, kept as one `text` block.
"""

from __future__ import annotations

import re

from ingest.parsers.blocks import CN_DIGITS, Block, Line, cn_number, heading_text, lines_of

ARTICLE = re.compile(rf"^(?:#+\s*)?第([{CN_DIGITS}]+)条\s*(.*)$")
SECTION = re.compile(rf"^(?:#+\s*)?([{CN_DIGITS}]+)、\s*(.*)$")
DOCUMENT_TITLE = re.compile(r"^#+\s*\d+\.\s*(.+)$")
LONGEST_NAME = 30  # a longer first sentence after 第X条 / 一、 is body text, not a name


def _heading_title(number: str, rest: str, separator: str) -> str:
    name = heading_text(rest).split("。")[0]
    if not name or len(name) > LONGEST_NAME:
        return number
    return f"{number}{separator}{name}"


def _numbered_blocks(
    text: str, pattern: re.Pattern[str], kind: str, label: str, separator: str
) -> list[Block]:
    """Blocks at headings numbered 一, 二, … in sequence (a stray match out of sequence is body text)."""
    lines = lines_of(text)
    heads: list[tuple[Line, str]] = []
    expected = 1
    for line in lines:
        match = pattern.match(line.stripped)
        if match and cn_number(match.group(1)) == expected:
            number = label.format(match.group(1))
            heads.append((line, _heading_title(number, match.group(2), separator)))
            expected += 1
    if not heads:
        raise ValueError(f"连云港: no {kind} headings found")
    first = heads[0][0].start
    title_match = DOCUMENT_TITLE.match(lines[0].stripped)
    preamble_title = heading_text(title_match.group(1)) if title_match else heading_text(lines[0].text)
    blocks = [Block(preamble_title, ("前言",), "text", 0, first)]
    for n, (line, title) in enumerate(heads):
        end = heads[n + 1][0].start if n + 1 < len(heads) else len(text)
        blocks.append(Block(title, (title,), kind, line.start, end, atomic=True))
    return blocks


def parse_measures(text: str) -> list[Block]:
    return _numbered_blocks(text, ARTICLE, "article", "第{}条", " ")


def parse_notice(text: str) -> list[Block]:
    return _numbered_blocks(text, SECTION, "section", "{}、", "")


def parse_public_qa(text: str) -> list[Block]:
    start = text.index("市民咨询")
    question = re.match(r"市民咨询[：:]\s*(.+)", text[start:].split("\n")[0])
    title = heading_text(question.group(1)) if question else heading_text(text[start:].split("\n")[0])
    return [Block(title, (title,), "qa", start, len(text), atomic=True)]
