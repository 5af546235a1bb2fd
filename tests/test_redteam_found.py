"""Defects found by probing the running service as residents, call-centre staff and a careless
integrator would use it; one regression test each.

Tests marked xfail(strict=True) fail today: the reason names the defect. The day one is fixed its
test reports XPASS and the mark must be removed.

Figures are the documents' own (corpus/documents/*.txt):
- 淮安 全民参保百问百答 六十（二）住院医疗待遇: “一级医院 300 元 85% … 二级医院 600 元 75% … 三级医院 900 元 65%”.
- 随州 参保手册 四、住院待遇: 一级定点 起付线 200 / 甲类 90%, 二级定点 500 / 80%, 三级定点 900 / 70%.
- 淮安 二十九、城乡居民医保缴费方式有哪些？: “微信、支付宝‘江苏税务社保缴纳’小程序”.
- No document mentions 伙食费/膳食 or 护工 (grep over corpus/documents/*.txt finds neither).
"""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from bot.storage.store import Store
from bot.web.api import create_api
from bot.web.auth import StaffAccounts
from tests.e2e_support import service_on
from tests.test_api import FakeService

# a run of Latin letters in an error message: a library's English text reached the resident
ENGLISH = re.compile(r"[A-Za-z]{3,}")


# ---------------------------------------------------------------------------------------------
# the calculator API: every input error in Chinese


@pytest.fixture
def api(tmp_path):
    service = FakeService(Store(tmp_path / "s.sqlite"))
    return TestClient(create_api(service, environ={}, staff=StaffAccounts(tmp_path / "staff.json")),
                      raise_server_exceptions=False)



@pytest.mark.parametrize(("name", "payload", "field"), [
    ("inpatient", {"city": "淮安", "level": "三级", "cost": True}, "cost"),  # an amount sent as a JSON boolean
    ("inpatient", {"city": "淮安", "level": "三级", "cost": {"value": 50000}}, "cost"),  # an amount as an object
    ("inpatient", {"city": "淮安", "level": "三级", "cost": 50000, "date": "20260101"}, "date"),  # date without dashes
    ("critical_illness", {"city": "淮安", "burden": 50000, "unapproved_transfer": "是"}, "unapproved_transfer"),
    ("contribution", {"city": "淮安", "year": 2026.5}, "year"),
], ids=["cost-bool", "cost-object", "date-compact", "bool-word", "year-fraction"])
def test_a_calculator_input_of_the_wrong_type_is_explained_in_chinese(api, name, payload, field):
    response = api.post(f"/api/calc/{name}", json=payload)
    assert response.status_code == 400
    body = response.json()
    assert body["field"] == field
    assert not ENGLISH.search(body["error"]), body["error"]


# ---------------------------------------------------------------------------------------------
# answers on the real index



@pytest.fixture(scope="module")
def service(real_index_dir):
    return service_on(real_index_dir)


@pytest.mark.slow
@pytest.mark.parametrize(("question", "figures"), [
    ("淮安住院能报销多少？", ["300元", "600元", "900元", "85%", "75%", "65%"]),
    ("随州住院能报多少", ["90%", "80%", "70%"]),
], ids=["huaian", "suizhou"])
def test_an_inpatient_question_without_a_level_lists_every_level(service, question, figures):
    answer = service.answer(question)
    assert not answer.refused, answer.answer
    assert [f for f in figures if f not in answer.answer] == [], answer.answer


@pytest.mark.slow
@pytest.mark.parametrize("question", ["淮安住院能报销多少？", "淮安和连云港住院起付线分别是多少"])
def test_a_markdown_table_in_an_answer_starts_on_its_own_line(service, question):
    answer = service.answer(question)
    table_lines = [line for line in answer.answer.splitlines() if "|" in line]
    assert table_lines, answer.answer
    assert all(line.startswith("|") for line in table_lines), answer.answer


@pytest.mark.slow
def test_a_level_follow_up_keeps_the_inpatient_topic(service):
    first = service.answer("淮安的三级医院住院要先自己付多少起付线？")
    second = service.answer("那二级医院呢？", session_id=first.session_id)
    assert "600" in second.answer and "750" not in second.answer, second.answer


@pytest.mark.slow
def test_search_box_keywords_with_san_jia_are_answered(service):
    answer = service.answer("淮安 三甲 报销 住院")
    assert not answer.refused, answer.answer
    assert "900" in answer.answer and "65%" in answer.answer, answer.answer


@pytest.mark.slow
def test_a_question_naming_no_city_is_not_declined_for_a_city_picked_by_the_bot(service):
    answer = service.answer("三甲 报销 住院")
    assert answer.follow_up is not None or not answer.refused, answer.answer


@pytest.mark.slow
@pytest.mark.xfail(strict=True, reason="an expense no document mentions (伙食费, 护工费) gets an unrelated "
                                       "passage (意外伤害“可以报销”, a bare row of 起付标准) instead of a decline")
@pytest.mark.parametrize("question", ["淮安住院期间的伙食费医保给报吗", "长治住院请护工的钱能报销吗"])
def test_an_expense_the_documents_never_mention_is_declined(service, question):
    answer = service.answer(question)
    assert answer.refused, answer.answer


@pytest.mark.slow
def test_the_in_scope_part_of_a_mixed_message_is_answered(service):
    answer = service.answer("淮安住院起付线是多少？另外退休养老金怎么领？")
    assert "900" in answer.answer, answer.answer


@pytest.mark.slow
@pytest.mark.xfail(strict=True, reason="bare 医保怎么交 (how to pay, no 钱) is answered with an unrelated sentence "
                                       "(基金安全类 九十三) instead of 二十九、缴费方式; 怎么交钱 is answered")
def test_how_to_pay_is_answered_with_the_payment_channels(service):
    answer = service.answer("淮安医保怎么交")
    assert "江苏税务社保缴纳" in answer.answer, answer.answer


@pytest.mark.slow
def test_an_outpatient_answer_gives_the_outpatient_table_without_running_its_cells_together(service):
    # 《全民参保百问百答》(一)1.普通门诊统筹: "起付线 报销比例 年度基金支付限额 / 0 70% 50% 300 元 400 元"
    # (一般诊疗费 70%, 其他 50%; 普通参保人 300 元, 纳入家庭医生签约管理 400 元).
    answer = service.answer("淮安看门诊能报销多少？")
    assert "报销比例 年度基金支付限额" not in answer.answer, answer.answer
    assert all(figure in answer.answer for figure in ("70%", "50%", "300", "400")), answer.answer
