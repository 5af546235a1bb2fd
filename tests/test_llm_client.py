"""bot.answers.llm settings, and the real client path: langchain-openai `ChatOpenAI` over HTTP to a canned
OpenAI-compatible server on loopback (tests/llm_server.py), through `bot.answers.rephrase`."""

import json
import sys

import pytest

from bot.answers.llm import DEFAULT_TIMEOUT_S, LLMSettings, get_chat_model
from bot.answers.model import Answer, Citation
from bot.answers.rephrase import rephrase_with_outcome
from bot.answers.tools import calculator_tools
from bot.config import ConfigError
from tests.llm_server import CannedChatServer, Reply

pytest.importorskip("langchain_openai", reason="the llm extra (langchain-openai) is not installed")

# Verbatim from lyg-2026-contribution-notice (连云港 2026 缴费通知).
LYG_INPATIENT = ("在统筹区内一、二、三级医院住院起付线分别为200元、400元、800元，"
                 "起付线以上合规费用成年居民报销比例分别为85%、75%、65%")
QUESTION = "连云港三级医院住院起付线是多少？"
CLIENT_TIMEOUT_S = 0.5
SLOW_REPLY_S = 30.0
DEADLINE_S = 10.0  # rephrase's own deadline, well above the client's timeout


def policy_answer():
    citation = Citation(n=1, doc_id="lyg-2026-contribution-notice", city="连云港", title="2026年度城乡居民医保缴费通知",
                        section="住院待遇", published="2025-09-01", source_url=None, text=LYG_INPATIENT)
    return Answer(answer=LYG_INPATIENT + "。[1]", intent="policy", citations=[citation], city="连云港")


# --- settings ---------------------------------------------------------------------------------------


def test_no_model_when_nothing_is_configured():
    settings = LLMSettings.from_env({})
    assert (settings.configured, get_chat_model(settings)) == (False, None)


def test_settings_read_from_the_environment():
    settings = LLMSettings.from_env({"YIBAO_LLM_BASE_URL": "http://127.0.0.1:8000/v1", "YIBAO_LLM_MODEL": "qwen",
                                     "YIBAO_LLM_API_KEY": "k", "YIBAO_LLM_TIMEOUT": "7.5", "YIBAO_LLM_TOOLS": "1"})
    assert settings == LLMSettings("http://127.0.0.1:8000/v1", "qwen", "k", 7.5, True)


def test_api_key_is_optional_and_timeout_has_a_default():
    settings = LLMSettings.from_env({"YIBAO_LLM_BASE_URL": "http://127.0.0.1:8000/v1", "YIBAO_LLM_MODEL": "qwen"})
    assert (settings.api_key, settings.timeout_s, settings.tools) == (None, DEFAULT_TIMEOUT_S, False)


def test_base_url_without_model_is_an_error_naming_the_missing_variable():
    with pytest.raises(ConfigError, match="YIBAO_LLM_MODEL"):
        LLMSettings.from_env({"YIBAO_LLM_BASE_URL": "http://127.0.0.1:8000/v1"})


@pytest.mark.parametrize("raw", ["abc", "0", "-3", "nan"])
def test_bad_timeout_is_an_error_naming_the_variable(raw):
    with pytest.raises(ConfigError, match="YIBAO_LLM_TIMEOUT"):
        LLMSettings.from_env({"YIBAO_LLM_TIMEOUT": raw})


def test_bad_tools_flag_is_an_error_listing_accepted_values():
    with pytest.raises(ConfigError, match="YIBAO_LLM_TOOLS=.*1/0"):
        LLMSettings.from_env({"YIBAO_LLM_TOOLS": "maybe"})


def test_client_gets_endpoint_timeout_and_no_retries():
    model = get_chat_model(LLMSettings("http://127.0.0.1:9/v1", "qwen", None, 7.5))
    assert (model.openai_api_base, model.model_name, model.request_timeout, model.max_retries) == (
        "http://127.0.0.1:9/v1", "qwen", 7.5, 0)


def test_missing_llm_extra_is_a_clear_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "langchain_openai", None)  # what `import` sees when not installed
    with pytest.raises(ConfigError, match=r"yibao\[llm\]"):
        get_chat_model(LLMSettings("http://127.0.0.1:9/v1", "qwen"))


# --- over HTTP ----------------------------------------------------------------------------------------


@pytest.fixture
def server():
    with CannedChatServer() as running:
        yield running


def client_for(server, timeout_s=CLIENT_TIMEOUT_S):
    return get_chat_model(LLMSettings(server.base_url, "canned-model", None, timeout_s))


@pytest.mark.slow
def test_faithful_reply_over_http_is_given(server):
    # a rewrite keeps every figure of the extractive answer (the claim guard)
    reply = "一、二、三级医院住院起付线分别是200元、400元、800元，超过部分成年人分别报销85%、75%、65%[1]。"
    server.queue(Reply.text(reply))
    outcome = rephrase_with_outcome(policy_answer(), QUESTION, [], client_for(server), DEADLINE_S)
    assert (outcome.status, outcome.answer.answer) == ("rephrased", reply)
    request = server.requests[0]
    assert request["model"] == "canned-model"
    assert [m["role"] for m in request["messages"]] == ["system", "user"]
    assert LYG_INPATIENT in request["messages"][1]["content"]


@pytest.mark.slow
def test_invented_figure_over_http_falls_back(server):
    server.queue(Reply.text("三级医院起付线是1000元[1]。"))
    outcome = rephrase_with_outcome(policy_answer(), QUESTION, [], client_for(server), DEADLINE_S)
    assert (outcome.status, outcome.unsupported, outcome.answer.answer) == (
        "guard_rejected", ("1000元",), policy_answer().answer)


@pytest.mark.slow
def test_slow_reply_falls_back_within_the_client_timeout(server):
    server.queue(Reply.slow("三级医院起付线800元[1]。", SLOW_REPLY_S))
    outcome = rephrase_with_outcome(policy_answer(), QUESTION, [], client_for(server), DEADLINE_S)
    assert (outcome.status, outcome.answer.answer) == ("error", policy_answer().answer)
    assert "Timeout" in outcome.detail  # the client's own timeout, not rephrase's deadline
    assert outcome.elapsed_ms < DEADLINE_S * 1000


@pytest.mark.slow
def test_slow_reply_falls_back_at_the_rephrase_deadline(server):
    server.queue(Reply.slow("三级医院起付线800元[1]。", SLOW_REPLY_S))
    outcome = rephrase_with_outcome(policy_answer(), QUESTION, [], client_for(server, timeout_s=DEADLINE_S), 0.3)
    assert (outcome.status, outcome.answer.answer) == ("timeout", policy_answer().answer)


@pytest.mark.slow
def test_http_500_falls_back(server):
    server.queue(Reply.status(500))
    outcome = rephrase_with_outcome(policy_answer(), QUESTION, [], client_for(server), DEADLINE_S)
    assert (outcome.status, outcome.answer.answer) == ("error", policy_answer().answer)
    assert "500" in outcome.detail
    assert len(server.requests) == 1  # no retries


# --- calculator tools over HTTP ---------------------------------------------------------------------------

# 连云港 三级 50000元 on 2026-03-01: (50000 − 800) × 65% = 31980 (LYG_INPATIENT).
TOOL_ARGS = {"city": "连云港", "date": "2026-03-01", "level": "三级", "cost": 50000}


@pytest.mark.slow
def test_figure_from_a_calculator_tool_result_is_evidence(server):
    reply = ("一、二、三级医院起付线分别是200元、400元、800元，成年人报销85%、75%、65%；三级医院花费5万元时，"
             "医保基金支付31980元，个人负担18020元[1]。")
    server.queue(Reply.tool_call("inpatient", TOOL_ARGS), Reply.text(reply))
    outcome = rephrase_with_outcome(policy_answer(), "三级医院住院花5万报多少", [], client_for(server), DEADLINE_S,
                                    tools=calculator_tools())
    assert (outcome.status, outcome.answer.answer) == ("rephrased", reply)
    tool_message = server.requests[1]["messages"][-1]
    assert tool_message["role"] == "tool"
    assert json.loads(tool_message["content"])["total"] == 31980.0


@pytest.mark.slow
def test_figure_beside_a_tool_result_but_not_in_it_is_rejected(server):
    server.queue(Reply.tool_call("inpatient", TOOL_ARGS), Reply.text("医保基金支付32000元[1]。"))
    outcome = rephrase_with_outcome(policy_answer(), "三级医院住院花5万报多少", [], client_for(server), DEADLINE_S,
                                    tools=calculator_tools())
    assert (outcome.status, outcome.unsupported) == ("guard_rejected", ("32000元",))


@pytest.mark.slow
def test_tools_are_offered_to_the_model(server):
    server.queue(Reply.text("三级医院起付线800元[1]。"))
    rephrase_with_outcome(policy_answer(), QUESTION, [], client_for(server), DEADLINE_S, tools=calculator_tools())
    offered = {tool["function"]["name"] for tool in server.requests[0]["tools"]}
    assert {"inpatient", "critical_illness", "contribution"} <= offered
