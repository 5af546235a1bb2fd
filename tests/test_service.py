"""The service passes answers through the optional language model, guarded by the number check."""

from langchain_core.language_models.fake_chat_models import FakeListChatModel

from bot.answers.llm import LLMSettings
from bot.answers.model import Answer, Citation
from bot.service import Service
from bot.storage.store import Store

PASSAGE = "一级医院起付标准300元，支付比例85%。"


class FixedAnswerer:
    def answer(self, question, city=None, session_id=None):
        return Answer("淮安一级医院住院起付线为300元，报销85%[1]。", intent="policy", session_id="s",
                      citations=[Citation(1, "ha-2026-100qa", "淮安", "全民参保百问百答", "六十", None, None, PASSAGE)])


def service_with(chat_model, tmp_path):
    return Service(settings=None, answerer=FixedAnswerer(), store=Store(tmp_path / "s.sqlite"),
                   llm=LLMSettings(base_url="http://127.0.0.1:1/v1", model="m", timeout_s=5), chat_model=chat_model)


def test_without_a_language_model_the_extractive_answer_is_returned(tmp_path):
    answer = service_with(None, tmp_path).answer("淮安一级医院起付线")
    assert answer.answer == "淮安一级医院住院起付线为300元，报销85%[1]。"


def test_a_faithful_rephrasing_replaces_the_extractive_text(tmp_path):
    model = FakeListChatModel(responses=["在淮安，一级医院住院先自付300元起付线，超过部分报销85%[1]。"])
    answer = service_with(model, tmp_path).answer("淮安一级医院起付线")
    assert answer.answer == "在淮安，一级医院住院先自付300元起付线，超过部分报销85%[1]。"


def test_a_rephrasing_with_an_invented_figure_is_rejected(tmp_path):
    model = FakeListChatModel(responses=["淮安一级医院起付线为500元，报销90%[1]。"])
    answer = service_with(model, tmp_path).answer("淮安一级医院起付线")
    assert answer.answer == "淮安一级医院住院起付线为300元，报销85%[1]。"
