"""The shared database: SQLite embedded by default, PostgreSQL when `YIBAO_DATABASE_URL` is set.

One schema (SQLAlchemy Core) for every replica, managed by Alembic (`bot/storage/migrations/`,
applied programmatically by `make_engine`; no alembic.ini):

| table        | what it keeps                                                                   |
|--------------|---------------------------------------------------------------------------------|
| sessions     | conversation state (JSON), so a conversation continues on whichever replica     |
| feedback     | residents' ratings of answers (redacted), handled_at / handled_by for staff     |
| unanswered   | questions the bot declined (redacted), handled_at / handled_by for staff        |
| annotations  | staff pointing a question at a chunk or a fact; revoked, never deleted          |

The default database is `yibao.sqlite` in the data dir; a file written by the earlier raw-sqlite
store (feedback and unanswered only, no Alembic version) is brought to the current schema in place.

`DatabaseSessionStore` implements `SessionStore`. Session state holds pydantic models (an
`Understanding`) and Decimals/dates inside calculator payloads; they are tagged in the JSON and
restored on load (`model_dump` / `model_validate`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import os
import threading
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from sqlalchemy import (
    CheckConstraint,
    Column,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    delete,
    event,
    insert,
    select,
    text,
    update,
)
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.pool import StaticPool

from bot.storage.sessions import DEFAULT_TTL_SECONDS, Session, new_session_id

DATABASE_URL_ENV = "YIBAO_DATABASE_URL"
DEFAULT_DATABASE_FILE = "yibao.sqlite"
SQLITE_BUSY_TIMEOUT_MS = 30_000
MIGRATIONS = Path(__file__).with_name("migrations")
MIGRATION_LOCK_KEY = 0x59494241  # PostgreSQL advisory lock held while migrating ("YIBA")

metadata = MetaData()
sessions_table = Table(
    "sessions", metadata,
    Column("session_id", String(64), primary_key=True),
    Column("updated", Float, nullable=False),
    Column("turns", Integer, nullable=False, default=0),
    Column("data", Text, nullable=False),
)
feedback_table = Table(
    "feedback", metadata,
    Column("id", Integer, primary_key=True),
    Column("created", Float, nullable=False, index=True),
    Column("session_id", Text),
    Column("question", Text, nullable=False),
    Column("answer", Text, nullable=False),
    Column("rating", Integer, CheckConstraint("rating IN (-1, 1)", name="feedback_rating"), nullable=False),
    Column("comment", Text),
    Column("handled_at", Float),
    Column("handled_by", Text),
)
unanswered_table = Table(
    "unanswered", metadata,
    Column("id", Integer, primary_key=True),
    Column("created", Float, nullable=False, index=True),
    Column("city", Text),
    Column("question", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("handled_at", Float),
    Column("handled_by", Text),
)
annotations_table = Table(
    "annotations", metadata,
    Column("id", Integer, primary_key=True),
    Column("created", Float, nullable=False),
    Column("staff", Text, nullable=False),
    Column("question", Text, nullable=False),
    Column("question_norm", Text, nullable=False, index=True),
    Column("target_kind", String(16), CheckConstraint("target_kind IN ('chunk', 'fact')",
                                                      name="annotations_target_kind"), nullable=False),
    Column("target_id", Text, nullable=False),
    Column("revoked_at", Float),
    Column("revoked_by", Text),
)



def database_url(data_dir: Path | str) -> str:
    """`YIBAO_DATABASE_URL` when set (e.g. postgresql+psycopg://user@host:5432/yibao), else the
    SQLite file `yibao.sqlite` in the data dir."""
    return os.environ.get(DATABASE_URL_ENV) or sqlite_url(Path(data_dir) / DEFAULT_DATABASE_FILE)


def sqlite_url(path: Path | str) -> str:
    return "sqlite://" if str(path) == ":memory:" else f"sqlite:///{Path(path)}"


_engines: dict[str, Engine] = {}
_engines_lock = threading.Lock()


def make_engine(url: str, migrate: bool = True) -> Engine:
    """The engine of `url`, one per URL and process, its schema migrated to the latest revision.

    SQLite files get WAL journaling, synchronous=NORMAL and a busy timeout, so several worker
    processes on one machine can share one file."""
    in_memory = make_url(url).get_backend_name() == "sqlite" and make_url(url).database in (None, "", ":memory:")
    with _engines_lock:
        engine = None if in_memory else _engines.get(url)
        if engine is None:
            engine = _new_engine(url)
            if migrate:
                upgrade(engine)
            if not in_memory:  # each in-memory database is its own
                _engines[url] = engine
        return engine


_write_locks: dict[int, threading.Lock] = {}


def writing(engine: Engine):
    """A write transaction on `engine`. On SQLite the threads of one process take turns for it
    first (a lock in the process): SQLite lets one writer in at a time and makes the others retry
    with growing sleeps, so 40 threads of a worker retrying on their own left some waiting tens of
    seconds; queued here, only one thread per process waits on the file."""
    if engine.dialect.name != "sqlite":
        return engine.begin()
    with _engines_lock:
        lock = _write_locks.setdefault(id(engine), threading.Lock())
    return _locked_begin(engine, lock)


@contextlib.contextmanager
def _locked_begin(engine: Engine, lock: threading.Lock):
    with lock, engine.begin() as connection:
        yield connection


def dispose_engines() -> None:
    """Close every pooled connection (tests; a process about to fork)."""
    with _engines_lock:
        for engine in _engines.values():
            engine.dispose()
        _engines.clear()


def _new_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    if parsed.database in (None, "", ":memory:"):
        return create_engine(url, poolclass=StaticPool, connect_args={"check_same_thread": False})
    Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"check_same_thread": False,
                                              "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection, _record) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        # WAL with synchronous=NORMAL: a commit is not an fsync (a power cut may lose the last
        # commits, never corrupts the file); with FULL each session save cost ~50 ms on a busy disk
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.close()

    return engine


def alembic_config(connection: Connection | None = None):
    """Alembic's configuration built in code: the package's migrations, `connection` to run them on."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("path_separator", "os")
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to `revision`; one process at a time (a PostgreSQL advisory lock, or a
    lock file beside a SQLite file), so replicas starting together do not race."""
    from alembic import command

    with _migration_lock(engine), engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
        command.upgrade(alembic_config(connection), revision)


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


@contextlib.contextmanager
def _migration_lock(engine: Engine):
    database = engine.url.database if engine.dialect.name == "sqlite" else None
    if not database or database == ":memory:":
        yield
        return
    with open(f"{database}.migrate.lock", "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


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


def _upsert_statement(dialect: str):
    """The dialect's INSERT … ON CONFLICT construct (PostgreSQL, SQLite), else None."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert
    if dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        return sqlite_insert
    return None


class DatabaseSessionStore:
    """Sessions in the shared database; idle ones expire after `ttl_seconds`."""

    def __init__(self, engine: Engine, ttl_seconds: float = DEFAULT_TTL_SECONDS) -> None:
        self.engine = engine
        self.ttl_seconds = ttl_seconds

    def get(self, session_id: str) -> Session | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(sessions_table).where(sessions_table.c.session_id == session_id)).first()
        if row is None or time.time() - row.updated > self.ttl_seconds:
            return None
        return load_session(row.session_id, row.turns, row.data)

    def create(self) -> Session:
        """A fresh session; written by its first `save` (every turn ends with one), so a turn costs
        one write, not two (writes are what replicas and workers queue for on a SQLite file)."""
        return Session(session_id=new_session_id())

    def save(self, session: Session) -> None:
        """Insert or replace the session's row in one statement (an upsert where the database has one)."""
        values = {"session_id": session.session_id, "updated": time.time(), "turns": session.turns,
                  "data": dump_session(session)}
        upsert = _upsert_statement(self.engine.dialect.name)
        with writing(self.engine) as conn:
            if upsert is not None:
                statement = upsert(sessions_table).values(**values)
                conn.execute(statement.on_conflict_do_update(
                    index_elements=[sessions_table.c.session_id],
                    set_={k: statement.excluded[k] for k in ("updated", "turns", "data")}))
                return
            done = conn.execute(update(sessions_table).where(sessions_table.c.session_id == session.session_id)
                                .values(**values))
            if done.rowcount == 0:
                conn.execute(insert(sessions_table).values(**values))

    def expire(self) -> None:
        with self.engine.begin() as conn:
            conn.execute(delete(sessions_table).where(sessions_table.c.updated < time.time() - self.ttl_seconds))
