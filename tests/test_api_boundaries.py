"""The API's boundaries: body sizes, rate limits, unexpected exceptions, Chinese errors for every status."""

from __future__ import annotations

import http.client
import json
import threading
import time

import pytest
import uvicorn
from fastapi.testclient import TestClient

from bot.storage.store import Store
from bot.web.api import create_api
from bot.web.server import create_app
from tests.conftest import free_port
from tests.test_api import FakeService
from tests.ui_fake_service import FakeService as PageFakeService

CITIES = ["连云港", "淮安", "长春", "长治", "随州"]
LIBRARY_WORDS = ("Not Found", "Method Not Allowed", "String should", "Field required", "Input should",
                 "Too Many", "Rate limit", "Request Entity")


def _client(tmp_path, environ=None, address=("10.0.0.1", 5000)):
    service = FakeService(Store(tmp_path / "s.sqlite"))
    return TestClient(create_api(service, environ=environ or {}), raise_server_exceptions=False,
                      client=address), service


def _chinese_error(response) -> str:
    body = response.json()
    assert not any(word in response.text for word in LIBRARY_WORDS), response.text
    assert any("\u4e00" <= c <= "\u9fff" for c in body["error"]), body
    return body["error"]


@pytest.mark.parametrize("path", ["/api/ask", "/api/calc/inpatient", "/api/feedback"])
def test_a_body_over_the_size_limit_is_a_413_in_chinese_on_every_route(tmp_path, path):
    client, service = _client(tmp_path, {"YIBAO_MAX_BODY_BYTES": "1000"})
    response = client.post(path, content=json.dumps({"question": "长" * 2000}), headers={"content-type": "application/json"})
    assert response.status_code == 413 and "过大" in _chinese_error(response)
    assert service.asked == []


def test_a_streamed_body_without_length_over_the_limit_is_a_413(tmp_path):
    client, service = _client(tmp_path, {"YIBAO_MAX_BODY_BYTES": "1000"})

    def chunks():
        for _ in range(10):
            yield b" " * 500
    response = client.post("/api/ask", content=chunks(), headers={"content-type": "application/json"})
    assert response.status_code == 413 and service.asked == []


def test_the_page_routes_have_the_body_limit_too(tmp_path):
    app = create_app(PageFakeService(Store(tmp_path / "s.sqlite")))
    client = TestClient(app, raise_server_exceptions=False)
    response = client.post("/gradio_api/queue/join", content=b"x" * 2_000_000,
                           headers={"content-type": "application/json"})
    assert response.status_code == 413


def test_gradio_uploads_are_refused_to_anonymous_clients(tmp_path):
    client = TestClient(create_app(PageFakeService(Store(tmp_path / "s.sqlite"))), raise_server_exceptions=False)
    response = client.post("/gradio_api/upload", files={"files": ("a.txt", b"x" * 10)})
    assert response.status_code == 403 and "上传" in response.json()["error"]


def test_more_requests_than_the_per_client_limit_get_a_chinese_429(tmp_path):
    client, _ = _client(tmp_path, {"YIBAO_RATE_LIMIT": "2/minute"})
    statuses = [client.get("/api/search", params={"q": "起付线"}).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert "频繁" in _chinese_error(client.get("/api/search", params={"q": "起付线"}))


def test_the_per_client_limit_does_not_stop_another_client(tmp_path):
    service = FakeService(Store(tmp_path / "s.sqlite"))
    app = create_api(service, environ={"YIBAO_RATE_LIMIT": "1/minute"})
    first = TestClient(app, client=("10.0.0.1", 1))
    second = TestClient(app, client=("10.0.0.2", 1))
    assert first.get("/api/search", params={"q": "a"}).status_code == 200
    assert first.get("/api/search", params={"q": "a"}).status_code == 429
    assert second.get("/api/search", params={"q": "a"}).status_code == 200


def test_the_total_limit_stops_all_clients_together(tmp_path):
    service = FakeService(Store(tmp_path / "s.sqlite"))
    app = create_api(service, environ={"YIBAO_RATE_LIMIT_TOTAL": "3/minute"})
    statuses = [TestClient(app, client=(f"10.0.0.{i}", 1)).get("/api/search", params={"q": "a"}).status_code
                for i in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_a_malformed_rate_limit_setting_is_refused_with_its_name(tmp_path):
    with pytest.raises(ValueError, match="YIBAO_RATE_LIMIT"):
        _client(tmp_path, {"YIBAO_RATE_LIMIT": "lots"})


def test_an_unknown_path_is_a_chinese_404_without_library_text(tmp_path):
    client, _ = _client(tmp_path)
    response = client.get("/api/nothing")
    assert response.status_code == 404 and _chinese_error(response)


def test_a_wrong_method_is_a_chinese_405_without_library_text(tmp_path):
    client, _ = _client(tmp_path)
    response = client.get("/api/ask")
    assert response.status_code == 405 and _chinese_error(response)


@pytest.mark.parametrize("body", [{"question": ""}, {}, {"question": 3}, [1, 2]])
def test_an_invalid_ask_body_is_a_chinese_422_without_library_text(tmp_path, body):
    client, _ = _client(tmp_path)
    response = client.post("/api/ask", json=body)
    assert response.status_code == 422 and _chinese_error(response).startswith("请求参数有误")
    assert "detail" not in response.json()


def test_a_body_that_is_not_json_is_a_chinese_422(tmp_path):
    client, _ = _client(tmp_path)
    response = client.post("/api/ask", content=b"{not json", headers={"content-type": "application/json"})
    assert response.status_code == 422 and _chinese_error(response)


def test_an_unsupported_city_is_a_400_listing_the_cities_on_ask_and_search_alike(tmp_path):
    client, service = _client(tmp_path)
    ask = client.post("/api/ask", json={"question": "起付线", "city": "北京"})
    search = client.get("/api/search", params={"q": "起付线", "city": "北京"})
    assert ask.status_code == search.status_code == 400
    assert ask.json()["accepted"] == search.json()["accepted"] == CITIES
    assert all(city in ask.json()["error"] for city in CITIES) and service.asked == []


def test_an_unexpected_exception_is_a_chinese_500_and_the_keep_alive_connection_survives(tmp_path):
    service = FakeService(Store(tmp_path / "s.sqlite"))
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_api(service, environ={}), host="127.0.0.1", port=port,
                                           log_level="critical"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 20
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.05)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        replies = []
        for question in ("boom", "淮安起付线"):
            connection.request("POST", "/api/ask", body=json.dumps({"question": question}),
                               headers={"content-type": "application/json"})
            response = connection.getresponse()
            replies.append((response.status, json.loads(response.read())))
        assert replies[0][0] == 500 and "稍后再试" in replies[0][1]["error"]
        assert replies[1][0] == 200 and replies[1][1]["answer"] == "一级医院起付线300元[1]"
        connection.close()
    finally:
        server.should_exit = True
        thread.join(10)


def test_rate_limits_can_be_switched_off(tmp_path):
    client, _ = _client(tmp_path, {"YIBAO_RATE_LIMIT": "off", "YIBAO_RATE_LIMIT_TOTAL": "off"})
    assert {client.get("/api/search", params={"q": "a"}).status_code for _ in range(70)} == {200}
