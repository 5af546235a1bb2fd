"""Sessions remember a conversation, expire when idle, are bounded in number, and only the server issues their ids."""

import datetime as dt

from fastapi.testclient import TestClient

from bot.answers.answering import Answerer
from bot.config import Settings
from bot.service import Service
from bot.storage.sessions import InMemorySessionStore, SessionStore, open_session
from bot.storage.store import Store
from bot.web.api import create_api


class FakeClock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def test_the_in_process_store_implements_the_session_store_interface():
    assert isinstance(InMemorySessionStore(), SessionStore)


def test_the_same_issued_id_returns_the_same_session_with_its_state():
    store = InMemorySessionStore()
    first = open_session(store, None)
    first.state["city"] = "淮安"
    store.save(first)
    assert open_session(store, first.session_id).state == {"city": "淮安"}


def test_a_session_idle_longer_than_the_ttl_starts_afresh_under_a_new_id():
    clock = FakeClock()
    store = InMemorySessionStore(ttl_seconds=60, timer=clock)
    session = store.create()
    session.state["x"] = 1
    clock.now = 61
    again = open_session(store, session.session_id)
    assert again.state == {} and again.session_id != session.session_id


def test_using_a_session_refreshes_its_expiry():
    clock = FakeClock()
    store = InMemorySessionStore(ttl_seconds=60, timer=clock)
    session = store.create()
    session.state["x"] = 1
    clock.now = 50
    open_session(store, session.session_id)
    clock.now = 100
    assert open_session(store, session.session_id).state == {"x": 1}


def test_the_store_keeps_at_most_max_sessions():
    store = InMemorySessionStore(max_sessions=3)
    for _ in range(10):
        store.create()
    assert len(store) == 3


def test_a_client_invented_session_id_is_replaced_and_never_echoed():
    store = InMemorySessionStore()
    session = open_session(store, "alice")
    assert session.session_id != "alice" and store.get("alice") is None


def test_an_unsafe_client_session_id_is_replaced_by_a_fresh_one():
    session = open_session(InMemorySessionStore(), "<script>alert(1)</script>")
    assert session.session_id != "<script>alert(1)</script>"
    assert session.session_id.replace("-", "").replace("_", "").isalnum()


def test_issued_ids_are_random_and_long_enough_not_to_be_guessed():
    store = InMemorySessionStore()
    ids = {store.create().session_id for _ in range(100)}
    assert len(ids) == 100 and min(len(i) for i in ids) >= 20


def _api(tmp_path):
    answerer = Answerer(search=lambda *a, **k: [], today=lambda: dt.date(2026, 6, 1))
    service = Service(settings=Settings(), answerer=answerer, store=Store(tmp_path / "s.sqlite"))
    return TestClient(create_api(service), raise_server_exceptions=False)


def test_a_second_client_sending_alices_id_does_not_continue_alices_calculation(tmp_path):
    client = _api(tmp_path)
    alice = client.post("/api/ask", json={"question": "我在长春三级医院住院花了5万元，能报多少",
                                          "session_id": "alice"}).json()
    assert alice["follow_up"] is not None and alice["session_id"] != "alice"
    mallory = client.post("/api/ask", json={"question": "市级", "session_id": "alice"}).json()
    assert mallory["calculation"] is None and mallory["session_id"] not in ("alice", alice["session_id"])
    assert "50000" not in mallory["answer"]


def test_the_client_holding_the_issued_id_continues_its_calculation(tmp_path):
    client = _api(tmp_path)
    first = client.post("/api/ask", json={"question": "我在长春三级医院住院花了5万元，能报多少"}).json()
    second = client.post("/api/ask", json={"question": "市级", "session_id": first["session_id"]}).json()
    assert second["calculation"]["inputs"]["tier"] == "市级" and second["session_id"] == first["session_id"]
