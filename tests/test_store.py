"""The store keeps feedback, unanswered questions and staff annotations in the shared database,
never personal numbers; the same tests run on SQLite and (slow) on a real PostgreSQL."""

import pytest

from bot.storage.redact import redact
from bot.storage.store import Store
from tests.pg_support import fresh_database


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.slow)])
def store(request, tmp_path) -> Store:
    return Store(tmp_path / "yibao.sqlite" if request.param == "sqlite" else fresh_database())


class Clock:
    """Stands in for the `time` module the store stamps rows with."""

    def __init__(self, now: float) -> None:
        self.now = now

    def time(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch) -> Clock:
    fake = Clock(1000.0)
    monkeypatch.setattr("bot.storage.store.time", fake)
    return fake


def test_an_id_card_number_is_redacted():
    assert redact("我的身份证号是32080219800101123X，能报吗") == "我的身份证号是[身份证号]，能报吗"


def test_a_mobile_number_is_redacted_with_or_without_separators():
    assert redact("电话13912345678") == "电话[手机号]"
    assert redact("电话 139-1234-5678") == "电话 [手机号]"


def test_amounts_and_years_are_not_redacted():
    assert redact("2026年住院花了50000元，报销比例85%") == "2026年住院花了50000元，报销比例85%"


def test_a_local_number_listed_after_a_phone_number_is_redacted_too():
    assert redact("电话0517-83605120、84231355") == "电话[电话]、[电话]"
    assert redact("打83605120或84231355都行") == "打[电话]或[电话]都行"


def test_amounts_listed_one_after_another_stay_amounts():
    assert redact("花了12345678、23456789元") == "花了12345678、23456789元"


def test_a_mobile_in_chinese_numerals_is_redacted():
    assert redact("打我电话一三九一二三四五六七八") == "打我电话[手机号]"


def test_an_id_number_with_spaces_and_a_card_with_dashes_are_redacted():
    assert redact("身份证 320802 19800101 123X 卡 6222-0212-3456-7890") == "身份证 [身份证号] 卡 [银行卡号]"


def test_dates_and_hotlines_are_not_redacted():
    assert redact("2026-01-01起，咨询12393") == "2026-01-01起，咨询12393"


def test_unanswered_questions_are_stored_redacted(store):
    store.add_unanswered("我电话13912345678，北京医保怎么报", reason="out_of_scope", city=None)
    rows = store.unanswered()
    assert [r["question"] for r in rows] == ["我电话[手机号]，北京医保怎么报"]
    assert rows[0]["reason"] == "out_of_scope"


def test_feedback_is_stored_redacted_in_every_text_field(store):
    store.add_feedback("我叫张三，起付线多少", "请致电13912345678", rating=-1, comment="卡号6222021234567890",
                       session_id="13800001111")
    row = store.feedback()[0]
    assert (row["question"], row["answer"], row["comment"], row["session_id"]) == (
        "我叫[姓名]，起付线多少", "请致电[手机号]", "卡号[银行卡号]", "[手机号]")


def test_feedback_survives_reopening_the_store(tmp_path):
    path = tmp_path / "yibao.sqlite"
    store = Store(path)
    store.add_feedback("淮安起付线", "一级医院300元", rating=1)
    store.close()
    assert [r["rating"] for r in Store(path).feedback()] == [1]


def test_a_rating_other_than_up_or_down_is_refused(store):
    with pytest.raises(ValueError):
        store.add_feedback("q", "a", rating=5)


def test_a_phone_number_sent_as_session_id_is_not_stored_in_feedback(store):
    from bot.service import record_feedback
    record_feedback(store, "起付线多少", "300元", 1, None, session_id="13912345678")
    assert store.feedback()[0]["session_id"] == "[手机号]"


def test_rows_come_newest_first_with_the_id_each_write_returned(store):
    first = store.add_unanswered("长春门诊", reason="no_passage", city="长春")
    second = store.add_unanswered("淮安住院", reason="no_passage", city="淮安")
    assert [r["id"] for r in store.unanswered()] == [second, first]


def test_the_limit_keeps_the_newest_rows(store):
    ids = [store.add_feedback(f"问题{i}", "答", rating=1) for i in range(3)]
    assert [r["id"] for r in store.feedback(limit=2)] == [ids[2], ids[1]]


def test_unanswered_are_filtered_by_city_and_reason(store):
    store.add_unanswered("长春门诊", reason="no_passage", city="长春")
    store.add_unanswered("北京医保", reason="out_of_scope", city=None)
    store.add_unanswered("长春住院", reason="out_of_scope", city="长春")
    assert [r["question"] for r in store.unanswered(city="长春")] == ["长春住院", "长春门诊"]
    assert [r["question"] for r in store.unanswered(city="长春", reason="out_of_scope")] == ["长春住院"]


def test_since_is_inclusive_and_until_exclusive(store, clock):
    for moment, question in ((100.0, "早"), (200.0, "中"), (300.0, "晚")):
        clock.now = moment
        store.add_unanswered(question, reason="no_passage")
    assert [r["question"] for r in store.unanswered(since=200.0, until=300.0)] == ["中"]


def test_since_and_until_take_datetimes(store, clock):
    import datetime as dt

    day = dt.datetime(2026, 3, 1, 12, 0)
    clock.now = day.timestamp()
    store.add_feedback("三月的问题", "答", rating=1)
    assert [r["question"] for r in store.feedback(since=dt.date(2026, 3, 1), until=dt.date(2026, 3, 2))] == ["三月的问题"]
    assert store.feedback(since=dt.date(2026, 3, 2)) == []


def test_feedback_is_filtered_by_rating(store):
    store.add_feedback("好", "答", rating=1)
    store.add_feedback("不好", "答", rating=-1)
    assert [r["question"] for r in store.feedback(rating=-1)] == ["不好"]


def test_marking_a_row_handled_records_who_and_when(store, clock):
    row = store.add_unanswered("长春门诊", reason="no_passage", city="长春")
    clock.now = 5000.0
    assert store.mark_handled("unanswered", row, "wang") is True
    handled = store.unanswered()[0]
    assert (handled["handled_at"], handled["handled_by"]) == (5000.0, "wang")


def test_the_handled_filter_separates_handled_from_open_rows(store):
    done = store.add_feedback("处理过", "答", rating=-1)
    store.add_feedback("未处理", "答", rating=-1)
    store.mark_handled("feedback", done, "li")
    assert [r["question"] for r in store.feedback(handled=True)] == ["处理过"]
    assert [r["question"] for r in store.feedback(handled=False)] == ["未处理"]
    assert len(store.feedback()) == 2


def test_marking_a_missing_row_handled_reports_false(store):
    assert store.mark_handled("feedback", 12345, "li") is False


def test_marking_handled_an_unknown_kind_is_refused(store):
    with pytest.raises(ValueError):
        store.mark_handled("sessions", 1, "li")


def test_an_annotation_keeps_the_question_redacted_with_its_normalised_form(store, clock):
    annotation = store.add_annotation("淮安起付线多少？电话13912345678", "chunk", "ha-doc#0", "zhao")
    assert store.annotations() == [{
        "id": annotation, "created": 1000.0, "staff": "zhao",
        "question": "淮安起付线多少？电话[手机号]", "question_norm": "淮安起付线多少?电话[手机号]",
        "target_kind": "chunk", "target_id": "ha-doc#0", "revoked_at": None, "revoked_by": None,
    }]


def test_an_annotation_target_other_than_chunk_or_fact_is_refused(store):
    with pytest.raises(ValueError):
        store.add_annotation("起付线", "document", "ha-doc", "zhao")


def test_a_revoked_annotation_is_kept_with_who_revoked_it(store, clock):
    annotation = store.add_annotation("起付线", "fact", "deductible", "zhao")
    clock.now = 2000.0
    assert store.revoke_annotation(annotation, "qian") is True
    row = store.annotations()[0]
    assert (row["revoked_at"], row["revoked_by"]) == (2000.0, "qian")


def test_revoking_twice_keeps_the_first_revocation(store, clock):
    annotation = store.add_annotation("起付线", "fact", "deductible", "zhao")
    store.revoke_annotation(annotation, "qian")
    assert store.revoke_annotation(annotation, "sun") is False
    assert store.annotations()[0]["revoked_by"] == "qian"


def test_revoked_annotations_can_be_left_out(store):
    kept = store.add_annotation("起付线", "fact", "deductible", "zhao")
    store.revoke_annotation(store.add_annotation("封顶线", "fact", "cap", "zhao"), "qian")
    assert [r["id"] for r in store.annotations(include_revoked=False)] == [kept]


def test_an_in_memory_store_is_its_own(tmp_path):
    first, second = Store(":memory:"), Store(":memory:")
    first.add_unanswered("只在第一个", reason="no_passage")
    assert second.unanswered() == []
