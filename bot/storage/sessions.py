"""Conversation sessions behind a small interface, with an in-process default.

Session ids are issued by the server only: random (`secrets.token_urlsafe`, 128 bits), never
chosen by a client. `open_session(store, session_id)` continues a session only when the id is
one the store issued and still holds; any other id (unknown, expired, invented by a client such
as "alice") gets a fresh session with a fresh id, and the client's id is never echoed back.

`SessionStore` is the interface a backend implements (`get`, `create`, `save`); the default,
`InMemorySessionStore`, keeps sessions in this process, bounded in number and expiring when idle.
A shared backend (one database for several replicas) implements the same three methods.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from cachetools import TTLCache

DEFAULT_MAX_SESSIONS = 10_000
DEFAULT_TTL_SECONDS = 30 * 60
SESSION_ID_BYTES = 16
MAX_SESSION_ID_CHARS = 64


@dataclass
class Session:
    """What a conversation remembers between turns."""

    session_id: str
    city: str | None = None
    state: dict[str, Any] = field(default_factory=dict)  # e.g. the last understanding, a pending question
    turns: int = 0


@runtime_checkable
class SessionStore(Protocol):
    """Where sessions live between turns."""

    def get(self, session_id: str) -> Session | None:
        """The session the store issued under `session_id`, or None (unknown or expired)."""

    def create(self) -> Session:
        """A new, empty session under a fresh server-issued id."""

    def save(self, session: Session) -> None:
        """Keep `session` (after a turn changed it) under its id."""


def new_session_id() -> str:
    """A random id no client can guess."""
    return secrets.token_urlsafe(SESSION_ID_BYTES)


def plausible_id(session_id: object) -> bool:
    """Whether `session_id` could be an id this server issued (short, URL-safe characters)."""
    return (isinstance(session_id, str) and 0 < len(session_id) <= MAX_SESSION_ID_CHARS
            and all(c.isascii() and (c.isalnum() or c in "-_") for c in session_id))


def open_session(store: SessionStore, session_id: str | None) -> Session:
    """The session `store` holds under `session_id`; a fresh one (with a fresh id) otherwise."""
    if plausible_id(session_id):
        session = store.get(session_id)  # type: ignore[arg-type]
        if session is not None:
            return session
    return store.create()


class InMemorySessionStore:
    """Sessions in this process. The least recently used session is dropped when full; idle ones expire."""

    def __init__(self, max_sessions: int = DEFAULT_MAX_SESSIONS, ttl_seconds: float = DEFAULT_TTL_SECONDS,
                 timer: Callable[[], float] | None = None):
        kwargs = {"timer": timer} if timer is not None else {}
        self._cache: TTLCache[str, Session] = TTLCache(maxsize=max_sessions, ttl=ttl_seconds, **kwargs)
        self._lock = threading.Lock()

    def get(self, session_id: str) -> Session | None:
        with self._lock:
            session = self._cache.get(session_id)
            if session is not None:
                self._cache[session_id] = session  # refresh its expiry and recency
            return session

    def create(self) -> Session:
        with self._lock:
            session = Session(session_id=new_session_id())
            self._cache[session.session_id] = session
            return session

    def save(self, session: Session) -> None:
        with self._lock:
            self._cache[session.session_id] = session

    def __len__(self) -> int:
        with self._lock:
            self._cache.expire()
            return len(self._cache)
