"""One status and one Chinese message per fault, on the API's routes and on the page's routes alike."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from bot.storage.store import Store
from bot.web.api import create_api
from bot.web.auth import StaffAccounts
from bot.web.server import create_app
from tests.test_api import FakeService
from tests.ui_fake_service import FakeService as PageFakeService

CITIES = ["连云港", "淮安", "长春", "长治", "随州"]
LIBRARY_WORDS = ("detail", "Not Found", "Method Not Allowed", "Field required", "Input should", "JSON decode",
                 "Unprocessable", "Unauthorized", "Forbidden", "File not allowed")


def _chinese(response) -> str:
    assert not any(word in response.text for word in LIBRARY_WORDS), response.text
    message = response.json()["error"]
    assert any("\u4e00" <= c <= "\u9fff" for c in message), message
    return message


@pytest.fixture
def api(tmp_path):
    service = FakeService(Store(tmp_path / "s.sqlite"))
    return TestClient(create_api(service, environ={}, staff=StaffAccounts(tmp_path / "staff.json")),
                      raise_server_exceptions=False)


@pytest.fixture(scope="module")
def whole(tmp_path_factory):
    folder = tmp_path_factory.mktemp("errors")
    app = create_app(PageFakeService(Store(folder / "s.sqlite")), staff=StaffAccounts(folder / "staff.json"))
    return TestClient(app, raise_server_exceptions=False)


@pytest.mark.parametrize("path", ["/nope", "/api/nope", "/gradio_api/nope", "/file=/etc/passwd"])
def test_an_unknown_path_is_a_chinese_404_with_the_page_mounted(whole, path):
    response = whole.get(path)
    assert response.status_code == 404 and _chinese(response) == "没有这个地址"


@pytest.mark.parametrize(("method", "path"), [("delete", "/api/ask"), ("put", "/api/calc"), ("post", "/healthz"),
                                              ("get", "/api/feedback/1/handled")])
def test_a_route_asked_with_another_method_is_a_chinese_405_with_the_page_mounted(whole, method, path):
    response = getattr(whole, method)(path)
    assert response.status_code == 405 and _chinese(response) == "不支持这种请求方式"


def test_a_malformed_gradio_request_is_a_chinese_422(whole):
    response = whole.post("/gradio_api/queue/join", json={})
    assert response.status_code == 422 and _chinese(response).startswith("请求参数有误")


def test_a_file_outside_the_page_is_a_chinese_403(whole):
    response = whole.get("/gradio_api/file=/etc/passwd")
    assert response.status_code == 403 and _chinese(response) == "不允许这样访问"


@pytest.mark.parametrize("body", [b"{not json", b'{"question": "a",}'])
def test_a_body_that_is_not_json_names_the_body_not_a_character_offset(api, body):
    response = api.post("/api/ask", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 422
    assert response.json()["field"] == "body" and _chinese(response) == "请求参数有误：请求体不是有效的 JSON"


@pytest.mark.parametrize("rating", [5, 0, "x", None])
def test_a_rating_other_than_1_or_minus_1_is_a_422_naming_the_allowed_values(api, rating):
    response = api.post("/api/feedback", json={"question": "q", "answer": "a", "rating": rating})
    assert response.status_code == 422 and response.json()["field"] == "rating"
    assert _chinese(response) == "请求参数有误：评价只能是 1（有帮助）或 -1（没帮助）"


def test_a_missing_question_names_the_field_in_chinese(api):
    response = api.post("/api/ask", json={"city": "淮安"})
    assert response.status_code == 422 and _chinese(response) == "请求参数有误：问题必须填写"


def test_an_invalid_query_parameter_names_it_in_chinese(api):
    response = api.get("/api/search", params={"q": "起付线", "k": 0})
    assert response.status_code == 422 and _chinese(response) == "请求参数有误：返回条数不能小于 1"


def test_an_unsupported_city_error_lists_the_cities_once(api):
    response = api.post("/api/ask", json={"question": "起付线", "city": "北京"})
    assert response.status_code == 400
    assert _chinese(response) == "不支持的城市“北京”（可选：连云港、淮安、长春、长治、随州）"


def test_an_unsupported_city_is_a_400_on_the_staff_list_too(api, tmp_path):
    password = StaffAccounts(tmp_path / "staff.json").add("wangfang")
    response = api.get("/api/unanswered", params={"city": "北京"}, auth=("wangfang", password))
    assert response.status_code == 400 and response.json()["accepted"] == CITIES


def test_every_request_body_field_is_described_in_chinese_in_the_docs(api):
    schema = api.get("/openapi.json").json()
    for model in ("AskRequest", "FeedbackRequest"):
        spec = schema["components"]["schemas"][model]
        assert any("\u4e00" <= c <= "\u9fff" for c in spec["description"])
        for name, field in spec["properties"].items():
            assert any("\u4e00" <= c <= "\u9fff" for c in field.get("description", "")), (model, name)
    calc_body = schema["paths"]["/api/calc/{name}"]["post"]["requestBody"]
    assert "input_schema" in calc_body["content"]["application/json"]["schema"]["description"]


def test_the_docs_carry_no_english_default_descriptions(api):
    text = api.get("/openapi.json").text
    assert "Successful Response" not in text and "Validation Error" not in text
    assert "HTTPValidationError" not in text
