"""The page in a real headless browser (Debian's chromium driven by playwright's Python API).

The app runs in a uvicorn thread on a free loopback port with a fake service (fixed answers), so no
index is needed; one slow test runs on the real service. Skips when chromium or playwright is missing.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.storage.store import Store
from bot.web.auth import StaffAccounts
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


STAFF_NAME, STAFF_PASSWORD = "王芳", "browser-staff-pass"
PHONE = {"width": 390, "height": 844}
# latin words allowed in the page: acronyms of formats and units
ALLOWED_LATIN = {"CSV", "JSON", "JSONL"}
VISIBLE_LATIN_JS = """() => {
  const found = new Set();
  const latin = /[A-Za-z]{2,}/g;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, el = node.parentElement;
    if (!el || !node.textContent.trim()) { continue; }
    const box = el.getBoundingClientRect(), style = getComputedStyle(el);
    if (box.width === 0 || box.height === 0 || style.visibility === 'hidden' || style.display === 'none') { continue; }
    for (const word of node.textContent.match(latin) || []) { found.add(word); }
  }
  for (const el of document.querySelectorAll('[title],[aria-label],[placeholder]')) {
    for (const name of ['title', 'aria-label', 'placeholder']) {
      for (const word of (el.getAttribute(name) || '').match(latin) || []) { found.add(word); }
    }
  }
  return [...found];
}"""
# an element reaching past the right edge of the screen, unless a scrolling box of its own clips it
WIDER_THAN_SCREEN_JS = """() => {
  const width = document.documentElement.clientWidth;
  const clipped = (el) => {
    for (let up = el.parentElement; up; up = up.parentElement) {
      const overflow = getComputedStyle(up).overflowX;
      if (overflow === 'auto' || overflow === 'scroll' || overflow === 'hidden') {
        return up.getBoundingClientRect().right <= width + 1;
      }
    }
    return false;
  };
  const wide = [...document.querySelectorAll('body *')].filter((el) => {
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && box.right > width + 1 && !clipped(el);
  });
  return [document.documentElement.scrollWidth - width,
          wide.slice(0, 5).map((el) => el.tagName + '.' + el.className)];
}"""


@pytest.fixture(scope="module")
def staff_accounts(tmp_path_factory) -> StaffAccounts:
    accounts = StaffAccounts(tmp_path_factory.mktemp("browser-staff") / "staff.json")
    accounts.add(STAFF_NAME, STAFF_PASSWORD)
    return accounts


@pytest.fixture(scope="module")
def url(fake, staff_accounts) -> Iterator[str]:
    yield from serve(create_app(fake, staff=staff_accounts))


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
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 1000})
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
    summary = page.locator("#yb-chat details.yb-cite summary").first
    sync_api.expect(summary).to_contain_text("[1] 淮安｜《全民参保百问百答》｜六十、住院医疗待遇｜发布于 2025-09-01")
    summary.click()
    sync_api.expect(page.locator("#yb-chat .yb-passage").first).to_contain_text("三级医院 900元 65%")
    sync_api.expect(page.locator("#yb-chat")).to_contain_text("一级医院起付线 300 元")
    assert fake.asked[-1][:2] == ("起付线是多少", "淮安")


def test_a_calculation_question_shows_the_step_table_once_in_its_answer(page):
    """淮安 Q60: “三级医院 900 元 65%”: (50000 − 900) × 65% = 31915."""
    ask(page, "淮安三级医院住院5万能报多少")
    steps = page.locator("#yb-chat table")
    sync_api.expect(steps).to_have_count(1)
    sync_api.expect(steps).to_contain_text("(50000 − 900) × 65%")
    sync_api.expect(steps).to_contain_text("31,915元")
    sync_api.expect(steps).to_contain_text("步骤")


def test_a_question_is_sent_with_the_keyboard_alone(page, fake):
    # 适老化: no mouse needed. Type in the question box and press Enter to send; the large-font
    # switch is a focusable button that Enter toggles.
    page.focus("#yb-question textarea")
    page.keyboard.type("起付线是多少")
    page.keyboard.press("Enter")
    sync_api.expect(page.locator("#yb-chat")).to_contain_text("一级医院起付线 300 元")
    assert fake.asked[-1][0] == "起付线是多少"
    page.focus("#yb-large")
    page.keyboard.press("Enter")
    sync_api.expect(page.locator("#yb-large")).to_have_text("标准字号")


def test_html_typed_into_the_chat_is_shown_as_text_and_never_runs(page):
    ask(page, ATTACK)
    chat = page.locator("#yb-chat")
    sync_api.expect(chat).to_contain_text("（您的问题：" + ATTACK + "）")
    summary = page.locator("#yb-chat details.yb-cite summary").last
    summary.click()
    sync_api.expect(page.locator("#yb-chat .yb-passage").last).to_contain_text(PASSAGE_ATTACK)
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
    sync_api.expect(page.locator("#yb-chat details.yb-cite summary").first).to_be_visible()
    assert fake.asked[-1][0] == "三级" and fake.asked[-1][2] == session


def test_thumbs_down_with_a_comment_posts_both_to_the_store(page, fake):
    ask(page, "门诊报销比例")
    sync_api.expect(page.locator("#yb-chat details.yb-cite summary").first).to_be_visible()
    page.fill("#yb-comment textarea", "没说清楚门诊统筹")
    page.locator("#yb-chat a.yb-rate", has_text="没帮助").last.click()
    sync_api.expect(page.locator("#yb-feedback")).to_contain_text("感谢您的反馈")
    stored = fake.store.feedback()[0]
    assert (stored["question"], stored["rating"], stored["comment"]) == ("门诊报销比例", -1, "没说清楚门诊统筹")


def test_an_earlier_answer_keeps_its_own_rating_control(page, fake):
    ask(page, "第一问起付线")
    sync_api.expect(page.locator("#yb-chat .yb-actions")).to_have_count(1)
    ask(page, "第二问门诊")
    sync_api.expect(page.locator("#yb-chat .yb-actions")).to_have_count(2)
    first = page.locator("#yb-chat .yb-actions").first
    first.locator("a.yb-rate", has_text="有帮助").click()
    sync_api.expect(page.locator("#yb-feedback")).to_contain_text("这条回答对您有帮助")
    sync_api.expect(first.locator("a.yb-rated")).to_have_text("👍 有帮助")
    stored = fake.store.feedback()[0]
    assert (stored["question"], stored["rating"]) == ("第一问起付线", 1)


def test_an_earlier_answer_is_copied_as_plain_text_with_its_passage(browser, url):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 1000})
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(url)
    ask(page, "第一问起付线")
    sync_api.expect(page.locator("#yb-chat .yb-actions")).to_have_count(1)
    ask(page, "淮安三级医院住院5万能报多少")
    sync_api.expect(page.locator("#yb-chat .yb-actions")).to_have_count(2)
    copy = page.locator("#yb-chat a.yb-copy").first
    copy.click()
    sync_api.expect(copy).to_have_text("已复制")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("淮安：一级医院起付线 300 元，二级医院 600 元，三级医院 900 元[1]。")
    assert "（您的问题：第一问起付线）" in copied and "31915" not in copied
    assert "\n[1] 淮安｜《全民参保百问百答》｜六十、住院医疗待遇｜发布于 2025-09-01\n起付线" in copied
    assert "|" not in copied and copied.endswith(PASSAGE_ATTACK)  # the passage as text, verbatim
    context.close()


def test_a_question_sent_while_the_last_is_answered_waits_and_no_turn_is_lost(page):
    ask(page, "慢一点的问题")
    sync_api.expect(page.locator("#yb-chat [data-testid=user]")).to_have_count(1)
    ask(page, "第二问门诊")
    sync_api.expect(page.locator("#yb-feedback")).to_contain_text("上一个问题正在回答，请稍候再提问。")
    sync_api.expect(page.locator("#yb-question textarea")).to_have_value("第二问门诊")
    sync_api.expect(page.locator("#yb-chat .yb-actions")).to_have_count(1)
    page.click("#yb-send")
    sync_api.expect(page.locator("#yb-chat .yb-actions")).to_have_count(2)
    sync_api.expect(page.locator("#yb-chat [data-testid=user]")).to_have_text(["慢一点的问题", "第二问门诊"])


def test_a_too_long_question_gets_a_chinese_message_instead_of_an_answer(page, fake):
    asked_before = len(fake.asked)
    ask(page, "长" * 501)
    sync_api.expect(page.locator("#yb-chat")).to_contain_text("您的问题太长了（最多 500 个字）")
    assert len(fake.asked) == asked_before


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 1000}, PHONE], ids=["desktop", "phone"])
def test_a_citation_marker_opens_its_passage_in_place_below_its_answer(browser, url, viewport):
    context = browser.new_context(locale="zh-CN", viewport=viewport)
    page = context.new_page()
    page.goto(url)
    ask(page, "起付线是多少")
    answer = page.locator("#yb-chat .message-wrap").locator("details.yb-cite").first
    sync_api.expect(answer).not_to_have_attribute("open", "")
    page.locator("#yb-chat a.yb-ref", has_text="[1]").first.click()
    sync_api.expect(answer).to_have_attribute("open", "")
    sync_api.expect(answer.locator(".yb-passage")).to_be_in_viewport()
    context.close()


def test_each_answer_keeps_its_own_sources(page):
    ask(page, "起付线是多少")
    sync_api.expect(page.locator("#yb-chat details.yb-cite")).to_have_count(1)
    ask(page, "淮安三级医院住院5万能报多少")
    sync_api.expect(page.locator("#yb-chat table")).to_have_count(1)
    sources = page.locator("#yb-chat .yb-sources")
    sync_api.expect(sources).to_have_count(2)
    sync_api.expect(sources.first).to_contain_text("六十、住院医疗待遇")


def test_nothing_is_wider_than_a_phone_screen(browser, url):
    context = browser.new_context(locale="zh-CN", viewport=PHONE)
    page = context.new_page()
    page.goto(url)
    ask(page, "淮安三级医院住院5万能报多少")
    sync_api.expect(page.locator("#yb-chat table")).to_have_count(1)
    page.locator("#yb-chat details.yb-cite summary").first.click()
    overflow, wide = page.evaluate(WIDER_THAN_SCREEN_JS)
    assert (overflow, wide) == (0, [])
    context.close()


def test_every_calculator_is_one_choice_away_on_a_phone(browser, url):
    from calculators.registry import calculators

    title = calculators()["critical_illness"].title
    context = browser.new_context(locale="zh-CN", viewport=PHONE)
    page = context.new_page()
    page.goto(url)
    page.get_by_role("tab", name="报销计算器").click()
    sync_api.expect(page.locator("#yb-calc-form-inpatient")).to_be_visible()
    page.locator("#yb-calc-choice input").click()
    page.get_by_role("option", name=title).click()
    sync_api.expect(page.locator("#yb-calc-form-critical_illness")).to_be_visible()
    sync_api.expect(page.locator("#yb-calc-form-inpatient")).to_be_hidden()
    assert page.evaluate(WIDER_THAN_SCREEN_JS) == [0, []]
    context.close()


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 1000}, PHONE], ids=["desktop", "phone"])
def test_the_residents_page_shows_no_english_to_an_english_browser(browser, url, viewport):
    context = browser.new_context(locale="en-US", viewport=viewport)
    page = context.new_page()
    page.goto(url)
    ask(page, "淮安三级医院住院5万能报多少")
    sync_api.expect(page.locator("#yb-chat table")).to_have_count(1)
    page.locator("#yb-chat details.yb-cite summary").first.click()
    assert sorted(set(page.evaluate(VISIBLE_LATIN_JS)) - ALLOWED_LATIN) == []
    page.get_by_role("tab", name="报销计算器").click()
    sync_api.expect(page.locator("#yb-calc-form-inpatient")).to_be_visible()
    assert sorted(set(page.evaluate(VISIBLE_LATIN_JS)) - ALLOWED_LATIN) == []
    context.close()


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 1000}, PHONE], ids=["desktop", "phone"])
def test_large_font_mode_enlarges_the_answer_text_and_is_kept_on_reload(browser, url, viewport):
    context = browser.new_context(locale="zh-CN", viewport=viewport)
    page = context.new_page()
    page.goto(url)
    ask(page, "起付线是多少")
    text = page.locator("#yb-chat [data-testid=bot] p").first
    sync_api.expect(text).to_contain_text("一级医院起付线")
    before = float(text.evaluate("el => parseFloat(getComputedStyle(el).fontSize)"))
    page.click("#yb-large")
    sync_api.expect(page.locator("#yb-large")).to_have_text("标准字号")
    assert float(text.evaluate("el => parseFloat(getComputedStyle(el).fontSize)")) == 20.0 > before
    assert page.evaluate(WIDER_THAN_SCREEN_JS) == [0, []]
    page.reload()
    page.wait_for_selector("#yb-question textarea")
    sync_api.expect(page.locator("body")).to_have_class(re.compile(r"\byb-large\b"))
    context.close()


SIZES = pytest.mark.parametrize("viewport", [{"width": 1280, "height": 1000}, PHONE], ids=["desktop", "phone"])
STAFF_TABS = ["政策检索", "未能回答的问题", "居民反馈", "问题关联", "评测"]


@SIZES
def test_the_staff_page_needs_a_login_and_then_lists_redacted_questions(browser, url, fake, viewport):
    fake.store.add_unanswered("我叫张三，惠民保怎么买", "topic_not_covered", "淮安")
    context = browser.new_context(locale="en-US", viewport=viewport)
    page = context.new_page()
    page.goto(url + "staff/")
    sync_api.expect(page.locator("h1")).to_have_text("工作人员登录")
    page.fill("#yb-staff-name", STAFF_NAME)
    page.fill("#yb-staff-password", "wrong-password")
    page.click("#yb-staff-login")
    sync_api.expect(page.locator(".msg")).to_contain_text("账号或密码不正确")
    page.fill("#yb-staff-password", STAFF_PASSWORD)
    page.click("#yb-staff-login")
    sync_api.expect(page.locator("#yb-staff-who")).to_contain_text(f"当前登录：{STAFF_NAME}")
    page.get_by_role("tab", name="未能回答的问题").click()
    page.click("#yb-unanswered-show")
    table = page.locator("#yb-unanswered")
    sync_api.expect(table).to_contain_text("我叫[姓名]，惠民保怎么买")
    sync_api.expect(table).to_contain_text("文件中没有涉及这个问题")
    assert set(page.evaluate(VISIBLE_LATIN_JS)) - ALLOWED_LATIN == set()
    context.close()


@SIZES
def test_the_staff_api_and_page_events_are_refused_without_login(browser, url, viewport):
    context = browser.new_context(locale="zh-CN", viewport=viewport)
    page = context.new_page()
    response = page.request.get(url + "api/unanswered")
    assert response.status == 401 and "请先登录" in response.json()["error"]
    assert page.request.get(url + "staff/gradio_api/info").status == 401
    page.goto(url + "staff/")
    sync_api.expect(page.locator("h1")).to_have_text("工作人员登录")
    assert page.locator("#yb-unanswered").count() == 0
    context.close()


@SIZES
def test_every_staff_tab_is_in_sight_and_fits_the_screen(browser, url, viewport):
    context, page = _staff_login(browser, url, viewport)
    assert page.locator("button", has_text="更多").count() == 0
    for name in STAFF_TABS:
        tab = page.get_by_role("tab", name=name)
        sync_api.expect(tab).to_be_visible()
        tab.click()
        sync_api.expect(tab).to_have_attribute("aria-selected", "true")
        assert page.evaluate(WIDER_THAN_SCREEN_JS) == [0, []], name
        english = sorted(set(page.evaluate(VISIBLE_LATIN_JS)) - ALLOWED_LATIN)
        assert not english, f"{name}: {english}"
    context.close()


def _staff_login(browser, url, viewport=None):
    context = browser.new_context(locale="zh-CN", viewport=viewport or {"width": 1280, "height": 1000})
    page = context.new_page()
    page.goto(url + "staff/login")
    page.fill("#yb-staff-name", STAFF_NAME)
    page.fill("#yb-staff-password", STAFF_PASSWORD)
    page.click("#yb-staff-login")
    sync_api.expect(page.locator("#yb-staff-who")).to_contain_text(STAFF_NAME)
    return context, page


def test_a_staff_member_links_an_unanswered_question_to_a_passage_and_it_is_audited(browser, url, fake):
    fake.store.add_unanswered("淮安住院门槛费多少", "topic_not_covered", "淮安")
    context, page = _staff_login(browser, url)
    page.get_by_role("tab", name="未能回答的问题").click()
    page.click("#yb-unanswered-show")
    sync_api.expect(page.locator("#yb-unanswered")).to_contain_text("淮安住院门槛费多少")
    page.locator("#yb-unanswered").get_by_text("淮安住院门槛费多少", exact=True).last.click()
    page.get_by_role("tab", name="问题关联").click()
    sync_api.expect(page.locator("#yb-link-question textarea")).to_have_value("淮安住院门槛费多少")
    page.click("#yb-link-find")
    page.locator("#yb-link-choices label").first.click()
    page.click("#yb-link-save")
    sync_api.expect(page.locator("#yb-link-notice")).to_contain_text("已关联并记录")
    sync_api.expect(page.locator("#yb-annotations")).to_contain_text("淮安住院门槛费多少")
    latest = fake.store.annotations()[0]
    assert (latest["question"], latest["target_id"], latest["staff"]) == ("淮安住院门槛费多少", "ha#1", STAFF_NAME)
    context.close()


@SIZES
def test_an_evaluation_upload_produces_a_downloadable_report(browser, url, tmp_path, viewport):
    item = {"id": "B1", "city": "淮安", "question": "淮安三级医院起付线", "answer_facts": ["900 元"],
            "source_quote": "三级医院\t900 元", "expect_refusal": False}
    questions = tmp_path / "questions.jsonl"
    questions.write_text(json.dumps(item, ensure_ascii=False) + "\n", encoding="utf-8")
    context, page = _staff_login(browser, url, viewport)
    page.get_by_role("tab", name="评测").click()
    page.locator("#yb-eval-file input[type=file]").set_input_files(str(questions))
    page.wait_for_timeout(1000)  # the upload finishes before the run reads it
    page.click("#yb-eval-run")
    sync_api.expect(page.locator("#yb-eval-notice")).to_contain_text("评测完成：共 1 道题")
    sync_api.expect(page.locator("#yb-eval-headline")).to_contain_text("首位命中率")
    sync_api.expect(page.locator("#yb-eval-chart")).to_contain_text("淮安")
    with page.expect_download() as download:
        page.click("#yb-eval-report")
    assert download.value.suggested_filename == "report.html"
    report = Path(download.value.path()).read_text(encoding="utf-8")
    assert "淮安" in report and "首位命中率" in report
    assert page.evaluate(WIDER_THAN_SCREEN_JS) == [0, []]
    context.close()


@SIZES
def test_the_chinese_api_docs_send_a_request_and_fit_the_screen(browser, url, viewport):
    context = browser.new_context(locale="zh-CN", viewport=viewport)
    page = context.new_page()
    page.goto(url + "docs")
    ask_docs = page.locator("section.op", has=page.locator("code.path", has_text="/api/ask"))
    ask_docs.locator("summary", has_text="试一试").click()
    ask_docs.get_by_role("button", name="发送请求").click()
    sync_api.expect(ask_docs.locator("pre.result")).to_contain_text("状态码 200")
    sync_api.expect(ask_docs.locator("pre.result")).to_contain_text("一级医院起付线 300 元")
    assert page.evaluate(WIDER_THAN_SCREEN_JS) == [0, []]
    context.close()


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
        sync_api.expect(page.locator("#yb-chat details.yb-cite summary").first).to_contain_text("淮安")
        context.close()


# The page's example questions on the real index. The facts each answer must give, with the
# documents' words they come from:
EXAMPLE_FACTS = {
    # ha-2026-100qa （二）住院医疗待遇: "一级医院 300 元 85% … 二级医院 600 元 75% … 三级医院 900 元 65%"
    "淮安住院起付线是多少？": ["300元", "600元", "900元"],
    # cc-policy-handbook: "三级（市级）医院800元"; 待遇指南 "起付-3万 55%（65%） 60%（70%）" (省级, 市级)
    # and "三级市级医院报销60%-70%": (30000 − 800) × 60% = 17520
    "长春三级医院住院花了5万元，能报销多少？": ["800元", "(30000 − 800) × 60%", "17,520元"],
    # lyg-2026-contribution-notice 4.大病保障: "个人负担1.6万元以上至8万元部分，报销60%，8万元以上至15万元
    # 部分，报销70%，15万元以上至50万元部分，报销80%"
    "连云港大病保险报销比例是多少？": ["60%", "70%", "80%", "8万元", "15万元"],
    # sz-resident-brochure 两病门诊: "高血压每年最高支付限额450元" (最多报多少 asks the cap alone)
    "随州高血压门诊用药一年最多报多少？": ["450元"],
    # cz-benefit-tables 门诊统筹: "支付比例 45% 55% 60%" (三级, 二级, 一级医疗机构)
    "长治门诊统筹报销比例是多少？": ["45%", "55%", "60%"],
    # ha-2026-100qa 七十四: "新生儿出生 90 天内参保，其待遇享受期自出生之日起至当年 12 月 31 日"
    "新生儿出生后多久参保才能享受待遇？": ["90天内参保", "自出生之日起"],
}
FOLLOW_UP_CHOICE = {"长春三级医院住院花了5万元，能报销多少？": "市级"}  # 三级（市级）医院


def test_every_example_question_of_the_page_has_its_expected_facts():
    from bot.web.page import EXAMPLES

    assert set(EXAMPLES) == set(EXAMPLE_FACTS)


@pytest.fixture(scope="module")
def real_url(real_index_dir, staff_accounts, tmp_path_factory) -> Iterator[str]:
    """The page on the real index, with a store of its own (staff links made here stay here)."""
    from bot.storage.db import DATABASE_URL_ENV, sqlite_url
    from tests.e2e_support import service_on

    with pytest.MonkeyPatch.context() as env:
        env.setenv(DATABASE_URL_ENV, sqlite_url(tmp_path_factory.mktemp("real-page") / "store.sqlite"))
        service = service_on(real_index_dir)
    yield from serve(create_app(service, staff=staff_accounts))


@pytest.mark.slow
@pytest.mark.timeout(1800)  # includes building the session's real index on 2 busy cores
@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 1000}, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("example", list(EXAMPLE_FACTS))
def test_a_clicked_example_is_answered_with_the_documents_figures_and_related_questions(browser, real_url, example,
                                                                                         viewport):
    context = browser.new_context(locale="zh-CN", viewport=viewport)
    page = context.new_page()
    page.set_default_timeout(120_000)
    page.goto(real_url)
    page.locator(".yb-example", has_text=example).click()
    if example in FOLLOW_UP_CHOICE:
        page.locator(".yb-follow-up", has_text=FOLLOW_UP_CHOICE[example]).click()
        sync_api.expect(page.locator("#yb-chat .yb-actions")).to_have_count(1, timeout=120_000)
    answer = page.locator("#yb-chat [data-testid=bot]").last
    sync_api.expect(answer.locator(".yb-sources")).to_be_visible(timeout=120_000)
    text = answer.inner_text()
    assert [fact for fact in EXAMPLE_FACTS[example] if fact not in text] == [], text
    assert "抱歉" not in text
    sync_api.expect(page.locator(".yb-related").first).to_be_visible()
    assert page.locator(".yb-related:visible").count() >= 2
    assert page.evaluate(WIDER_THAN_SCREEN_JS) == [0, []]
    context.close()


@pytest.mark.slow
@pytest.mark.timeout(1800)
def test_a_question_a_staff_member_links_is_then_answered_from_the_linked_passage(browser, real_url):
    """The annotation loop on the real index: the 连云港 大病保险 question linked to the 2026 notice's
    4.大病保障 (“个人负担1.6万元以上至8万元部分，报销60%”) is answered from that passage."""
    question = "连云港大病保险怎么报销？"
    context, page = _staff_login(browser, real_url)
    page.set_default_timeout(120_000)
    page.get_by_role("tab", name="问题关联").click()
    page.fill("#yb-link-question textarea", question)
    page.fill("#yb-link-query input, #yb-link-query textarea", "连云港 大病保险 起付标准 1.6万元 报销60%")
    page.click("#yb-link-find")
    page.locator("#yb-link-choices label", has_text="4.大病保障").first.click()
    page.click("#yb-link-save")
    sync_api.expect(page.locator("#yb-link-notice")).to_contain_text("已关联并记录")
    sync_api.expect(page.locator("#yb-annotations")).to_contain_text(question)
    context.close()

    context = browser.new_context(locale="zh-CN", viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(120_000)
    page.goto(real_url)
    ask(page, question)
    answer = page.locator("#yb-chat [data-testid=bot]").last
    sync_api.expect(answer.locator(".yb-sources")).to_contain_text("4.大病保障")
    assert "60%" in answer.inner_text()
    context.close()
