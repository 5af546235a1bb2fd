"""The document catalogue: which source documents exist and what is known about each."""

from __future__ import annotations

import datetime as dt
from functools import cache, lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict

from corpus import CATALOGUE_PATH, DOCUMENTS_DIR

CITIES = ("连云港", "淮安", "长春", "长治", "随州")


class DocumentEntry(BaseModel):
    """One source document as listed in `catalogue.yaml`."""

    model_config = ConfigDict(frozen=True)

    id: str
    city: str
    title: str
    publisher: str | None = None
    published: dt.date | None = None
    effective_from: dt.date | None = None
    effective_to: dt.date | None = None
    source_url: str | None = None
    file: str
    kind: str

    @property
    def path(self) -> Path:
        return DOCUMENTS_DIR / self.file

    def read_text(self) -> str:
        return self.path.read_text(encoding="utf-8")


class UnknownDocument(KeyError):
    """A document id that the catalogue does not list."""


@lru_cache(maxsize=1)
def load_catalogue(path: Path = CATALOGUE_PATH) -> tuple[DocumentEntry, ...]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    entries = tuple(DocumentEntry(**item) for item in raw["documents"])
    unknown = [e.id for e in entries if e.city not in CITIES]
    if unknown:
        raise ValueError(f"{path}: documents with a city outside {CITIES}: {unknown}")
    return entries


def get_document(doc_id: str) -> DocumentEntry:
    for entry in load_catalogue():
        if entry.id == doc_id:
            return entry
    known = ", ".join(e.id for e in load_catalogue())
    raise UnknownDocument(f"unknown document id {doc_id!r}; the catalogue lists: {known}")


@cache
def document_text(doc_id: str) -> str:
    """The verbatim text of a document, as stored in corpus/documents."""
    return get_document(doc_id).read_text()
