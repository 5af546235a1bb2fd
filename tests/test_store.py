"""The SQLite store keeps feedback and unanswered questions, never personal numbers."""

import pytest

from bot.storage.redact import redact
from bot.storage.store import Store


def test_an_id_card_number_is_redacted():
    assert redact("我的身份证号是32080219800101123X，能报吗") == "我的身份证号是[身份证号]，能报吗"


def test_a_mobile_number_is_redacted_with_or_without_separators():
    assert redact("电话13912345678") == "电话[手机号]"
    assert redact("电话 139-1234-5678") == "电话 [手机号]"


def test_amounts_and_years_are_not_redacted():
    assert redact("2026年住院花了50000元，报销比例85%") == "2026年住院花了50000元，报销比例85%"


def test_unanswered_questions_are_stored_redacted(tmp_path):
    store = Store(tmp_path / "yibao.sqlite")
    store.add_unanswered("我电话13912345678，北京医保怎么报", reason="out_of_scope", city=None)
    rows = store.unanswered()
    assert [r["question"] for r in rows] == ["我电话[手机号]，北京医保怎么报"]
    assert rows[0]["reason"] == "out_of_scope"


def test_feedback_survives_reopening_the_store(tmp_path):
    path = tmp_path / "yibao.sqlite"
    store = Store(path)
    store.add_feedback("淮安起付线", "一级医院300元", rating=1)
    store.close()
    assert [r["rating"] for r in Store(path).feedback()] == [1]


def test_a_rating_other_than_up_or_down_is_refused(tmp_path):
    with pytest.raises(ValueError):
        Store(tmp_path / "s.sqlite").add_feedback("q", "a", rating=5)


def test_a_phone_number_sent_as_session_id_is_not_stored_in_feedback(tmp_path):
    from bot.service import record_feedback
    store = Store(tmp_path / "yibao.sqlite")
    record_feedback(store, "起付线多少", "300元", 1, None, session_id="13912345678")
    assert store.feedback()[0]["session_id"] == "[手机号]"


def test_a_mobile_in_chinese_numerals_is_redacted():
    assert redact("打我电话一三九一二三四五六七八") == "打我电话[手机号]"


def test_an_id_number_with_spaces_and_a_card_with_dashes_are_redacted():
    assert redact("身份证 320802 19800101 123X 卡 6222-0212-3456-7890") == "身份证 [身份证号] 卡 [银行卡号]"


def test_dates_and_hotlines_are_not_redacted():
    assert redact("2026-01-01起，咨询12393") == "2026-01-01起，咨询12393"
