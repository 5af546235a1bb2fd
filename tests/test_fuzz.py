"""Fuzzing (hypothesis, fixed seed): `bot.answer` on a small fake index and every calculator endpoint
through the API raise nothing and answer no 500, each reply within a second.

`YIBAO_FUZZ_EXAMPLES` sets the examples per test (default a small count for CI; the issue's
measurement used ≥ 5,000 inputs over all tests).
"""

from __future__ import annotations

import datetime as dt
import json
import os

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.answers.answering import Answerer
from bot.config import Settings
from bot.retrieval.passage import Passage
from bot.service import Service
from bot.storage.store import Store
from bot.web.api import create_api
from calculators.registry import calculators

pytestmark = pytest.mark.fuzz

EXAMPLES = int(os.environ.get("YIBAO_FUZZ_EXAMPLES", "120"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
# Reply times are measured by `yibao bench`, not asserted here: a timed assertion on a shared machine
# fails by load, not by code. The bounds that keep every reply short are tested in test_calc_bounds.py.

PASSAGES = [
    Passage("ha#1", "ha-2026-100qa", "淮安", "住院起付标准是多少？", "参保待遇类", "qa", None, 0.5,
            "一级医院起付标准 200 元，二级医院 400 元，三级医院 800 元。"),
    Passage("cc#1", "cc-doc", "长春", "异地就医如何备案？", "异地就医", "qa", None, 0.4,
            "通过国家医保服务平台APP或电话办理异地就医备案。"),
]

WORDS = ["淮安", "长春", "连云港", "长治", "随州", "北京", "住院", "门诊", "起付线", "报销", "比例", "花了", "万",
         "元", "三级", "市级", "学生", "老人", "交多少", "大病", "慢性病", "那", "呢", "？", "，", "百分之",
         "2026年", "3月1日", "一二三四五六七八九十", "零点五", "%", "天", "个月", "岁"]
TEXT = st.lists(st.one_of(
    st.sampled_from(WORDS),
    st.integers(min_value=-10**40, max_value=10**40).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.text(max_size=20),  # any code point, surrogates and controls included
    st.sampled_from(["\ud800", "\udfff", "\x00", "\u200b", "\ufeff", "9" * 30, "<think>", "[1]", "\n"]),
), max_size=12).map("".join)


@pytest.fixture(scope="module")
def service(tmp_path_factory):
    answerer = Answerer(search=lambda query, city=None, k=5: [p for p in PASSAGES if city in (None, p.city)][:k],
                        today=lambda: dt.date(2026, 6, 1))
    service = Service(settings=Settings(), answerer=answerer, store=Store(tmp_path_factory.mktemp("fz") / "s.sqlite"))
    for warm_up in ("淮安住院花了5万元能报多少", "淮安", "长春异地就医怎么备案", "起付线", "北京医保"):
        service.answer(warm_up)  # loads the dictionaries and rules once, before the examples
    return service


@FUZZ
@given(question=TEXT, city=st.one_of(st.none(), st.sampled_from(["淮安", "长春", "北京", "", "\ud800"])),
       follow=TEXT)
def test_answering_random_messages_raises_nothing(service, question, city, follow):
    first = service.answer(question, city=city)
    second = service.answer(follow, session_id=first.session_id)
    assert isinstance(first.answer, str) and isinstance(second.to_dict(), dict)


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    from tests.test_api import FakeService
    app = create_api(FakeService(Store(tmp_path_factory.mktemp("fc") / "s.sqlite")),
                     environ={"YIBAO_RATE_LIMIT": "off", "YIBAO_RATE_LIMIT_TOTAL": "off"})
    return TestClient(app, raise_server_exceptions=False)


JSON_SCALAR = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-10**40, max_value=10**40),
    st.floats(allow_nan=False, allow_infinity=False), st.sampled_from(["NaN", "Infinity", "1e400", "-0"]),
    st.text(max_size=12), st.sampled_from(["淮安", "三级", "成年居民", "2026-03-01", "9999-12-31", "0001-01-01",
                                           "特困人员", "市级", "村卫生室", "高血压", "\ud800"]),
)
JSON_VALUE = st.recursive(JSON_SCALAR, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)), max_leaves=8)


def _payloads(name: str):
    fields = list(calculators()[name].input_model.model_fields)
    keys = st.one_of(st.sampled_from(fields), st.text(max_size=8))
    base = st.fixed_dictionaries({"city": st.sampled_from(["淮安", "长春", "连云港", "长治", "随州", "北京"])})
    return st.tuples(base, st.dictionaries(keys, JSON_VALUE, max_size=6)).map(lambda t: {**t[0], **t[1]})


@pytest.mark.parametrize("name", sorted(calculators()))
def test_every_calculator_endpoint_answers_random_inputs_without_a_500(client, name):
    @settings(parent=FUZZ, max_examples=max(10, EXAMPLES // 4))
    @given(payload=_payloads(name))
    def run(payload):
        response = client.post(f"/api/calc/{name}", content=json.dumps(payload),  # \ud800 sent escaped
                               headers={"content-type": "application/json"})
        assert response.status_code in (200, 400, 422), (payload, response.status_code, response.text[:300])
        assert "error" in response.json() or response.status_code == 200
    run()
