"""长春 城乡居民医保政策手册: an introduction, 45 numbered questions in nine groups (一、医保住院待遇 …),
then two guides as tables (参保缴费指南, 待遇指南).

A short line without punctuation just above a question (普通住院, 门诊特殊疾病政策 …) is its topic
and goes into the section path rather than into the previous answer.
"""

from __future__ import annotations

import re

from ingest.parsers.blocks import Block, Line, heading_text, lines_of

GROUP = re.compile(r"^[一二三四五六七八九]、\S{2,10}$")
QUESTION = re.compile(r"^(?:💡\s*)?(\d{1,2})\s*[.、．]\s*(\S.*)$")
TABLE_TITLE = re.compile(r"^长春市城乡居民医疗保险\S*指南$")
TOPIC = re.compile(r"^[\u4e00-\u9fff]{2,10}$")
QUESTION_COUNT = 45


def _previous_content(lines: list[Line], index: int) -> int | None:
    for j in range(index - 1, -1, -1):
        if lines[j].stripped:
            return j
    return None


def _table_blocks(text: str, lines: list[Line], starts: list[int]) -> list[Block]:
    blocks = []
    for n, index in enumerate(starts):
        end_line = starts[n + 1] if n + 1 < len(starts) else len(lines)
        content = [line for line in lines[index:end_line] if line.stripped]
        title = heading_text(content[0].text)
        guide = "参保缴费指南" if "缴费" in title else "待遇指南"
        header = "\n".join(line.text for line in content[:2])
        end = lines[end_line].start if end_line < len(lines) else len(text)
        blocks.append(Block(title, (guide,), "table", lines[index].start, end, header=header))
    return blocks


def parse(text: str) -> list[Block]:
    lines = lines_of(text)
    table_starts = [i for i, line in enumerate(lines) if TABLE_TITLE.match(line.stripped)]
    first_table = table_starts[0] if table_starts else len(lines)
    heads: list[tuple[int, str, str]] = []  # (first line index, kind of head, text)
    expected = 1
    for i, line in enumerate(lines[:first_table]):
        stripped = line.stripped
        if GROUP.match(stripped):
            heads.append((i, "group", stripped))
            continue
        match = QUESTION.match(stripped)
        if match and int(match.group(1)) == expected:
            start = i
            topic = ""
            before = _previous_content(lines, i)
            if before is not None and TOPIC.match(lines[before].stripped) and heads:
                start, topic = before, lines[before].stripped
            heads.append((start, "question", f"{topic}\t{heading_text(stripped.removeprefix('💡'))}"))
            expected += 1
    if expected != QUESTION_COUNT + 1:
        raise ValueError(f"长春政策手册: found questions 1..{expected - 1}, expected 1..{QUESTION_COUNT}")

    intro_end = lines[heads[0][0]].start
    blocks = [Block(heading_text(lines[2].text) or "政策手册", ("前言",), "text", 0, intro_end)]
    group = ""
    topic = ""
    for n, (index, what, head) in enumerate(heads):
        if what == "group":
            group, topic = heading_text(head), ""
            intro_end = lines[heads[n + 1][0]].start if n + 1 < len(heads) else len(text)
            if text[lines[index].end : intro_end].strip():  # the group opens with an introduction
                blocks.append(Block(group, (group,), "section", lines[index].start, intro_end))
            continue
        new_topic, question = head.split("\t")
        topic = new_topic or topic
        end_line = heads[n + 1][0] if n + 1 < len(heads) else first_table
        end = lines[end_line].start if end_line < len(lines) else len(text)
        section = tuple(part for part in (group, topic, question) if part)
        blocks.append(Block(question, section, "qa", lines[index].start, end, atomic=True))
    return blocks + _table_blocks(text, lines, table_starts)
