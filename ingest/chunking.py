"""Structure-aware chunking: documents -> blocks (per-document parsers) -> chunks with metadata.

A block (a Q&A pair, an article, a numbered section, a table) becomes one chunk when it is short
enough. A longer block is split into pieces at its line and sentence ends, preferring its own
numbered sub-headings (（一）…, 1.…) as break points; consecutive pieces overlap by a sentence or a
line, so that no sentence pair is cut apart. A split table repeats its header line(s) at the top of
every piece. A short non-Q&A block (a heading with nothing under it, a page label) is merged into
its neighbour. `Chunk.text` is always verbatim document text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from corpus.catalogue import DocumentEntry, load_catalogue
from ingest.chunk import Chunk
from ingest.clean import clean_with_corrections
from ingest.parsers import parse_document
from ingest.parsers.blocks import Block

MAX_CHARS = 600  # longest piece, in non-whitespace characters
MIN_CHARS = 40  # a non-Q&A block shorter than this merges into a neighbour
MIN_BODY_CHARS = 10  # a non-Q&A block with less than this under its first line merges too
OVERLAP_CHARS = 150  # longest overlap carried from one piece into the next
HEADING_BREAK_CHARS = 200  # a piece this long ends before the next sub-heading
LONGEST_SUBHEADING = 30  # a numbered line longer than this is body text, not a sub-heading
SECTION_SEPARATOR = " > "

_SENTENCE_END = re.compile(r"(?<=[。；！？!?;])")
_SUBHEADING = re.compile(
    r"^(?:#+\s*)?(?:（[一二三四五六七八九十]+）|\d{1,2}\s*[.、．](?!\d)|[一二三四五六七八九十]+、|第[一二三四五六七八九十]+部分)"
)
_WHITESPACE = re.compile(r"\s+")


def measure(text: str) -> int:
    """Length of `text` without whitespace: what the size limits count."""
    return len(_WHITESPACE.sub("", text))


@dataclass(frozen=True)
class _Unit:
    """A line, or a sentence of a long line: the smallest span a piece is built from."""

    start: int
    end: int
    subheading: str | None


@dataclass(frozen=True)
class _Piece:
    text: str
    subheading: str | None


def _only_whitespace_between(text: str, first: Block, second: Block) -> bool:
    return not text[first.end : second.start].strip()


def _is_short(body: str) -> bool:
    """Too short to stand alone: a fragment, or a heading with (almost) nothing under it."""
    first_line, _, rest = body.strip().partition("\n")
    return measure(body) < MIN_CHARS or measure(rest) < MIN_BODY_CHARS


def merge_short_blocks(text: str, blocks: list[Block]) -> list[Block]:
    """Blocks with each short non-atomic block merged into the next one (or else the previous one);
    the merged block keeps the title of the block with content. Empty blocks are dropped."""
    merged: list[Block] = []
    pending: Block | None = None
    for block in blocks:
        if measure(text[block.start : block.end]) == 0:
            continue
        if pending is not None:
            if not block.atomic and _only_whitespace_between(text, pending, block):
                block = Block(block.title, block.section, block.kind, pending.start, block.end, block.header)
            else:
                merged.append(pending)
            pending = None
        if not block.atomic and _is_short(text[block.start : block.end]):
            pending = block
            continue
        merged.append(block)
    if pending is not None:
        last = merged[-1] if merged else None
        if last is not None and not last.atomic and _only_whitespace_between(text, last, pending):
            merged[-1] = Block(last.title, last.section, last.kind, last.start, pending.end, last.header)
        else:
            merged.append(pending)
    return merged


def _subheading(line: str) -> str | None:
    stripped = line.strip()
    if not _SUBHEADING.match(stripped):
        return None
    name = re.sub(r"^#+\s*", "", stripped)
    name = _WHITESPACE.sub("", name)
    return name if len(name) <= LONGEST_SUBHEADING and "。" not in name else ""


def _units(text: str, start: int, end: int, by_sentence: bool) -> list[_Unit]:
    units: list[_Unit] = []
    position = start
    for line in text[start:end].split("\n"):
        line_end = position + len(line)
        if line.strip():
            subheading = _subheading(line)
            if by_sentence and measure(line) > OVERLAP_CHARS:
                cursor = position
                for sentence in _SENTENCE_END.split(line):
                    if sentence:
                        units.append(
                            _Unit(cursor, cursor + len(sentence), subheading if cursor == position else None)
                        )
                        cursor += len(sentence)
            else:
                units.append(_Unit(position, line_end, subheading))
        position = line_end + 1
    return units


def _overlap(text: str, units: list[_Unit]) -> list[_Unit]:
    """The last unit of a piece, carried into the next one when short enough: every two
    neighbouring units then share a piece."""
    last = units[-1]
    return [last] if measure(text[last.start : last.end]) <= OVERLAP_CHARS else []


def split_block(text: str, block: Block) -> list[_Piece]:
    """The pieces of one block: the block itself if short enough, else overlapping pieces."""
    body = text[block.start : block.end]
    if measure(body) <= MAX_CHARS:
        return [_Piece(body.strip(), None)]

    def size_of(unit: _Unit) -> int:
        return measure(text[unit.start : unit.end])

    is_table = block.header is not None
    header = block.header.strip() if is_table else ""
    units = _units(text, block.start, block.end, by_sentence=not is_table)
    budget = MAX_CHARS - (measure(header) if is_table else 0)
    groups: list[list[_Unit]] = []
    current: list[_Unit] = []
    fresh = 0  # units of `current` not carried over from the previous piece
    for unit in units:
        size = sum(size_of(u) for u in current)
        at_heading = unit.subheading is not None and size >= HEADING_BREAK_CHARS
        if fresh and (size + size_of(unit) > budget or at_heading):
            carried: list[_Unit] = []  # sub-headings at the end belong to the piece that follows
            while len(current) > 1 and current[-1].subheading:
                carried.insert(0, current.pop())
            groups.append(current)
            current = carried or ([] if at_heading else _overlap(text, current))
            if sum(size_of(u) for u in current) + size_of(unit) > budget:
                current = []  # no room for the overlap beside a long unit
            fresh = len(current) if carried else 0
        current.append(unit)
        fresh += 1
    if fresh:
        groups.append(current)

    pieces = []
    heading: str | None = None
    for index, group in enumerate(groups):
        for unit in units:
            if unit.start > group[0].start:
                break
            if unit.subheading:
                heading = unit.subheading
        span = text[group[0].start : group[-1].end].strip()
        if is_table and index > 0 and not span.startswith(header):
            span = f"{header}\n{span}"
        pieces.append(_Piece(span, heading))
    return pieces


def _chunk(entry: DocumentEntry, block: Block, piece: _Piece, order: int) -> Chunk:
    cleaned, corrections = clean_with_corrections(piece.text, entry.id)
    section = list(block.section)
    if piece.subheading and piece.subheading not in section:
        section.append(piece.subheading)
    extra = {}
    if corrections:
        extra["corrections"] = "；".join(c.describe() for c in corrections)
    return Chunk(
        doc_id=entry.id,
        city=entry.city,
        title=block.title,
        section=SECTION_SEPARATOR.join(section),
        kind=block.kind,
        text=piece.text,
        clean_text=cleaned,
        order=order,
        published=entry.published.isoformat() if entry.published else None,
        source_url=entry.source_url,
        doc_title=entry.title,
        extra=extra,
    )


def chunk_document(entry: DocumentEntry) -> list[Chunk]:
    """The chunks of one catalogued document, in document order (`order` 0..n-1)."""
    text = entry.read_text()
    blocks = merge_short_blocks(text, parse_document(entry.id, text))
    chunks: list[Chunk] = []
    for block in blocks:
        for piece in split_block(text, block):
            if measure(piece.text):
                chunks.append(_chunk(entry, block, piece, len(chunks)))
    return chunks


def chunk_corpus() -> list[Chunk]:
    """The chunks of every document of the catalogue, in catalogue order."""
    return [chunk for entry in load_catalogue() for chunk in chunk_document(entry)]
