"""Staff links of a question to the passage that answers it (问题关联), used before ranking.

A call-centre agent links an unanswered or 👎 question to the right passage; from then on that
question, and its close paraphrases, are answered from the linked passage. A paraphrase is close
when its canonical words (synonyms folded by the lexicon, particles left out) overlap the linked
question's by at least `PARAPHRASE_OVERLAP` (Jaccard); the link is used only when the composer
answers from the linked passage.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ingest.lexicon import tokenize

PARAPHRASE_OVERLAP = 0.7


@dataclass(frozen=True)
class Link:
    question_norm: str
    target_id: str  # a chunk id


@lru_cache(maxsize=4096)
def _tokens(text: str) -> frozenset[str]:
    """Canonical words of two characters or more (single characters are mostly particles: 吗, 还)."""
    return frozenset(t for t in tokenize(text) if len(t) >= 2)


def overlap(a: str, b: str) -> float:
    """Jaccard overlap of two texts' canonical tokens."""
    ta, tb = _tokens(a), _tokens(b)
    return len(ta & tb) / len(ta | tb) if ta and tb else 0.0


def links_from_rows(rows: Iterable[Mapping[str, Any]]) -> list[Link]:
    """The live chunk links among the store's annotation rows (newest first, as the store gives them)."""
    return [Link(str(r["question_norm"]), str(r["target_id"])) for r in rows
            if r.get("target_kind") == "chunk" and not r.get("revoked_at") and r.get("question_norm")]


def linked_unit(question_norm: str, links: Iterable[Link], threshold: float = PARAPHRASE_OVERLAP) -> str | None:
    """The chunk id linked to this question or its closest paraphrase, or None (newest link wins ties)."""
    best: tuple[float, str] | None = None
    for link in links:
        if link.question_norm == question_norm:
            return link.target_id
        score = overlap(question_norm, link.question_norm)
        if score >= threshold and (best is None or score > best[0]):
            best = (score, link.target_id)
    return best[1] if best else None
