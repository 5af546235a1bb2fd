"""The page in a real headless browser (Debian's chromium driven by playwright's Python API).

The app runs in a uvicorn thread on a free loopback port with a fake service (fixed answers), so no
index is needed; one slow test runs on the real service. Skips when chromium or playwright is missing.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Iterator

import pytest

from bot.storage.store import Store
from bot.web.server import create_app
from tests.conftest import free_port
from tests.ui_fake_service import PASSAGE, FakeService

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright (pip install playwright) is not installed")
CHROMIUM = os.environ.get("YIBAO_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
if CHROMIUM is None:
    pytest.skip("chromium is not installed (apt-get install -y chromium)", allow_module_level=True)

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
START_TIMEOUT_S = 60
WAIT_MS = 30_000
ATTACK = "<img src=x onerror=alert(1)>"
PASSAGE_ATTACK = "<img src=y onerror=window.__pwned=1>"


sync_api.expect.set_options(timeout=WAIT_MS)


def serve(app) -> Iterator[str]:
    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + START_TIMEOUT_S
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail(f"the app did not start on 127.0.0.1:{port} within {START_TIMEOUT_S} s")
        time.sleep(0.1)
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.should_exit = True
        thread.join(timeout=20)


@pytest.fixture(scope="module")
def fake(tmp_path_factory) -> FakeService:
    store = Store(tmp_path_factory.mktemp("browser") / "s.sqlite")
    return FakeService(store, passage_text=PASSAGE + "\n" + PASSAGE_ATTACK)


@pytest.fixture(scope="module")
def url(fake) -> Iterator[str]:
    yield from serve(create_app(fake))


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, timeout=WAIT_MS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(browser, url):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1400, "height": 1100})
    page = context.new_page()
    page.dialogs = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    page.set_default_timeout(WAIT_MS)
    page.goto(url, timeout=WAIT_MS)
    page.wait_for_selector("#yb-question textarea")
    yield page
    context.close()


def ask(page, text: str) -> None:
    page.fill("#yb-question textarea", text)
    page.click("#yb-send")


def test_a_policy_question_in_a_chosen_city_shows_its_citation_and_passage(page, fake):
    page.locator("#yb-city label", has_text="淮安").click()
    ask(page, "起付线是多少")
    summary = page.locator("#yb-citations details summary").first
    sync_api.expect(summary).to_contain_text("[1] 淮安｜《全民参保百问百答》｜六十、住院医疗待遇｜发布于 2025-09-01")
    summary.click()
    sync_api.expect(page.locator("#yb-citations .yb-passage").first).to_contain_text("三级医院\t900 元\t65%")
    sync_api.expect(page.locator("#yb-chat")).to_contain_text("一级医院起付线 300 元")
    assert fake.asked[-1][:2] == ("起付线是多少", "淮安")


def test_a_calculation_question_shows_the_step_table(page):
    """淮安 Q60: “三级医院 900 元 65%”: (50000 − 900) × 65% = 31915."""
    ask(page, "淮安三级医院住院5万能报多少")
    steps = page.locator("#yb-steps")
    sync_api.expect(steps).to_be_visible()
    sync_api.expect(steps).to_contain_text("(50000 − 900) × 65%")
    sync_api.expect(steps).to_contain_text("31,915 元")
    sync_api.expect(steps).to_contain_text("步骤")


def test_html_typed_into_the_chat_is_shown_as_text_and_never_runs(page):
    ask(page, ATTACK)
    chat = page.locator("#yb-chat")
    sync_api.expect(chat).to_contain_text("（您的问题：" + ATTACK + "）")
    summary = page.locator("#yb-citations details summary").first
    summary.click()
    sync_api.expect(page.locator("#yb-citations .yb-passage").first).to_contain_text(PASSAGE_ATTACK)
    page.wait_for_timeout(500)  # give an injected onerror the chance to fire
    assert page.dialogs == []
    assert page.locator("img[src='x'], img[src='y']").count() == 0
    assert page.evaluate("window.__pwned === undefined")


def test_a_follow_up_choice_is_sent_as_the_next_message_in_the_same_session(page, fake):
    ask(page, "住院报销")
    choice = page.locator(".yb-follow-up", has_text="三级")
    sync_api.expect(choice).to_be_visible()
    session = fake.asked[-1][2] or f"fake-session-{len(fake.asked)}"
    choice.click()
    sync_api.expect(page.locator("#yb-citations details summary").first).to_be_visible()
    assert fake.asked[-1][0] == "三级" and fake.asked[-1][2] == session


def test_thumbs_up_posts_feedback_to_the_store(page, fake):
    ask(page, "门诊报销比例")
    sync_api.expect(page.locator("#yb-chat")).to_contain_text("门诊报销比例")
    sync_api.expect(page.locator("#yb-citations details summary").first).to_be_visible()
    page.click("#yb-like")
    sync_api.expect(page.locator("#yb-feedback")).to_contain_text("感谢您的反馈")
    assert fake.store.feedback()[0]["question"] == "门诊报销比例"


def test_a_too_long_question_gets_a_chinese_message_instead_of_an_answer(page, fake):
    asked_before = len(fake.asked)
    ask(page, "长" * 501)
    sync_api.expect(page.locator("#yb-chat")).to_contain_text("您的问题太长了（最多 500 个字）")
    assert len(fake.asked) == asked_before


@pytest.mark.slow
@pytest.mark.timeout(1800)  # includes building the session's real index on 2 busy cores
def test_the_real_service_answers_a_policy_question_with_a_citation(browser, real_index):
    for url in serve(create_app(None)):
        context = browser.new_context(locale="zh-CN")
        page = context.new_page()
        page.set_default_timeout(120_000)
        page.goto(url)
        page.locator("#yb-city label", has_text="淮安").click()
        ask(page, "住院起付线是多少？")
        sync_api.expect(page.locator("#yb-citations details summary").first).to_contain_text("淮安")
        context.close()
