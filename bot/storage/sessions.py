"""Conversation sessions: per-session state kept in memory, bounded in size and expiring when idle."""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from cachetools import TTLCache

DEFAULT_MAX_SESSIONS = 10_000
DEFAULT_TTL_SECONDS = 30 * 60


@dataclass
class Session:
    """What a conversation remembers between turns."""

    session_id: str
    city: str | None = None
    state: dict[str, Any] = field(default_factory=dict)  # e.g. the last understanding, a pending question
    turns: int = 0


class SessionStore:
    """Sessions by id. The least recently used session is dropped when full; idle ones expire."""

    def __init__(self, max_sessions: int = DEFAULT_MAX_SESSIONS, ttl_seconds: float = DEFAULT_TTL_SECONDS,
                 timer: Callable[[], float] | None = None):
        kwargs = {"timer": timer} if timer is not None else {}
        self._cache: TTLCache[str, Session] = TTLCache(maxsize=max_sessions, ttl=ttl_seconds, **kwargs)
        self._lock = threading.Lock()

    def get_or_create(self, session_id: str | None) -> Session:
        """The session of `session_id`; a new one when the id is unknown, expired or not given."""
        with self._lock:
            if session_id:
                session = self._cache.get(session_id)
                if session is not None:
                    self._cache[session_id] = session  # refresh its expiry and recency
                    return session
            new_id = session_id if _valid_id(session_id) else secrets.token_urlsafe(12)
            session = Session(session_id=new_id)
            self._cache[new_id] = session
            return session

    def __len__(self) -> int:
        with self._lock:
            self._cache.expire()
            return len(self._cache)


def _valid_id(session_id: str | None) -> bool:
    """A client may name its session; the id must be short and plain so it can be logged safely."""
    return bool(session_id) and len(session_id) <= 64 and all(c.isalnum() or c in "-_" for c in session_id)
