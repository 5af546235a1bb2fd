"""Sessions in the shared database (`YIBAO_DATABASE_URL`): one conversation held across two
service instances (replicas), the pending calculation's `Understanding` serialised as JSON."""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.storage.db import DatabaseSessionStore, make_engine, sessions_table
from bot.storage.sessions import Session
from bot.understanding.understand import understand
from tests.pg_support import fresh_database


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.slow)])
def store(request, tmp_path) -> DatabaseSessionStore:
    url = f"sqlite:///{tmp_path / 'shared.sqlite'}" if request.param == "sqlite" else fresh_database()
    return DatabaseSessionStore(make_engine(url))


def test_a_session_saved_by_one_store_is_read_by_another_on_the_same_database(tmp_path):
    url = f"sqlite:///{tmp_path / 'shared.sqlite'}"
    first, second = DatabaseSessionStore(make_engine(url)), DatabaseSessionStore(make_engine(url))
    session = first.create()
    session.city, session.turns = "淮安", 1
    first.save(session)
    again = second.get(session.session_id)
    assert (again.city, again.turns) == ("淮安", 1)


def test_pending_state_with_an_understanding_decimals_and_dates_round_trips(store):
    u = understand("淮安三级医院住院")
    session = store.create()
    session.state = {"last": u, "pending": {"understanding": u, "payload": {"cost": Decimal("50000.50"),
                                                                          "date": dt.date(2026, 3, 1)}}}
    store.save(session)
    loaded = store.get(session.session_id).state
    assert loaded["last"] == u
    assert loaded["pending"]["payload"] == {"cost": Decimal("50000.50"), "date": dt.date(2026, 3, 1)}


def test_an_unknown_id_is_not_found(store):
    assert store.get("never-issued") is None


def test_an_idle_session_expires(tmp_path):
    store = DatabaseSessionStore(make_engine(f"sqlite:///{tmp_path / 's.sqlite'}"), ttl_seconds=-1)
    session = store.create()
    store.save(session)
    assert store.get(session.session_id) is None


def test_saving_a_session_twice_keeps_one_row_with_the_later_state(store):
    session = store.create()
    store.save(session)
    session.city, session.turns = "长春", 2
    store.save(session)
    with store.engine.connect() as conn:
        rows = conn.execute(select(sessions_table.c.turns).where(sessions_table.c.session_id == session.session_id)).all()
    assert [r.turns for r in rows] == [2] and store.get(session.session_id).city == "长春"


def test_session_type_is_the_interfaces(store):
    assert isinstance(store.create(), Session)


@pytest.mark.slow
def test_a_calculation_asked_on_one_replica_is_finished_on_another(tmp_path, monkeypatch):
    data_dir = os.environ.get("YIBAO_TEST_DATA_DIR")
    if not data_dir or not (Path(data_dir) / "current.json").exists():
        pytest.skip("needs a built real index in YIBAO_TEST_DATA_DIR")
    from bot.config import Settings
    from bot.service import Service

    monkeypatch.setenv("YIBAO_DATA_DIR", data_dir)
    monkeypatch.setenv("YIBAO_DATABASE_URL", f"sqlite:///{tmp_path / 'shared.sqlite'}")
    replica_a = Service.from_settings(Settings.from_env(), record_unanswered=False)
    replica_b = Service.from_settings(Settings.from_env(), record_unanswered=False)
    turn1 = replica_a.answer("在淮安住院花了5万能报销多少")
    assert turn1.follow_up.slot == "level"
    turn2 = replica_b.answer("三级", session_id=turn1.session_id)
    # 淮安: "三级医院\t900 元\t65%" -> (50000 - 900) x 65% = 31915
    assert turn2.calculation["total"] == pytest.approx(31915)
