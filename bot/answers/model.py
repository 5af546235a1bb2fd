"""The answer every interface returns (CLI, API, web page, evaluation): `Answer.to_dict()` is its JSON."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Citation:
    """A numbered source of an answer; `text` is the verbatim passage it expands to."""

    n: int
    doc_id: str
    city: str
    title: str  # document title
    section: str
    published: str | None
    source_url: str | None
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "n": self.n, "doc_id": self.doc_id, "city": self.city, "title": self.title,
            "section": self.section, "published": self.published, "source_url": self.source_url,
            "text": self.text,
        }


@dataclass(frozen=True)
class FollowUp:
    """A short question back to the resident, with the choices the page shows as buttons."""

    question: str
    choices: tuple[str, ...] = ()
    slot: str | None = None  # which input it asks for

    def to_dict(self) -> dict[str, Any]:
        return {"question": self.question, "choices": list(self.choices)}


@dataclass
class Answer:
    answer: str
    intent: str
    refused: bool = False
    citations: list[Citation] = field(default_factory=list)
    calculation: dict[str, Any] | None = None  # calculators.result.Result.to_dict()
    follow_up: FollowUp | None = None
    session_id: str | None = None
    city: str | None = None
    timings_ms: dict[str, float] = field(default_factory=dict)
    retrieved: list[dict[str, Any]] = field(default_factory=list)  # passages considered, for evaluation

    def to_dict(self) -> dict[str, Any]:
        return {
            "answer": self.answer,
            "intent": self.intent,
            "refused": self.refused,
            "citations": [c.to_dict() for c in self.citations],
            "calculation": self.calculation,
            "follow_up": self.follow_up.to_dict() if self.follow_up else None,
            "session_id": self.session_id,
            "city": self.city,
        }
