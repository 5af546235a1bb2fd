"""The evaluator's tab of the staff page: upload a question set (JSONL, the format of `yibao eval`),
run it with a progress bar, see the headline figures and a per-city chart, download `report.html`.

A run answers through a service of its own that records nothing (evaluation questions are not
residents' unanswered questions): `bot.evaluation.runner.default_answer_fn`, unless the page's
service offers `answer_for_evaluation(question, city)` itself.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import gradio as gr
import pandas as pd

from bot.web.render import PAGE_ONLY

log = logging.getLogger("yibao.ui")

MAX_ITEMS = 2000
METRIC_LABELS = {
    "n": "题数", "hit_at_1": "首位命中率", "hit_at_5": "前五命中率", "fact_recall": "要点覆盖率",
    "refusal_precision": "拒答准确率", "refusal_recall": "拒答召回率",
    "wrong_figure_rate": "答非所问数字率", "calc_accuracy": "计算准确率",
    "latency_ms_p50": "回答耗时中位数（毫秒）", "latency_ms_p95": "回答耗时 95% 分位（毫秒）",
}
CHART_METRICS = ("hit_at_1", "hit_at_5", "fact_recall")
HEADLINE_HEADERS = ["指标", "结果"]
NO_FILE = "请先上传题目文件（JSONL，每行一道题）。"
TOO_MANY_ITEMS = f"题目太多了（最多 {MAX_ITEMS} 道），请拆分后再评测。"
RUN_FAILED = "评测暂时出现问题，请稍后再试。"


def answer_fn_for(service: Any) -> Callable[[str, str | None], Any]:
    own = getattr(service, "answer_for_evaluation", None)
    if own is not None:
        return own
    from bot.evaluation.runner import default_answer_fn

    return default_answer_fn()


def format_metric(name: str, value: Any) -> str:
    if value is None:
        return "–"
    if name == "n":
        return str(value)
    if name.startswith("latency"):
        return f"{value:.1f}"
    return f"{value:.1%}"


def headline_rows(summary: dict[str, Any]) -> list[list[str]]:
    return [[label, format_metric(name, summary.get(name))] for name, label in METRIC_LABELS.items()]


def city_chart_html(summary: dict[str, Any]) -> str:
    """Bars of the share metrics per city, in HTML (Chinese labels whatever fonts the server has)."""
    groups = summary.get("by_city") or {}
    if not groups:
        return '<p class="yb-none">没有可以按城市统计的题目。</p>'
    rows = []
    for city, figures in groups.items():
        bars = []
        for name in CHART_METRICS:
            value = figures.get(name)
            width = 0 if value is None else max(0.0, min(1.0, float(value))) * 100
            bars.append(f'<div class="yb-bar-row"><span class="yb-bar-label">{METRIC_LABELS[name]}</span>'
                        f'<span class="yb-bar"><span class="yb-bar-fill yb-{name}" style="width:{width:.1f}%"></span></span>'
                        f'<span class="yb-bar-value">{format_metric(name, value)}</span></div>')
        rows.append(f'<div class="yb-city-chart"><b>{html.escape(str(city))}</b>（{figures.get("n", 0)} 道）'
                    + "".join(bars) + "</div>")
    return '<div class="yb-chart">' + "".join(rows) + "</div>"


def run_upload(path: str | None, answer_fn: Callable[[str, str | None], Any],
               progress: Callable[[float, str], Any] | None = None) -> tuple[str, list[list[str]], str, str | None]:
    """(notice, headline rows, chart HTML, report.html path) of a run over the uploaded file."""
    from bot.evaluation.dataset import DatasetError, load_items
    from bot.evaluation.metrics import summarize
    from bot.evaluation.report import HTML_FILE, write_run
    from bot.evaluation.runner import answer_item

    if not path:
        return NO_FILE, [], "", None
    try:
        items, warnings = load_items([path])
    except DatasetError as exc:
        return "题目文件有误：\n" + "\n".join(f"- {p}" for p in exc.problems[:10]), [], "", None
    except (OSError, UnicodeDecodeError):
        return "题目文件无法读取，请确认是 UTF-8 编码的 JSONL 文件。", [], "", None
    if not items:
        return "题目文件中没有题目。", [], "", None
    if len(items) > MAX_ITEMS:
        return TOO_MANY_ITEMS, [], "", None
    started, clock = dt.datetime.now().astimezone(), time.perf_counter()
    results = []
    for index, item in enumerate(items):
        if progress is not None:
            progress(index / len(items), f"正在回答第 {index + 1} / {len(items)} 道题")
        results.append(answer_item(answer_fn, item))
    summary = summarize(results)
    out = Path(tempfile.mkdtemp(prefix="yibao-eval-"))
    meta = {"files": [Path(path).name], "retriever": "", "city": None, "started": started.isoformat(timespec="seconds"),
            "duration_s": round(time.perf_counter() - clock, 1), "errors": sum(1 for r in results if r.error)}
    write_run(out, summary, results, meta)
    notice = f"评测完成：共 {len(items)} 道题，用时 {meta['duration_s']} 秒。"
    if meta["errors"]:
        notice += f"其中 {meta['errors']} 道题回答时出错（详见报告）。"
    if warnings:
        notice += f"题目文件有 {len(warnings)} 处提示（详见报告）。"
    return notice, headline_rows(summary), city_chart_html(summary), str(out / HTML_FILE)


def build_eval_tab(service_of: Callable[[], Any]) -> None:
    gr.Markdown("上传题目文件（JSONL 格式：每行一道题，字段同命令行评测的题库），逐题回答并打分。"
                "评测的问题不会记入“未能回答的问题”。")
    upload = gr.File(label="题目文件（JSONL 格式）", file_types=[".jsonl"], type="filepath", elem_id="yb-eval-file")
    start = gr.Button("开始评测", variant="primary", elem_id="yb-eval-run")
    notice = gr.Markdown("", elem_id="yb-eval-notice")
    headline = gr.Dataframe(headers=HEADLINE_HEADERS, interactive=False, buttons=[], elem_id="yb-eval-headline")
    chart = gr.HTML("", elem_id="yb-eval-chart")
    report = gr.DownloadButton("下载评测报告（网页文件）", visible=False, elem_id="yb-eval-report")

    def run(path: str | None, progress: gr.Progress = gr.Progress()) -> tuple[Any, ...]:  # noqa: B008
        try:
            text, rows, html_chart, report_path = run_upload(
                path, answer_fn_for(service_of()), lambda share, desc: progress(share, desc=desc))
        except Exception:
            log.exception("an evaluation run from the page failed")
            text, rows, html_chart, report_path = RUN_FAILED, [], "", None
        table = pd.DataFrame(rows, columns=HEADLINE_HEADERS)
        button = gr.update(value=report_path, visible=report_path is not None)
        return text, table, html_chart, button

    start.click(run, [upload], [notice, headline, chart, report], api_visibility=PAGE_ONLY)
