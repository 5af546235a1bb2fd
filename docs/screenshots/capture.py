"""Take the screenshots of docs/screenshots/: every page state at 1280 px and at 390×844.

    YIBAO_DATA_DIR=<a built index> .venv/bin/python docs/screenshots/capture.py [--out docs/screenshots]

The app is served on a loopback port with the real index, a store of its own (a temporary
database: a few redacted rows for the staff lists, nothing written to the index's store) and a
temporary staff account. Needs chromium (apt-get install chromium fonts-noto-cjk) and playwright.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
STAFF, PASSWORD = "王芳", "screenshot-pass"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
WAIT_MS = 120_000
EVAL_ITEMS = [
    {"id": "S1", "city": "淮安", "question": "淮安三级医院住院起付线是多少？", "answer_facts": ["900元"],
     "source_quote": "三级医院\t900 元", "expect_refusal": False},
    {"id": "S2", "city": "随州", "question": "随州高血压门诊用药一年最多报多少？", "answer_facts": ["450元"],
     "source_quote": "高血压每年最高支付限额450元", "expect_refusal": False},
    {"id": "S3", "city": "长治", "question": "长治门诊统筹报销比例是多少？", "answer_facts": ["45%"],
     "source_quote": "支付比例 45% 55% 60%", "expect_refusal": False},
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(app) -> tuple[str, Callable[[], None]]:
    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        if not thread.is_alive():
            raise SystemExit("the app did not start")
        time.sleep(0.1)

    def stop() -> None:
        server.should_exit = True
        thread.join(timeout=20)

    return f"http://127.0.0.1:{port}/", stop


def build_app(folder: Path):
    from bot.service import Service
    from bot.storage.db import DATABASE_URL_ENV, sqlite_url
    from bot.web.auth import StaffAccounts
    from bot.web.server import create_app

    os.environ[DATABASE_URL_ENV] = sqlite_url(folder / "store.sqlite")
    service = Service.from_env()
    store = service.store
    store.add_unanswered("我叫张三，电话13912345678，惠民保怎么买？", "topic_not_covered", "淮安")
    store.add_unanswered("长治门诊慢性病今年新增了哪些病种？", "figure_not_found", "长治")
    store.add_unanswered("北京住院能报多少？", "other_place", None)
    store.add_feedback("随州居民医保一年交多少钱？", "随州2025年度城乡居民医保个人缴费标准……", 1, "很清楚", None)
    store.add_feedback("连云港大病保险怎么报销？", "【连云港】2.资金来源及筹资标准……", -1, "没说报销比例", None)
    accounts = StaffAccounts(folder / "staff.json")
    accounts.add(STAFF, PASSWORD)
    return create_app(service, staff=accounts)


def ask(page, text: str) -> None:
    page.fill("#yb-question textarea", text)
    page.click("#yb-send")


def answered(page, count: int) -> None:
    page.locator("#yb-chat .yb-actions").nth(count - 1).wait_for(timeout=WAIT_MS)


def shoot(page, out: Path, name: str, size: str, target: str | None = None) -> None:
    if target:  # its top at the top of the screen (inside the chat's own scrolling box too)
        page.locator(target).first.evaluate("el => el.scrollIntoView({block: 'start'})")
    page.wait_for_timeout(400)
    page.screenshot(path=str(out / f"{name}-{size}.png"))
    print(f"{name}-{size}.png")


def residents(browser, url: str, out: Path, size: str) -> None:
    context = browser.new_context(locale="zh-CN", viewport=SIZES[size])
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    page.goto(url)
    page.wait_for_selector("#yb-question textarea")
    shoot(page, out, "chat-empty", size)

    page.locator(".yb-example", has_text="淮安住院起付线").click()
    answered(page, 1)
    page.locator("#yb-chat a.yb-ref").first.click()
    shoot(page, out, "chat-citation", size, "#yb-chat details.yb-cite[open] summary")
    shoot(page, out, "chat-related", size, "#yb-related-title")

    page.locator(".yb-example", has_text="长春三级医院").click()
    page.locator(".yb-follow-up", has_text="市级").click()
    answered(page, 2)
    shoot(page, out, "chat-calculation", size, "#yb-chat table")

    page.locator("#yb-chat .yb-actions").first.locator("a.yb-rate").first.click()
    page.locator("#yb-feedback").get_by_text("感谢您的反馈").wait_for()
    page.locator("#yb-chat a.yb-copy").first.click()
    shoot(page, out, "chat-rated-copied", size, "#yb-chat .yb-actions")

    ask(page, "长治居民医保什么时候缴费？")
    answered(page, 3)
    shoot(page, out, "chat-declined", size, "#yb-chat [data-testid=bot] >> nth=-1")

    page.click("#yb-large")
    shoot(page, out, "chat-large", size, "#yb-chat [data-testid=bot] >> nth=-1")
    page.click("#yb-large")

    page.get_by_role("tab", name="报销计算器").click()
    shoot(page, out, "calculator", size)
    context.close()


def staff(browser, url: str, out: Path, size: str, questions: Path) -> None:
    context = browser.new_context(locale="zh-CN", viewport=SIZES[size])
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    page.goto(url + "staff/")
    page.fill("#yb-staff-name", STAFF)
    shoot(page, out, "staff-login", size)
    page.fill("#yb-staff-password", PASSWORD)
    page.click("#yb-staff-login")
    page.locator("#yb-staff-who").get_by_text(STAFF).wait_for()

    page.fill("#yb-lookup-query textarea, #yb-lookup-query input", "异地就医备案")
    page.click("#yb-lookup-go")
    page.locator("#yb-lookup-results details").first.wait_for()
    shoot(page, out, "staff-lookup", size)

    page.get_by_role("tab", name="未能回答的问题").click()
    page.click("#yb-unanswered-show")
    page.locator("#yb-unanswered-notice", has_text=re.compile(r"共 \d+ 条")).wait_for()
    shoot(page, out, "staff-unanswered", size, "#yb-unanswered-notice")

    page.get_by_role("tab", name="居民反馈").click()
    page.click("#yb-feedback-show")
    page.locator("#yb-feedback-notice", has_text=re.compile(r"共 \d+ 条")).wait_for()
    shoot(page, out, "staff-feedback", size, "#yb-feedback-notice")

    page.get_by_role("tab", name="问题关联").click()
    page.fill("#yb-link-question textarea", "连云港大病保险怎么报销？")
    page.fill("#yb-link-query textarea, #yb-link-query input", "连云港 大病保险 起付标准 1.6万元 报销60%")
    page.click("#yb-link-find")
    page.locator("#yb-link-choices label", has_text="4.大病保障").first.click()
    page.click("#yb-link-save")
    page.locator("#yb-link-notice").get_by_text("已关联并记录").wait_for()
    shoot(page, out, "staff-annotations", size, "#yb-link-notice")

    page.get_by_role("tab", name="评测").click()
    page.locator("#yb-eval-file input[type=file]").set_input_files(str(questions))
    page.wait_for_timeout(1000)
    page.click("#yb-eval-run")
    page.locator("#yb-eval-notice").get_by_text("评测完成").wait_for()
    shoot(page, out, "staff-evaluation", size, "#yb-eval-chart")
    context.close()


def api_docs(browser, url: str, out: Path, size: str) -> None:
    context = browser.new_context(locale="zh-CN", viewport=SIZES[size])
    page = context.new_page()
    page.goto(url + "docs")
    section = page.locator("section.op", has=page.locator("code.path", has_text="/api/ask"))
    section.locator("summary", has_text="试一试").click()
    section.get_by_role("button", name="发送请求").click()
    section.locator("pre.result").get_by_text("状态码 200").wait_for()
    shoot(page, out, "api-docs", size, "section.op >> nth=2")
    context.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent)
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    chromium = os.environ.get("YIBAO_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise SystemExit("chromium is not installed (apt-get install -y chromium fonts-noto-cjk)")
    folder = Path(tempfile.mkdtemp(prefix="yibao-shots-"))
    questions = folder / "questions.jsonl"
    questions.write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in EVAL_ITEMS), encoding="utf-8")
    url, stop = serve(build_app(folder))
    args.out.mkdir(parents=True, exist_ok=True)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=ARGS)
            for size in SIZES:
                residents(browser, url, args.out, size)
                staff(browser, url, args.out, size, questions)
                api_docs(browser, url, args.out, size)
            browser.close()
    finally:
        stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
