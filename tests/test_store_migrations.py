"""The shared database's schema comes from Alembic migrations: from an empty database, from the
earlier raw-sqlite `yibao.sqlite`, and from a sessions table the session store created itself."""

import sqlite3

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, text

from bot.storage.db import current_revision, make_engine, metadata, sqlite_url, upgrade
from bot.storage.store import Store
from tests.pg_support import fresh_database

HEAD = "0002"

# The schema the raw-sqlite store created (bot/storage/store.py before the migrations).
OLD_SCHEMA = """
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


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.slow)])
def empty_url(request, tmp_path) -> str:
    return sqlite_url(tmp_path / "fresh.sqlite") if request.param == "sqlite" else fresh_database()


def test_an_empty_database_is_migrated_to_the_latest_revision(empty_url):
    assert current_revision(make_engine(empty_url)) == HEAD


def test_the_migrated_schema_is_the_one_the_code_uses(empty_url):
    with make_engine(empty_url).connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), metadata) == []


def _old_store(path) -> None:
    conn = sqlite3.connect(path)
    conn.executescript(OLD_SCHEMA)
    conn.execute("INSERT INTO feedback (created, session_id, question, answer, rating, comment) "
                 "VALUES (10.0, NULL, '淮安起付线', '300元', 1, NULL)")
    conn.execute("INSERT INTO unanswered (created, city, question, reason) VALUES (20.0, '长春', '长春门诊', 'no_passage')")
    conn.commit()
    conn.close()


def test_an_old_raw_sqlite_store_keeps_its_rows_after_migration(tmp_path):
    path = tmp_path / "yibao.sqlite"
    _old_store(path)
    store = Store(path)
    assert store.feedback() == [{"id": 1, "created": 10.0, "session_id": None, "question": "淮安起付线",
                                 "answer": "300元", "rating": 1, "comment": None,
                                 "handled_at": None, "handled_by": None}]
    assert [(r["id"], r["question"]) for r in store.unanswered()] == [(1, "长春门诊")]


def test_an_old_raw_sqlite_store_reaches_the_latest_revision_and_takes_staff_writes(tmp_path):
    path = tmp_path / "yibao.sqlite"
    _old_store(path)
    store = Store(path)
    assert current_revision(store.engine) == HEAD
    assert store.mark_handled("unanswered", 1, "wang") is True
    assert store.add_annotation("长春门诊", "chunk", "cc-doc#1", "wang") == 1


def test_an_old_raw_sqlite_store_still_refuses_a_bad_rating_after_migration(tmp_path):
    path = tmp_path / "yibao.sqlite"
    _old_store(path)
    Store(path)
    conn = sqlite3.connect(path)
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("INSERT INTO feedback (created, question, answer, rating) VALUES (1, 'q', 'a', 5)")
    conn.close()


def test_a_sessions_table_the_session_store_created_itself_keeps_its_rows(tmp_path):
    url = sqlite_url(tmp_path / "shared.sqlite")
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE sessions (session_id VARCHAR(64) PRIMARY KEY, updated FLOAT NOT NULL, "
                          "turns INTEGER NOT NULL, data TEXT NOT NULL)"))
        conn.execute(text("INSERT INTO sessions VALUES ('abc', 1.0, 2, '{}')"))
    upgrade(engine)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT turns FROM sessions WHERE session_id = 'abc'")).scalar_one() == 2
    assert current_revision(engine) == HEAD


def test_migrating_a_database_at_the_latest_revision_again_changes_nothing(tmp_path):
    path = tmp_path / "yibao.sqlite"
    store = Store(path)
    store.add_feedback("问题", "答", rating=1)
    upgrade(store.engine)
    assert [r["question"] for r in store.feedback()] == ["问题"]


def test_the_migrations_go_down_to_nothing_and_up_again(tmp_path):
    engine = create_engine(sqlite_url(tmp_path / "yibao.sqlite"))
    upgrade(engine)
    _downgrade(engine, "base")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'table' AND name != 'alembic_version'")
                            ).all() == []
    upgrade(engine)
    assert current_revision(engine) == HEAD


def _downgrade(engine, revision: str) -> None:
    from alembic import command

    from bot.storage.db import alembic_config

    with engine.begin() as conn:
        command.downgrade(alembic_config(conn), revision)
