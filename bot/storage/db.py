"""The shared database: SQLite embedded by default, PostgreSQL when `YIBAO_DATABASE_URL` is set.

One schema (SQLAlchemy Core) for every replica: sessions (JSON), so a conversation continues on
whichever replica receives its next turn. `DatabaseSessionStore` implements `SessionStore`.
Session state holds pydantic models (an `Understanding`) and Decimals/dates inside calculator
payloads; they are tagged in the JSON and restored on load (`model_dump` / `model_validate`).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from sqlalchemy import (
    Column,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    delete,
    insert,
    select,
    update,
)
from sqlalchemy.engine import Engine

from bot.storage.sessions import DEFAULT_TTL_SECONDS, Session, new_session_id

DATABASE_URL_ENV = "YIBAO_DATABASE_URL"

metadata = MetaData()
sessions_table = Table(
    "sessions", metadata,
    Column("session_id", String(64), primary_key=True),
    Column("updated", Float, nullable=False),
    Column("turns", Integer, nullable=False, default=0),
    Column("data", Text, nullable=False),
)


def database_url(data_dir: Path) -> str:
    """`YIBAO_DATABASE_URL` when set (e.g. postgresql+psycopg://user@host:5432/yibao), else SQLite in the data dir."""
    return os.environ.get(DATABASE_URL_ENV) or f"sqlite:///{Path(data_dir) / 'yibao-shared.sqlite'}"


def make_engine(url: str) -> Engine:
    engine = create_engine(url, pool_pre_ping=True)
    metadata.create_all(engine)
    return engine


_MODELS: dict[str, type[BaseModel]] = {}


def _model_classes() -> dict[str, type[BaseModel]]:
    if not _MODELS:
        from bot.understanding.understand import Understanding

        _MODELS["Understanding"] = Understanding
    return _MODELS


def _encode(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return {"__model__": type(value).__name__, "data": value.model_dump(mode="json")}
    if isinstance(value, Decimal):
        return {"__decimal__": str(value)}
    if isinstance(value, dt.date):
        return {"__date__": value.isoformat()}
    if isinstance(value, dict):
        return {str(k): _encode(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_encode(v) for v in value]
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict):
        if "__model__" in value:
            return _model_classes()[value["__model__"]].model_validate(value["data"])
        if "__decimal__" in value:
            return Decimal(value["__decimal__"])
        if "__date__" in value:
            return dt.date.fromisoformat(value["__date__"])
        return {k: _decode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_decode(v) for v in value]
    return value


def dump_session(session: Session) -> str:
    return json.dumps({"city": session.city, "state": _encode(session.state)}, ensure_ascii=False)


def load_session(session_id: str, turns: int, data: str) -> Session:
    raw = json.loads(data)
    return Session(session_id=session_id, city=raw.get("city"), state=_decode(raw.get("state") or {}), turns=turns)


class DatabaseSessionStore:
    """Sessions in the shared database; idle ones expire after `ttl_seconds`."""

    def __init__(self, engine: Engine, ttl_seconds: float = DEFAULT_TTL_SECONDS) -> None:
        self.engine = engine
        self.ttl_seconds = ttl_seconds

    def get(self, session_id: str) -> Session | None:
        with self.engine.begin() as conn:
            row = conn.execute(select(sessions_table).where(sessions_table.c.session_id == session_id)).first()
        if row is None or time.time() - row.updated > self.ttl_seconds:
            return None
        return load_session(row.session_id, row.turns, row.data)

    def create(self) -> Session:
        session = Session(session_id=new_session_id())
        with self.engine.begin() as conn:
            conn.execute(insert(sessions_table).values(session_id=session.session_id, updated=time.time(),
                                                       turns=0, data=dump_session(session)))
        return session

    def save(self, session: Session) -> None:
        values = {"updated": time.time(), "turns": session.turns, "data": dump_session(session)}
        with self.engine.begin() as conn:
            done = conn.execute(update(sessions_table).where(sessions_table.c.session_id == session.session_id)
                                .values(**values))
            if done.rowcount == 0:
                conn.execute(insert(sessions_table).values(session_id=session.session_id, **values))

    def expire(self) -> None:
        with self.engine.begin() as conn:
            conn.execute(delete(sessions_table).where(sessions_table.c.updated < time.time() - self.ttl_seconds))
