"""Similar questions (相似问): how residents ask for each unit of the index, from `corpus/similar_questions/`.

One YAML file per document:

```yaml
doc_id: ha-2026-100qa
units:
  - section: 参保缴费类 > 十九、城乡居民错过集中征缴时间还可以参保吗？
    questions: [错过集中征缴期还能交吗, …]
  - section: 参保意愿类 > 十三、如果不参保，会有什么影响？
    part: 2            # the second unit of a section split into several (default 1)
    questions: […]
  - section: 前言
    skip: 标题与导语    # a unit with nothing a resident asks for, said so explicitly
```

A unit is named by its document, its section path and its place among the units of that section
(`UnitKey`), never by its order number in the document: a change of chunking elsewhere in the
document leaves the keys resolving. `resolve` maps the entries onto chunks; `problems` lists every
entry that names no unit and every unit without an entry (the test of the corpus requires none).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from corpus import CORPUS_DIR
from ingest.chunk import Chunk

SIMILAR_QUESTIONS_DIR = CORPUS_DIR / "similar_questions"


@dataclass(frozen=True, order=True)
class UnitKey:
    doc_id: str
    section: str
    part: int = 1

    def describe(self) -> str:
        return f"{self.doc_id} | {self.section}" + (f" (part {self.part})" if self.part > 1 else "")


class UnitEntry(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    section: str
    part: int = Field(default=1, ge=1)
    questions: list[str] = Field(default_factory=list)
    skip: str | None = None  # why the unit gets no questions

    @model_validator(mode="after")
    def _questions_or_skip(self) -> UnitEntry:
        if bool(self.questions) == bool(self.skip):
            raise ValueError(f"unit {self.section!r} (part {self.part}): give either questions or a skip reason")
        if any(not q.strip() for q in self.questions):
            raise ValueError(f"unit {self.section!r} (part {self.part}): an empty question")
        return self


class DocumentQuestions(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    doc_id: str
    units: list[UnitEntry]


@dataclass(frozen=True)
class SimilarQuestion:
    """One phrasing of a unit: the question text and the chunk it asks for."""

    chunk_id: str
    city: str
    text: str

    @property
    def content_hash(self) -> str:
        """Key of its embedding in the cache (questions are embedded as queries, so the hash is
        kept apart from the passages' hashes)."""
        return hashlib.sha256(f"similar-question\n{self.text}".encode()).hexdigest()


def question_files(directory: Path | None = None) -> list[Path]:
    directory = Path(directory or SIMILAR_QUESTIONS_DIR)
    return sorted(directory.glob("*.yaml")) if directory.is_dir() else []


def digest(directory: Path | None = None) -> str:
    """Hash of the similar-questions files: what is indexed depends on them."""
    hasher = hashlib.sha256()
    for path in question_files(directory):
        hasher.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return hasher.hexdigest()


def load(directory: Path | None = None) -> list[DocumentQuestions]:
    """Every file of `directory`, validated; ValueError naming the file when one is malformed."""
    documents = []
    for path in question_files(directory):
        try:
            raw = yaml.safe_load(path.read_text(encoding="utf-8"))
            documents.append(DocumentQuestions.model_validate(raw))
        except Exception as exc:  # yaml.YAMLError, pydantic.ValidationError
            raise ValueError(f"{path.name}: {exc}") from exc
    return documents


def unit_keys(chunks: Sequence[Chunk]) -> dict[UnitKey, Chunk]:
    """The key of every chunk: its document, section path and place among that section's chunks."""
    seen: Counter[tuple[str, str]] = Counter()
    keys: dict[UnitKey, Chunk] = {}
    for chunk in sorted(chunks, key=lambda c: (c.doc_id, c.order)):
        seen[(chunk.doc_id, chunk.section)] += 1
        keys[UnitKey(chunk.doc_id, chunk.section, seen[(chunk.doc_id, chunk.section)])] = chunk
    return keys


def entries(documents: Iterable[DocumentQuestions]) -> list[tuple[UnitKey, UnitEntry]]:
    return [(UnitKey(doc.doc_id, unit.section, unit.part), unit) for doc in documents for unit in doc.units]


def problems(chunks: Sequence[Chunk], documents: Iterable[DocumentQuestions]) -> list[str]:
    """What is wrong between the files and the chunks: entries naming no unit, units named twice,
    units without an entry. Empty when every unit has exactly one entry."""
    keys = unit_keys(chunks)
    found: list[str] = []
    named: Counter[UnitKey] = Counter()
    for key, _ in entries(documents):
        named[key] += 1
        if key not in keys:
            found.append(f"entry names no unit: {key.describe()}")
    found += [f"unit has {n} entries: {key.describe()}" for key, n in named.items() if n > 1]
    found += [f"unit has no entry: {key.describe()} ({chunk.chunk_id})" for key, chunk in keys.items()
              if key not in named]
    return found


def resolve(chunks: Sequence[Chunk], documents: Iterable[DocumentQuestions] | None = None) -> list[SimilarQuestion]:
    """The questions of every entry that names a unit of `chunks`, in chunk order (entries naming
    no unit are left out here; `problems` reports them)."""
    documents = load() if documents is None else documents
    keys = unit_keys(chunks)
    by_chunk: dict[str, list[str]] = {}
    for key, entry in entries(documents):
        chunk = keys.get(key)
        if chunk is not None:
            by_chunk.setdefault(chunk.chunk_id, []).extend(q.strip() for q in entry.questions)
    questions = []
    for chunk in chunks:
        for text in dict.fromkeys(by_chunk.get(chunk.chunk_id, [])):
            questions.append(SimilarQuestion(chunk.chunk_id, chunk.city, text))
    return questions
