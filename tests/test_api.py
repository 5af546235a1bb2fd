"""The REST API: JSON in and out, Chinese error messages with status codes, never a traceback."""

import pytest
from fastapi.testclient import TestClient

from bot.answers.model import Answer, Citation
from bot.retrieval.passage import Passage
from bot.storage.store import Store
from bot.web.api import create_api
from calculators.errors import InputError


class FakeService:
    """Stands in for the index-backed service, so the API's own behaviour is tested in isolation."""

    def __init__(self, store):
        self.store = store
        self.asked = []

    def answer(self, question, city=None, session_id=None):
        self.asked.append((question, city, session_id))
        if question == "boom":
            raise RuntimeError("index exploded")
        return Answer("一级医院起付线300元[1]", intent="policy", session_id=session_id or "s1",
                      citations=[Citation(1, "ha-2026-100qa", "淮安", "全民参保百问百答", "六十", None, None, "原文")])

    def search(self, query, city=None, k=5):
        if city == "北京":
            raise InputError("city", "不支持的城市“北京”", accepted=["连云港", "淮安", "长春", "长治", "随州"])
        return [Passage("ha#1", "ha-2026-100qa", "淮安", "六十、…", "参保待遇类", "qa", None, 0.5, "原文")][:k]

    def health(self):
        return {"index": "v1"}


@pytest.fixture
def client(tmp_path):
    service = FakeService(Store(tmp_path / "s.sqlite"))
    app = create_api(service)
    return TestClient(app, raise_server_exceptions=False), service


def test_ask_returns_the_answer_json_with_citations(client):
    c, _ = client
    body = c.post("/api/ask", json={"question": "淮安起付线", "city": "淮安"}).json()
    assert body["answer"] == "一级医院起付线300元[1]"
    assert body["citations"][0]["doc_id"] == "ha-2026-100qa"
    assert body["refused"] is False and body["session_id"] == "s1"


def test_ask_passes_city_and_session_to_the_service(client):
    c, service = client
    c.post("/api/ask", json={"question": "q", "city": "长春", "session_id": "abc"})
    assert service.asked == [("q", "长春", "abc")]


def test_an_empty_question_is_a_422_with_a_chinese_message(client):
    c, _ = client
    response = c.post("/api/ask", json={"question": ""})
    assert response.status_code == 422
    assert response.json()["error"].startswith("请求参数有误")


def test_an_overlong_question_is_refused_not_processed(client):
    c, service = client
    response = c.post("/api/ask", json={"question": "长" * 501})
    assert response.status_code == 422 and service.asked == []


def test_an_internal_failure_is_a_500_with_a_chinese_message_and_no_traceback(client):
    c, _ = client
    response = c.post("/api/ask", json={"question": "boom"})
    assert response.status_code == 500
    assert "稍后再试" in response.json()["error"]
    assert "Traceback" not in response.text and "exploded" not in response.text


def test_search_returns_passages_with_verbatim_text(client):
    c, _ = client
    body = c.get("/api/search", params={"q": "起付线", "k": 1}).json()
    assert body["passages"][0]["text"] == "原文"


def test_calc_runs_a_registered_calculator_with_its_steps(client):
    """淮安 Q60: “三级医院 900 元” deductible, 65% above it: (50000 − 900) × 65% = 31915."""
    c, _ = client
    body = c.post("/api/calc/inpatient",
                  json={"city": "淮安", "level": "三级", "cost": 50000, "date": "2026-06-01"}).json()
    assert body["total"] == 31915.0
    assert body["steps"][0]["label"]


def test_calc_with_a_missing_input_is_a_400_naming_the_field_and_choices(client):
    c, _ = client
    response = c.post("/api/calc/inpatient", json={"city": "淮安", "cost": 50000})
    assert response.status_code == 400
    assert response.json()["field"] == "level"
    assert response.json()["accepted"] == ["一级", "二级", "三级"]


def test_an_unknown_calculator_is_a_404_listing_the_known_ones(client):
    c, _ = client
    response = c.post("/api/calc/lottery", json={})
    assert response.status_code == 404
    assert "inpatient" in response.json()["accepted"]


def test_feedback_is_stored(client):
    c, service = client
    assert c.post("/api/feedback", json={"question": "q", "answer": "a", "rating": 1}).json() == {"ok": True}
    assert service.store.feedback()[0]["rating"] == 1


def test_healthz_reports_the_index_version(client):
    c, _ = client
    assert c.get("/healthz").json() == {"status": "ok", "index": "v1"}


def test_an_unknown_path_is_a_404_in_chinese(client):
    c, _ = client
    response = c.get("/nope")
    assert response.status_code == 404 and response.json()["error"] == "没有这个地址"


def test_search_in_an_unsupported_city_is_a_400_listing_the_cities(client):
    c, _ = client
    response = c.get("/api/search", params={"q": "起付线", "city": "北京"})
    assert response.status_code == 400
    assert response.json()["field"] == "city" and "淮安" in response.json()["accepted"]
