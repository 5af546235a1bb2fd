"""淮安 全民参保百问百答: one hundred questions (一 … 一百) in groups (参保意愿类 …).

The table of contents at the top lists every question too; the body starts at the last line that
opens question 一, so the contents produce no block. A question's block runs from its heading to
the next question or group heading; a question broken across lines is joined in its title.
"""

from __future__ import annotations

import re

from ingest.parsers.blocks import CN_DIGITS, Block, Line, cn_number, heading_text, lines_of

QUESTION = re.compile(rf"^([{CN_DIGITS}]+)、(.*)$")
GROUP = re.compile(r"^\S{1,8}类$")
QUESTION_END = re.compile(r"[？?]\s*$")
QUESTION_COUNT = 100


def _question_title(lines: list[Line], index: int) -> tuple[str, int]:
    """The full question starting at line `index` and the index of its last line."""
    parts = [lines[index].stripped]
    last = index
    while not QUESTION_END.search(parts[-1]) and last + 1 < len(lines) and len(parts) < 4:
        last += 1
        if lines[last].stripped:
            parts.append(lines[last].stripped)
    if not QUESTION_END.search(parts[-1]):  # not a broken question after all
        return heading_text(parts[0]), index
    return heading_text("".join(parts)), last


def parse(text: str) -> list[Block]:
    lines = lines_of(text)
    body_start = max(i for i, line in enumerate(lines) if line.stripped.startswith("一、"))
    # the group heading just above question 一 opens the body
    while body_start > 0 and not GROUP.match(lines[body_start].stripped):
        body_start -= 1
    heads: list[tuple[int, str, str]] = []  # (line index, "group"|"question", title)
    expected = 1
    i = body_start
    while i < len(lines):
        stripped = lines[i].stripped
        match = QUESTION.match(stripped)
        if match and cn_number(match.group(1)) == expected:
            title, last = _question_title(lines, i)
            heads.append((i, "question", title))
            expected += 1
            i = last + 1
            continue
        if GROUP.match(stripped):
            heads.append((i, "group", stripped))
        i += 1
    if expected != QUESTION_COUNT + 1:
        raise ValueError(f"淮安百问百答: found questions 1..{expected - 1}, expected 1..{QUESTION_COUNT}")

    blocks = []
    group = ""
    for n, (index, what, title) in enumerate(heads):
        if what == "group":
            group = title
            continue
        end = lines[heads[n + 1][0]].start if n + 1 < len(heads) else len(text)
        blocks.append(Block(title, (group, title), "qa", lines[index].start, end, atomic=True))
    return blocks
