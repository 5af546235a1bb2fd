"""/docs: the API's documentation in Chinese, served by the app itself (no script or style from elsewhere)."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from bot.storage.store import Store
from bot.web.api import create_api
from bot.web.api_docs import example_body, range_text, type_text
from bot.web.auth import StaffAccounts
from tests.test_api import FakeService

SWAGGER_WORDS = ("Try it out", "Execute", "Parameters", "Request body", "Responses", "Successful Response",
                 "Schemas", "Authorize", "swagger")


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    folder = tmp_path_factory.mktemp("docs")
    app = create_api(FakeService(Store(folder / "s.sqlite")), environ={}, staff=StaffAccounts(folder / "staff.json"))
    return TestClient(app, raise_server_exceptions=False)


@pytest.fixture(scope="module")
def page(client) -> str:
    response = client.get("/docs")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    return response.text


def test_the_docs_page_loads_nothing_from_elsewhere(page):
    assert re.findall(r'(?:src|href)="(https?:)?//', page) == []
    assert "cdn" not in page.lower()


def test_the_docs_page_has_none_of_swagger_uis_english_words(page):
    assert [word for word in SWAGGER_WORDS if word in page] == []


def test_every_route_of_the_schema_is_on_the_page_with_its_chinese_summary(client, page):
    schema = client.get("/openapi.json").json()
    for path, operations in schema["paths"].items():
        for operation in operations.values():
            assert f'<code class="path">{path}</code><span>{operation["summary"]}</span>' in page


def test_the_ask_body_fields_are_listed_with_their_chinese_descriptions(page):
    ask = page[page.index('<code class="path">/api/ask</code>'):page.index('<code class="path">/api/search</code>')]
    assert "<td><code>question</code></td><td>是</td><td>文字</td><td>居民的问题（1–500 个字）</td><td>1–500 个字</td>" in ask
    assert "<td><code>session_id</code></td><td>否</td><td>文字</td>" in ask
    assert "试一试" in ask and "&quot;question&quot;: &quot;淮安住院起付线是多少？&quot;" in ask


def test_the_feedback_body_lists_the_two_ratings(page):
    feedback = page[page.index("评价回答"):]
    assert "<td><code>rating</code></td><td>是</td><td>可选值之一</td><td>评价：1 表示有帮助，-1 表示没帮助</td><td>可选：1、-1</td>" in feedback


def test_redoc_is_not_served(client):
    response = client.get("/redoc")
    assert response.status_code == 404 and response.json()["error"] == "没有这个地址"


@pytest.mark.parametrize(("schema", "text"), [
    ({"type": "string"}, "文字"),
    ({"anyOf": [{"type": "string", "format": "date"}, {"type": "null"}]}, "日期（如 2026-01-31）"),
    ({"type": "integer"}, "整数"),
    ({"enum": [1, -1], "type": "integer"}, "可选值之一"),
])
def test_a_fields_type_is_named_in_chinese(schema, text):
    assert type_text(schema) == text


@pytest.mark.parametrize(("schema", "text"), [
    ({"type": "integer", "minimum": 1, "maximum": 50, "default": 5}, "1–50；默认 5"),
    ({"type": "string", "minLength": 1, "maxLength": 500}, "1–500 个字"),
    ({"anyOf": [{"type": "string", "maxLength": 10}, {"type": "null"}], "default": None}, "0–10 个字"),
    ({"enum": ["json", "csv"]}, '可选："json"、"csv"'),
])
def test_a_fields_limits_are_said_in_chinese(schema, text):
    assert range_text(schema) == text


def test_an_example_body_takes_the_fields_examples_and_fills_required_ones():
    schema = {"properties": {"question": {"type": "string", "examples": ["起付线"]},
                             "rating": {"enum": [1, -1]}, "comment": {"type": "string"}},
              "required": ["question", "rating"]}
    assert example_body(schema, {}, {}) == {"question": "起付线", "rating": 1}
