"""The unit of retrieval: a chunk of one source document with its metadata."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field

CHUNK_KINDS = ("qa", "article", "section", "table", "text")


@dataclass(frozen=True)
class Chunk:
    """A retrievable piece of a document.

    `text` is verbatim from the document (what a citation shows); `clean_text` is the
    normalised form that is embedded and indexed (whitespace of PDF extraction folded,
    known misprints corrected). `title` is the Q&A question, article or section heading.
    """

    doc_id: str
    city: str
    title: str
    section: str  # section path, e.g. "参保缴费类 > 三十七、什么时间缴纳居民医保费？"
    kind: str  # one of CHUNK_KINDS
    text: str
    clean_text: str
    order: int  # position of the chunk within its document
    published: str | None = None  # ISO date of the document
    source_url: str | None = None
    doc_title: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def chunk_id(self) -> str:
        return f"{self.doc_id}#{self.order:04d}"

    @property
    def content_hash(self) -> str:
        """Hash of what is embedded: a chunk whose hash is unchanged needs no new embedding."""
        return hashlib.sha256(f"{self.title}\n{self.clean_text}".encode()).hexdigest()

    def metadata(self) -> dict[str, str | int]:
        """Flat metadata as stored beside the vector (Chroma accepts str/int/float/bool only)."""
        meta = asdict(self)
        meta.pop("extra")
        meta.pop("clean_text")
        meta["chunk_id"] = self.chunk_id
        meta["published"] = self.published or ""
        meta["source_url"] = self.source_url or ""
        meta.update({f"x_{k}": v for k, v in self.extra.items()})
        return meta
