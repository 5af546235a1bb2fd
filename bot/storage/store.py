"""What residents tell us and what staff do with it, in the shared database (`bot.storage.db`).

Feedback on answers, questions the bot could not answer, and staff annotations (a question
pointed at the chunk or fact that answers it). Rows are listed newest first as dicts with their
`id`; staff mark feedback and unanswered rows handled, and revoke annotations (kept, never
deleted, so what was changed and by whom stays visible).

Personal data (ID, phone and card numbers, names, addresses …) is redacted before anything is
written, whichever method writes it.

`Store(path)` opens a SQLite file (the earlier raw-sqlite `yibao.sqlite` is migrated in place);
`Store("postgresql+psycopg://…")` or any SQLAlchemy URL opens that database.
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import Table, insert, select, update
from sqlalchemy.engine import Engine

from bot.storage.db import (
    annotations_table,
    feedback_table,
    make_engine,
    sqlite_url,
    unanswered_table,
    writing,
)
from bot.storage.redact import redact
from bot.understanding.normalize import clean_input, normalize

TARGET_KINDS = ("chunk", "fact")
HANDLED_KINDS = {"unanswered": unanswered_table, "feedback": feedback_table}
Moment = float | dt.datetime | dt.date | None


def _is_url(location: str) -> bool:
    return "://" in location


def _timestamp(moment: Moment) -> float | None:
    """Seconds since the epoch of a float, a datetime (naive = local time) or a date (its midnight)."""
    if moment is None or isinstance(moment, int | float):
        return moment
    if isinstance(moment, dt.datetime):
        return moment.timestamp()
    return dt.datetime.combine(moment, dt.time()).timestamp()


def _redacted(text: str | None) -> str | None:
    return None if text is None else redact(text)


class Store:
    def __init__(self, location: Path | str | None = None, *, engine: Engine | None = None):
        """`location`: a SQLite file path, ":memory:", or a database URL; or an `engine` already made."""
        if engine is None:
            if location is None:
                raise ValueError("Store needs a path, a database URL or an engine")
            text = str(location)
            engine = make_engine(text if _is_url(text) else sqlite_url(location))
        self.engine = engine
        self.path = Path(str(location)) if location is not None and not _is_url(str(location)) else None

    # -- residents ---------------------------------------------------------------------------

    def add_feedback(self, question: str, answer: str, rating: int, comment: str | None = None,
                     session_id: str | None = None) -> int:
        if rating not in (-1, 1):
            raise ValueError("rating must be 1 (helpful) or -1 (not helpful)")
        return self._insert(feedback_table, created=time.time(), session_id=_redacted(session_id),
                            question=redact(question), answer=redact(answer), rating=rating,
                            comment=redact(comment) if comment else None)

    def add_unanswered(self, question: str, reason: str, city: str | None = None) -> int:
        return self._insert(unanswered_table, created=time.time(), city=_redacted(city),
                            question=redact(question), reason=reason)

    # -- staff -------------------------------------------------------------------------------

    def unanswered(self, limit: int = 100, city: str | None = None, reason: str | None = None,
                   since: Moment = None, until: Moment = None, handled: bool | None = None) -> list[dict[str, Any]]:
        """Newest first; `since` inclusive, `until` exclusive; `handled` True/False filters on it."""
        table = unanswered_table
        query = self._listing(table, limit, since, until, handled)
        if city is not None:
            query = query.where(table.c.city == city)
        if reason is not None:
            query = query.where(table.c.reason == reason)
        return self._rows(query)

    def feedback(self, limit: int = 100, rating: int | None = None, handled: bool | None = None,
                 since: Moment = None, until: Moment = None) -> list[dict[str, Any]]:
        """Newest first; `since` inclusive, `until` exclusive; `handled` True/False filters on it."""
        query = self._listing(feedback_table, limit, since, until, handled)
        if rating is not None:
            query = query.where(feedback_table.c.rating == rating)
        return self._rows(query)

    def mark_handled(self, kind: Literal["unanswered", "feedback"], row_id: int, staff: str) -> bool:
        """Record that `staff` handled the row now; False when there is no such row. Marking a row
        handled again records the later handling."""
        table = HANDLED_KINDS.get(kind)
        if table is None:
            raise ValueError(f"kind must be one of {sorted(HANDLED_KINDS)}, got {kind!r}")
        return self._update(table, row_id, handled_at=time.time(), handled_by=self._staff(staff))

    def add_annotation(self, question: str, target_kind: Literal["chunk", "fact"], target_id: str,
                       staff: str) -> int:
        """Point `question` at a chunk or fact id; returns the annotation's id. The question is kept
        redacted, with its normalised form (`question_norm`) to look it up by."""
        if target_kind not in TARGET_KINDS:
            raise ValueError(f"target_kind must be one of {TARGET_KINDS}, got {target_kind!r}")
        kept = redact(clean_input(question))
        if not kept:
            raise ValueError("an annotation needs a question")
        target = clean_input(target_id, 200)
        if not target:
            raise ValueError("an annotation needs a target id")
        return self._insert(annotations_table, created=time.time(), staff=self._staff(staff), question=kept,
                            question_norm=normalize(kept), target_kind=target_kind, target_id=target)

    def revoke_annotation(self, annotation_id: int, staff: str) -> bool:
        """Revoke an annotation (kept, marked revoked by `staff`); False when there is no such
        annotation or it was revoked already (the first revocation stands)."""
        table = annotations_table
        with writing(self.engine) as conn:
            done = conn.execute(update(table).where(table.c.id == annotation_id, table.c.revoked_at.is_(None))
                                .values(revoked_at=time.time(), revoked_by=self._staff(staff)))
        return done.rowcount == 1

    def annotations(self, include_revoked: bool = True) -> list[dict[str, Any]]:
        """Newest first."""
        query = select(annotations_table).order_by(annotations_table.c.id.desc())
        if not include_revoked:
            query = query.where(annotations_table.c.revoked_at.is_(None))
        return self._rows(query)

    def close(self) -> None:
        """Release pooled connections (the engine is shared per URL in the process; it reconnects
        when used again)."""
        self.engine.dispose()

    # -- helpers -----------------------------------------------------------------------------

    @staticmethod
    def _staff(staff: str) -> str:
        name = redact(clean_input(staff, 64))
        if not name:
            raise ValueError("a staff member's name is needed")
        return name

    def _insert(self, table: Table, **values: Any) -> int:
        with writing(self.engine) as conn:
            return int(conn.execute(insert(table).values(**values)).inserted_primary_key[0])

    def _update(self, table: Table, row_id: int, **values: Any) -> bool:
        with writing(self.engine) as conn:
            done = conn.execute(update(table).where(table.c.id == row_id).values(**values))
        return done.rowcount == 1

    @staticmethod
    def _listing(table: Table, limit: int, since: Moment, until: Moment, handled: bool | None):
        query = select(table).order_by(table.c.id.desc()).limit(limit)
        if since is not None:
            query = query.where(table.c.created >= _timestamp(since))
        if until is not None:
            query = query.where(table.c.created < _timestamp(until))
        if handled is True:
            query = query.where(table.c.handled_at.is_not(None))
        elif handled is False:
            query = query.where(table.c.handled_at.is_(None))
        return query

    def _rows(self, query) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            return [dict(row._mapping) for row in conn.execute(query)]
