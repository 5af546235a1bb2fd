"""The files of a run: `summary.json`, `answers.jsonl`, `chart.png`, `report.md` and `report.html`.

The HTML page is the evaluators' report, in Chinese: self-contained (inline style, the chart of
hit@1, hit@5 and fact recall by city drawn as HTML bars, so the browser's fonts show the city names)
and escaping every piece of text it shows: questions, answers and passages are untrusted.
`chart.png` (matplotlib) goes with report.md; without a CJK font on the machine its labels use the
cities' romanised names.
"""

from __future__ import annotations

import dataclasses
import html
import io
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bot.evaluation.metrics import GENERAL, METRICS, city_label, counts
from bot.evaluation.scoring import ItemResult
from bot.storage.redact import redact, redact_value

SUMMARY_FILE = "summary.json"
ANSWERS_FILE = "answers.jsonl"
CHART_FILE = "chart.png"
MARKDOWN_FILE = "report.md"
HTML_FILE = "report.html"

LABELS = {
    "n": "items", "hit_at_1": "hit@1", "hit_at_5": "hit@5", "fact_recall": "fact recall",
    "refusal_precision": "refusal precision", "refusal_recall": "refusal recall",
    "false_refusal_rate": "false refusal", "wrong_figure_rate": "wrong figure", "calc_accuracy": "calc accuracy", "latency_ms_p50": "latency p50 (ms)", "latency_ms_p95": "latency p95 (ms)",
}
CHART_METRICS = ("hit_at_1", "hit_at_5", "fact_recall")
# The evaluators' page (report.html) is in Chinese; report.md and summary.json keep the metric names.
LABELS_ZH = {
    "n": "题数", "hit_at_1": "首位命中率（hit@1）", "hit_at_5": "前5命中率（hit@5）", "fact_recall": "要点召回率",
    "refusal_precision": "拒答准确率", "refusal_recall": "拒答召回率",
    "false_refusal_rate": "误拒率", "wrong_figure_rate": "答非所问数字率", "calc_accuracy": "测算准确率",
    "latency_ms_p50": "响应时间中位数（毫秒）", "latency_ms_p95": "响应时间95分位（毫秒）",
}
KINDS_ZH = {"factual": "政策问答", "calculation": "测算"}
META_ZH = {"files": "题集文件", "retriever": "检索方式", "city": "指定城市", "started": "开始时间",
           "duration_s": "用时（秒）", "errors": "出错题数"}
_BAR_COLOURS = {"hit_at_1": "#2e86c1", "hit_at_5": "#85c1e9", "fact_recall": "#27ae60"}
ROMANISED = {"连云港": "Lianyungang", "淮安": "Huai'an", "长春": "Changchun", "长治": "Changzhi",
             "随州": "Suizhou", GENERAL: "general"}
CJK_FONTS = ("Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Zen Hei",
             "WenQuanYi Micro Hei", "SimHei", "Microsoft YaHei", "PingFang SC", "Heiti SC")
PASSAGE_PREVIEW_CHARS = 300  # passages in the Markdown report are cut here; the HTML page shows them whole
PASSAGES_SHOWN = 5


def write_run(out_dir: Path, summary: dict[str, Any], results: Sequence[ItemResult], meta: dict[str, Any]) -> None:
    """Write every file of the run into `out_dir` (created when missing); personal data in the
    questions, answers and errors is redacted in every file (the documents' passages are kept)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    results = [redacted_result(r) for r in results]
    (out_dir / SUMMARY_FILE).write_text(json.dumps(summary, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    with (out_dir / ANSWERS_FILE).open("w", encoding="utf-8") as handle:
        for result in results:
            handle.write(json.dumps(result.to_dict(), ensure_ascii=False, default=str) + "\n")
    png = render_chart(summary)
    (out_dir / CHART_FILE).write_bytes(png)
    (out_dir / MARKDOWN_FILE).write_text(render_markdown(summary, results, meta), encoding="utf-8")
    (out_dir / HTML_FILE).write_text(render_html(summary, results, meta, png), encoding="utf-8")


def redacted_result(result: ItemResult) -> ItemResult:
    """`result` with personal data removed from what a resident may have typed or the bot echoed."""
    return dataclasses.replace(
        result, question=redact(result.question), answer=redact_value(result.answer),  # type: ignore[arg-type]
        error=redact(result.error) if result.error else None,
        answer_facts=[redact(f) for f in result.answer_facts],
    )


# ---------------------------------------------------------------------------------------------
# formatting


def format_value(name: str, value: Any) -> str:
    if value is None:
        return "–"
    if name == "n":
        return str(value)
    if name.startswith("latency"):
        return f"{value:.1f}"
    return f"{value:.3f}"


def format_cell(name: str, value: Any, tally: tuple[int, int] | None) -> str:
    text = format_value(name, value)
    if tally is not None and tally[1]:
        text += f" ({tally[0]}/{tally[1]})"
    return text


# The words of the expected and answered lines, for report.md (en) and report.html (zh).
_PHRASES = {
    "en": {"calc": "{} {} (tolerance {})", "refusal": "a refusal (the documents do not cover it)", "facts": "facts: ",
           "quote": "source quote: ", "error": "(error) ", "refused": "(refused) ", "total": " [calculation total: {}]",
           "empty": "(empty)"},
    "zh": {"calc": "{} {}（允许误差 {}）", "refusal": "拒答（文件没有涉及）", "facts": "要点：", "quote": "依据原文：",
           "error": "（出错）", "refused": "（拒答）", "total": " [测算合计：{}]", "empty": "（空）"},
}


def expected_text(result: ItemResult, lang: str = "en") -> str:
    say = _PHRASES[lang]
    if result.kind == "calculation":
        return say["calc"].format(result.expected, result.unit, result.tolerance)
    if result.expect_refusal:
        return say["refusal"]
    parts = []
    if result.answer_facts:
        parts.append(say["facts"] + "；".join(result.answer_facts))
    if result.source_quote:
        parts.append(say["quote"] + result.source_quote)
    return " | ".join(parts)


def answered_text(result: ItemResult, lang: str = "en") -> str:
    say = _PHRASES[lang]
    if result.error:
        return say["error"] + result.error
    head = say["refused"] if result.refused else ""
    total = result.calc_total
    tail = say["total"].format(total) if total is not None else ""
    return head + (result.answer_text or say["empty"]) + tail


def passage_heading(n: int, passage: dict[str, Any]) -> str:
    bits = [str(passage.get(key)) for key in ("city", "doc_id", "section") if passage.get(key)]
    return f"{n}. " + " · ".join(bits)


# ---------------------------------------------------------------------------------------------
# chart


def _chart_font() -> str | None:
    from matplotlib import font_manager

    available = {f.name for f in font_manager.fontManager.ttflist}
    return next((name for name in CJK_FONTS if name in available), None)


def render_chart(summary: dict[str, Any]) -> bytes:
    """PNG bytes: grouped bars of hit@1, hit@5 and fact recall per city (missing metrics left out)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    cities = list(summary.get("by_city", {}))
    font = _chart_font()
    labels = cities if font else [ROMANISED.get(c, c) for c in cities]
    figure = Figure(figsize=(max(5.0, 1.3 * len(cities) + 2), 3.6), dpi=100)
    axes = figure.add_subplot()
    width = 0.8 / len(CHART_METRICS)
    for i, name in enumerate(CHART_METRICS):
        values = [summary["by_city"][c].get(name) for c in cities]
        xs = [k + (i - (len(CHART_METRICS) - 1) / 2) * width for k in range(len(cities))]
        heights = [v if v is not None else 0.0 for v in values]
        bars = axes.bar(xs, heights, width, label=LABELS[name])
        for bar, value in zip(bars, values, strict=True):
            if value is None:
                bar.set_alpha(0.0)
    axes.set_xticks(range(len(cities)), labels, fontfamily=font or "DejaVu Sans")
    axes.set_ylim(0, 1.2)  # room for the legend above the bars
    axes.set_yticks([0, 0.2, 0.4, 0.6, 0.8, 1.0])
    axes.set_ylabel("share of items")
    axes.set_title("Retrieval hit@k and fact recall by city")
    axes.legend(loc="upper center", ncol=len(CHART_METRICS), fontsize="small")
    axes.grid(axis="y", alpha=0.3)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


# ---------------------------------------------------------------------------------------------
# Markdown


def _md(text: Any) -> str:
    """Text safe inside a Markdown table cell or a line: HTML and pipes escaped, newlines flattened."""
    text = html.escape(str(text), quote=False).replace("\\", "\\\\").replace("|", "\\|")
    return " ".join(text.splitlines())


def _md_quote(text: str) -> str:
    return "\n".join("> " + _md(line) if line else ">" for line in text.splitlines() or [""])


def _md_table(groups: list[tuple[str, dict[str, Any]]], first: str) -> list[str]:
    lines = [f"| {first} | " + " | ".join(LABELS[m] for m in METRICS) + " |",
             "|---" * (len(METRICS) + 1) + "|"]
    for name, values in groups:
        lines.append(f"| {_md(name)} | " + " | ".join(format_value(m, values.get(m)) for m in METRICS) + " |")
    return lines


def meta_value(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, list | tuple):
        return ", ".join(map(str, value))
    return str(value)


def _meta_lines(meta: dict[str, Any]) -> list[str]:
    return [f"- {key}: {_md(meta_value(value))}" for key, value in meta.items()]


def render_markdown(summary: dict[str, Any], results: Sequence[ItemResult], meta: dict[str, Any]) -> str:
    tallies = counts(results)
    lines = ["# yibao eval report", "", *_meta_lines(meta), "", "## Headline", "",
             "| metric | value |", "|---|---|"]
    for name in METRICS:
        lines.append(f"| {LABELS[name]} | {format_cell(name, summary.get(name), tallies.get(name))} |")
    lines += ["", "## By city", "", *_md_table(list(summary.get("by_city", {}).items()), "city")]
    lines += ["", "## By kind", "", *_md_table(list(summary.get("by_kind", {}).items()), "kind")]
    lines += ["", f"![hit@k and fact recall by city]({CHART_FILE})", ""]
    failed = [r for r in results if r.failures()]
    lines += [f"## Failures ({len(failed)})", ""]
    for result in failed:
        lines += [f"### {_md(result.id)} · {_md(city_label(result.city))} · {result.kind}", ""]
        lines += [f"- question: {_md(result.question)}"]
        lines += [f"- why: {_md('; '.join(result.failures()))}"]
        lines += [f"- expected: {_md(expected_text(result))}"]
        if result.quote_rank is not None:
            lines += [f"- quote found at rank {result.quote_rank}"]
        lines += ["- answered:", "", _md_quote(answered_text(result)), ""]
        if result.retrieved:
            lines += ["- retrieved:"]
            for n, passage in enumerate(result.retrieved[:PASSAGES_SHOWN], start=1):
                text = " ".join(str(passage.get("text") or "").split())
                if len(text) > PASSAGE_PREVIEW_CHARS:
                    text = text[:PASSAGE_PREVIEW_CHARS] + " …"
                lines += [f"  - {_md(passage_heading(n, passage))}: {_md(text)}"]
        else:
            lines += ["- retrieved: nothing"]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


# ---------------------------------------------------------------------------------------------
# HTML

_STYLE = """
body { font-family: system-ui, "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; margin: 2rem; color: #222; }
table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; }
th, td { border: 1px solid #ccc; padding: 0.25rem 0.6rem; text-align: right; }
th:first-child, td:first-child { text-align: left; }
th { background: #f3f3f3; }
section.failure { border-left: 4px solid #c0392b; padding: 0.3rem 1rem; margin: 1rem 0; background: #fafafa; }
.why { color: #c0392b; }
.answer { white-space: pre-wrap; background: #fff; border: 1px solid #ddd; padding: 0.5rem; }
.passage { white-space: pre-wrap; font-size: 0.9em; border-top: 1px dashed #ccc; padding: 0.3rem 0; }
.chart { margin: 0.5rem 0 1.5rem; max-width: 48rem; }
.chart .city { margin-bottom: 0.8rem; }
.chart h4 { margin: 0.2rem 0; }
.chart .bar { display: flex; align-items: center; gap: 0.5rem; margin: 0.15rem 0; }
.chart .label { width: 11rem; font-size: 0.85em; }
.chart .fill { display: inline-block; height: 0.9rem; }
.chart .value { font-size: 0.85em; }
"""


def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _html_table(groups: list[tuple[str, dict[str, Any]]], first: str) -> str:
    head = "".join(f"<th>{_e(LABELS_ZH[m])}</th>" for m in METRICS)
    rows = "".join(
        f"<tr><td>{_e(name)}</td>" + "".join(f"<td>{_e(format_value(m, v.get(m)))}</td>" for m in METRICS) + "</tr>"
        for name, v in groups
    )
    return f"<table><tr><th>{_e(first)}</th>{head}</tr>{rows}</table>"


def html_chart(summary: dict[str, Any]) -> str:
    """hit@1, hit@5 and fact recall by city as HTML bars: the browser draws the Chinese city names."""
    rows = []
    for city, values in summary.get("by_city", {}).items():
        bars = []
        for name in CHART_METRICS:
            value = values.get(name)
            width = 0.0 if value is None else max(0.0, min(1.0, float(value))) * 100
            shown = "–" if value is None else f"{value:.3f}"
            bars.append(f"<div class='bar'><span class='label'>{_e(LABELS_ZH[name])}</span>"
                        f"<span class='fill' style='width:{width:.1f}%;background:{_BAR_COLOURS[name]}'></span>"
                        f"<span class='value'>{_e(shown)}</span></div>")
        rows.append(f"<div class='city'><h4>{_e(city_label(city))}</h4>{''.join(bars)}</div>")
    return f"<figure class='chart' aria-label='各城市命中率与要点召回率'>{''.join(rows)}</figure>"


def _html_failure(result: ItemResult) -> str:
    kind = KINDS_ZH.get(result.kind, result.kind)
    parts = [f"<section class='failure' id='{_e(result.id)}'>",
             f"<h3>{_e(result.id)} · {_e(city_label(result.city))} · {_e(kind)}</h3>",
             f"<p><b>问题</b>：{_e(result.question)}</p>",
             f"<p class='why'><b>未通过原因</b>：{_e('；'.join(result.failures(chinese=True)))}</p>",
             f"<p><b>期望</b>：{_e(expected_text(result, 'zh'))}</p>"]
    if result.quote_rank is not None:
        parts.append(f"<p>依据原文位于第 {result.quote_rank} 个检索片段</p>")
    parts.append(f"<p><b>实际回答</b>：</p><div class='answer'>{_e(answered_text(result, 'zh'))}</div>")
    if result.retrieved:
        parts.append(f"<details><summary>检索到的片段（{min(len(result.retrieved), PASSAGES_SHOWN)}）</summary>")
        for n, passage in enumerate(result.retrieved[:PASSAGES_SHOWN], start=1):
            parts.append(f"<div class='passage'><b>{_e(passage_heading(n, passage))}</b>\n"
                         f"{_e(passage.get('text') or '')}</div>")
        parts.append("</details>")
    else:
        parts.append("<p><b>检索到的片段</b>：无</p>")
    parts.append("</section>")
    return "\n".join(parts)


def render_html(summary: dict[str, Any], results: Sequence[ItemResult], meta: dict[str, Any], png: bytes) -> str:
    """The evaluators' page, in Chinese; the chart is drawn in HTML (`png` stays beside it as chart.png)."""
    tallies = counts(results)
    headline = "".join(
        f"<tr><td>{_e(LABELS_ZH[m])}</td><td>{_e(format_cell(m, summary.get(m), tallies.get(m)))}</td></tr>"
        for m in METRICS
    )
    meta_items = "".join(f"<li>{_e(META_ZH.get(k, k))}：{_e(meta_value(v))}</li>" for k, v in meta.items())
    failed = [r for r in results if r.failures()]
    by_kind = [(KINDS_ZH.get(k, k), v) for k, v in summary.get("by_kind", {}).items()]
    body = [
        "<h1>医保问答评测报告</h1>", f"<ul>{meta_items}</ul>",
        "<h2>总体指标</h2>", f"<table><tr><th>指标</th><th>数值</th></tr>{headline}</table>",
        "<h2>各城市</h2>", _html_table([(city_label(c), v) for c, v in summary.get("by_city", {}).items()], "城市"),
        "<h2>各题型</h2>", _html_table(by_kind, "题型"),
        "<h2>各城市命中率与要点召回率</h2>", html_chart(summary),
        f"<h2>未通过的题目（{len(failed)}）</h2>", *(_html_failure(r) for r in failed),
    ]
    return ("<!DOCTYPE html>\n<html lang='zh-CN'><head><meta charset='utf-8'>"
            f"<title>医保问答评测报告</title><style>{_STYLE}</style></head>\n<body>\n"
            + "\n".join(body) + "\n</body></html>\n")
