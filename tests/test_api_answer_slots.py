"""Answers computed at once per process are bounded (YIBAO_ANSWER_THREADS): CPU-bound answering in
more threads only shares the interpreter lock, so requests beyond the bound wait their turn."""

import asyncio
import threading
import time

import httpx
import pytest

from bot.answers.model import Answer
from bot.web.api import create_api, limits_from_env


class CountingService:
    """Records how many answers run at the same moment."""

    def __init__(self):
        self.running = 0
        self.most = 0
        self.lock = threading.Lock()

    def answer(self, question, city=None, session_id=None):
        with self.lock:
            self.running += 1
            self.most = max(self.most, self.running)
        time.sleep(0.05)  # long enough for the other requests to arrive meanwhile
        with self.lock:
            self.running -= 1
        return Answer(answer="答复", intent="policy")


async def ask_together(app, n):
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        replies = await asyncio.gather(*(client.post("/api/ask", json={"question": f"问题{i}"}) for i in range(n)))
    return [r.status_code for r in replies]


@pytest.mark.parametrize("threads", [1, 2])
def test_no_more_answers_run_at_once_than_configured(threads):
    service = CountingService()
    app = create_api(service, environ={"YIBAO_ANSWER_THREADS": str(threads), "YIBAO_RATE_LIMIT": "off"})
    assert asyncio.run(ask_together(app, 6)) == [200] * 6
    assert service.most == threads


def test_the_default_is_two_answers_at_once():
    assert limits_from_env({})["answer_threads"] == 2


def test_a_bad_thread_count_names_the_variable():
    with pytest.raises(ValueError, match="YIBAO_ANSWER_THREADS='0'"):
        limits_from_env({"YIBAO_ANSWER_THREADS": "0"})
