"""SQLite store of what residents tell us: feedback on answers and questions the bot could not answer.

Personal data (ID, phone and card numbers) is redacted before anything is written.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

from bot.storage.redact import redact

SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY,
    created REAL NOT NULL,
    session_id TEXT,
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    rating INTEGER NOT NULL CHECK (rating IN (-1, 1)),
    comment TEXT
);
CREATE TABLE IF NOT EXISTS unanswered (
    id INTEGER PRIMARY KEY,
    created REAL NOT NULL,
    city TEXT,
    question TEXT NOT NULL,
    reason TEXT NOT NULL
);
"""


class Store:
    def __init__(self, path: Path | str):
        self.path = Path(path)
        if str(path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self._conn = sqlite3.connect(str(path), check_same_thread=False)
        self._lock = threading.Lock()
        with self._lock, self._conn:
            self._conn.executescript(SCHEMA)

    def add_feedback(self, question: str, answer: str, rating: int, comment: str | None = None,
                     session_id: str | None = None) -> int:
        if rating not in (-1, 1):
            raise ValueError("rating must be 1 (helpful) or -1 (not helpful)")
        with self._lock, self._conn:
            cur = self._conn.execute(
                "INSERT INTO feedback (created, session_id, question, answer, rating, comment) VALUES (?,?,?,?,?,?)",
                (time.time(), session_id, redact(question), redact(answer), rating,
                 redact(comment) if comment else None),
            )
            return int(cur.lastrowid)

    def add_unanswered(self, question: str, reason: str, city: str | None = None) -> int:
        with self._lock, self._conn:
            cur = self._conn.execute(
                "INSERT INTO unanswered (created, city, question, reason) VALUES (?,?,?,?)",
                (time.time(), city, redact(question), reason),
            )
            return int(cur.lastrowid)

    def unanswered(self, limit: int = 100) -> list[dict[str, object]]:
        with self._lock:
            rows = self._conn.execute(
                "SELECT created, city, question, reason FROM unanswered ORDER BY id DESC LIMIT ?", (limit,)
            ).fetchall()
        return [dict(zip(("created", "city", "question", "reason"), row, strict=True)) for row in rows]

    def feedback(self, limit: int = 100) -> list[dict[str, object]]:
        with self._lock:
            rows = self._conn.execute(
                "SELECT created, session_id, question, answer, rating, comment FROM feedback ORDER BY id DESC LIMIT ?",
                (limit,),
            ).fetchall()
        keys = ("created", "session_id", "question", "answer", "rating", "comment")
        return [dict(zip(keys, row, strict=True)) for row in rows]

    def close(self) -> None:
        with self._lock:
            self._conn.close()
