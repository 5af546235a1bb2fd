"""Sessions remember a conversation, expire when idle and are bounded in number."""

from bot.storage.sessions import SessionStore


class FakeClock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def test_the_same_id_returns_the_same_session_with_its_state():
    store = SessionStore()
    first = store.get_or_create(None)
    first.state["city"] = "淮安"
    assert store.get_or_create(first.session_id).state == {"city": "淮安"}


def test_a_session_idle_longer_than_the_ttl_starts_afresh():
    clock = FakeClock()
    store = SessionStore(ttl_seconds=60, timer=clock)
    session = store.get_or_create("abc")
    session.state["x"] = 1
    clock.now = 61
    assert store.get_or_create("abc").state == {}


def test_using_a_session_refreshes_its_expiry():
    clock = FakeClock()
    store = SessionStore(ttl_seconds=60, timer=clock)
    store.get_or_create("abc").state["x"] = 1
    clock.now = 50
    store.get_or_create("abc")
    clock.now = 100
    assert store.get_or_create("abc").state == {"x": 1}


def test_the_store_keeps_at_most_max_sessions():
    store = SessionStore(max_sessions=3)
    for i in range(10):
        store.get_or_create(f"s{i}")
    assert len(store) == 3


def test_an_unsafe_client_session_id_is_replaced_by_a_fresh_one():
    store = SessionStore()
    session = store.get_or_create("<script>alert(1)</script>")
    assert session.session_id != "<script>alert(1)</script>"
    assert session.session_id.replace("-", "").replace("_", "").isalnum()
