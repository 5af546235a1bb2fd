"""Personal data planted in every format reaches no file: store, access log, evaluation outputs, LLM prompt."""

from __future__ import annotations

import datetime as dt
import json
import logging.config
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import uvicorn
from fastapi.testclient import TestClient
from langchain_core.language_models.fake_chat_models import FakeListChatModel

from bot.answers.answering import Answerer
from bot.answers.model import Answer, Citation
from bot.answers.rephrase import rephrase_with_outcome
from bot.config import Settings
from bot.evaluation.report import write_run
from bot.evaluation.scoring import ItemResult
from bot.service import Service
from bot.storage.redact import redact
from bot.storage.store import Store
from bot.web.api import create_api
from bot.web.server import access_log_config
from tests.conftest import free_port

# (planted text, what must not appear in any file written)
PLANTS = [
    ("身份证320802198001011234", "320802198001011234"),
    ("身份证320802 19800101 1234", "320802 19800101 1234"),
    ("身份证320802-19800101-123X", "320802-19800101-123X"),
    ("身份证320802.19800101.1234", "320802.19800101.1234"),
    ("身份证３２０８０２１９８００１０１１２３４", "３２０８０２１９８００１０１１２３４"),
    ("老身份证320802800101123", "320802800101123"),
    ("手机13912345678", "13912345678"),
    ("手机139-1234-5678", "139-1234-5678"),
    ("手机139.1234.5678", "139.1234.5678"),
    ("手机139 1234 5678", "139 1234 5678"),
    ("手机+86 139 1234 5678", "139 1234 5678"),
    ("手机１３９１２３４５６７８", "１３９１２３４５６７８"),
    ("手机一三九一二三四五六七八", "一三九一二三四五六七八"),
    ("座机0518-85123456", "85123456"),
    ("卡号6222 0212 3456 7890 123", "6222 0212 3456 7890 123"),
    ("卡号6222-0212-3456-7890", "6222-0212-3456-7890"),
    ("邮箱zhang.san@example.com", "zhang.san@example.com"),
    ("我叫王小明", "王小明"),
    ("住在海州区朝阳东路88号", "朝阳东路88号"),
]
PLANTED = "北京医保怎么报，" + "，".join(text for text, _ in PLANTS) + "。"


def _assert_clean(files: list[Path]) -> None:
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        for _, secret in PLANTS:
            for form in (secret, urllib.parse.quote(secret), urllib.parse.quote_plus(secret)):
                assert form not in text, f"{secret!r} leaked into {path.name}"


def test_redact_removes_every_planted_format():
    cleaned = redact(PLANTED)
    assert all(secret not in cleaned for _, secret in PLANTS), cleaned
    assert "北京医保怎么报" in cleaned


def test_the_store_keeps_no_planted_personal_data_in_feedback_or_unanswered(tmp_path):
    store = Store(tmp_path / "yibao.sqlite")
    answerer = Answerer(search=lambda *a, **k: [], today=lambda: dt.date(2026, 6, 1),
                        on_unanswered=lambda q, reason, city: store.add_unanswered(q, reason, city))
    service = Service(settings=Settings(), answerer=answerer, store=store)
    client = TestClient(create_api(service, environ={"YIBAO_RATE_LIMIT": "off"}))
    client.post("/api/ask", json={"question": PLANTED[:500]})
    assert client.post("/api/feedback", json={"question": PLANTED[:500], "answer": PLANTED, "rating": -1,
                                              "comment": PLANTED[:1000], "session_id": "13912345678"}).json() == {"ok": True}
    assert store.unanswered() and store.feedback()
    store.close()
    _assert_clean([tmp_path / "yibao.sqlite"])


def test_the_access_log_has_no_query_string_and_no_planted_data_in_paths(tmp_path):
    log_file = tmp_path / "access.log"
    config = access_log_config()
    config["handlers"]["access"] = {"class": "logging.FileHandler", "filename": str(log_file),
                                    "formatter": "access", "filters": ["yibao_access"]}
    from tests.test_api import FakeService
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_api(FakeService(Store(tmp_path / "s.sqlite")), environ={}),
                                           host="127.0.0.1", port=port, log_config=config))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 20
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.05)
        base = f"http://127.0.0.1:{port}"
        query = urllib.parse.urlencode({"q": PLANTED[:500]})
        urllib.request.urlopen(f"{base}/api/search?{query}", timeout=10).read()
        for _, secret in PLANTS[:3]:
            try:
                urllib.request.urlopen(f"{base}/api/calc/{urllib.parse.quote(secret)}", timeout=10)
            except urllib.error.HTTPError:
                pass
    finally:
        server.should_exit = True
        thread.join(10)
        logging.shutdown()
    assert "/api/search" in log_file.read_text(encoding="utf-8")
    _assert_clean([log_file])


def test_the_evaluation_outputs_keep_no_planted_personal_data(tmp_path):
    result = ItemResult(id="p1", kind="factual", city=None, question=PLANTED, latency_ms=1.0,
                        answer={"answer": "您提到的" + PLANTED, "refused": True, "session_id": "s"},
                        error="RuntimeError: " + PLANTED)
    write_run(tmp_path / "run", {"overall": {}}, [result], {"questions": ["x.jsonl"]})
    _assert_clean([p for p in (tmp_path / "run").iterdir() if p.suffix in (".json", ".jsonl", ".md", ".html")])


class RecordingChatModel(FakeListChatModel):
    prompts: list = []

    def _call(self, messages, stop=None, run_manager=None, **kwargs):
        RecordingChatModel.prompts.append("\n".join(str(m.content) for m in messages))
        return super()._call(messages, stop, run_manager, **kwargs)


def test_the_language_model_prompt_keeps_no_planted_personal_data(tmp_path):
    RecordingChatModel.prompts = []
    passage = "异地就医前需要办理备案手续"
    answer = Answer(passage + "。[1]", intent="policy", citations=[
        Citation(1, "ha-doc", "淮安", "百问百答", "异地就医", None, None, passage)])
    rephrase_with_outcome(answer, PLANTED, [passage], RecordingChatModel(responses=[passage + "[1]。"]), 5.0)
    prompt_file = tmp_path / "prompt.txt"
    prompt_file.write_text(json.dumps(RecordingChatModel.prompts, ensure_ascii=False), encoding="utf-8")
    assert RecordingChatModel.prompts
    _assert_clean([prompt_file])
