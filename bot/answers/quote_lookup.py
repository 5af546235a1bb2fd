"""Find the passage (chunk) of a document that holds a rule's quote, so a citation can expand to it."""

from __future__ import annotations

import re
from functools import lru_cache

from ingest.chunk import Chunk
from ingest.chunking import chunk_corpus

_WS = re.compile(r"\s+")


def squeeze(text: str) -> str:
    return _WS.sub("", text)


@lru_cache(maxsize=1)
def _chunks_by_doc() -> dict[str, list[tuple[str, Chunk]]]:
    by_doc: dict[str, list[tuple[str, Chunk]]] = {}
    for chunk in chunk_corpus():
        by_doc.setdefault(chunk.doc_id, []).append((squeeze(chunk.text), chunk))
    return by_doc


def chunk_with_quote(doc_id: str, quote: str) -> Chunk | None:
    """The first chunk of `doc_id` whose text holds `quote` (whitespace ignored); None if none does."""
    needle = squeeze(quote.split(" … ")[0])
    for text, chunk in _chunks_by_doc().get(doc_id, []):
        if needle and needle in text:
            return chunk
    return None
