"""A ranked passage of the index: the light type that retrieval returns and answers cite.

It imports no backend, so the composer and the web layer can use it without loading Chroma.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Passage:
    chunk_id: str
    doc_id: str
    city: str
    title: str
    section: str
    kind: str
    published: str | None
    score: float
    text: str  # verbatim from the document
    doc_title: str = ""
    source_url: str | None = None
    # On the first passage of a ranked search: the ranker's calibrated probability that it is the
    # passage asked for (None when no model ranked the search).
    confidence: float | None = None

    def to_dict(self) -> dict:
        return {
            "doc_id": self.doc_id,
            "city": self.city,
            "title": self.title,
            "section": self.section,
            "kind": self.kind,
            "published": self.published,
            "score": round(self.score, 6),
            "text": self.text,
        }
