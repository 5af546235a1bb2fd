"""Calculator inputs are bounded: an absurd or malformed value is a Chinese 400, quickly, never a 500."""

from __future__ import annotations

import json
import time

import pytest
from fastapi.testclient import TestClient

from bot.storage.store import Store
from bot.web.api import create_api
from tests.test_api import FakeService


@pytest.fixture
def client(tmp_path):
    app = create_api(FakeService(Store(tmp_path / "s.sqlite")), environ={"YIBAO_RATE_LIMIT": "off"})
    return TestClient(app, raise_server_exceptions=False)


def _post(client, name, payload):
    started = time.monotonic()
    response = client.post(f"/api/calc/{name}", json=payload)
    return response, time.monotonic() - started


def test_outpatient_general_with_a_million_days_is_a_quick_400_naming_the_field(client):
    response, seconds = _post(client, "outpatient_general",
                              {"city": "随州", "facility": "村卫生室", "compliant_amount": 100, "days": 1_000_000})
    assert response.status_code == 400 and response.json()["field"] == "days" and seconds < 1


def test_contribution_with_groups_zero_is_a_400_not_a_500(client):
    response, _ = _post(client, "contribution", {"city": "淮安", "groups": 0})
    assert response.status_code == 400 and "格式" in response.json()["error"]


def test_settlement_with_a_huge_earlier_burden_is_a_400_not_a_500(client):
    response, _ = _post(client, "settlement", {"city": "淮安", "level": "三级", "cost": 1000,
                                                "earlier_burden": 10**30})
    assert response.status_code == 400 and response.json()["field"] == "earlier_burden"


@pytest.mark.parametrize("cost", ["NaN", "Infinity", "-Infinity"])
def test_a_cost_that_is_not_a_finite_number_is_a_400(client, cost):
    response, _ = _post(client, "inpatient", {"city": "淮安", "level": "三级", "cost": cost})
    assert response.status_code == 400 and response.json()["field"] == "cost"


@pytest.mark.parametrize("date", ["9999-01-01", "1900-01-01"])
def test_a_date_outside_the_explicit_range_is_a_400(client, date):
    response, _ = _post(client, "inpatient", {"city": "淮安", "level": "三级", "cost": 1000, "date": date})
    assert response.status_code == 400 and response.json()["field"] == "date"


def test_a_family_of_a_hundred_members_is_a_400(client):
    response, _ = _post(client, "contribution", {"city": "淮安", "members": [{}] * 100})
    assert response.status_code == 400 and response.json()["field"] == "members"


def test_a_calculator_payload_that_is_not_an_object_is_a_chinese_422(client):
    response = client.post("/api/calc/inpatient", json=[1, 2])
    assert response.status_code == 422 and "JSON 对象" in response.json()["error"]


def test_a_lone_surrogate_in_a_calculator_text_field_is_a_400_not_a_500(client):
    response = client.post("/api/calc/contribution", content=json.dumps({"city": "淮安", "person": "\ud800"}),
                           headers={"content-type": "application/json"})
    assert response.status_code == 400 and response.json()["field"] == "person"
