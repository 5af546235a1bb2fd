"""The staff lookup tab: passages for a query with a city filter, and the questions left unanswered."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import gradio as gr
import pandas as pd

from bot.web.chat_tab import ANY_CITY, CITY_CHOICES, MAX_QUESTION_CHARS, city_or_none
from bot.web.render import PAGE_ONLY, passages_html

log = logging.getLogger("yibao.ui")

LOOKUP_FAILED = '<p class="yb-none">检索暂时出现问题，请稍后再试；如索引尚未建立，请先运行 yibao ingest。</p>'
UNANSWERED_HEADERS = ["时间", "城市", "问题", "原因"]


def query_terms(query: str) -> list[str]:
    """Words of the query to highlight (jieba search-mode tokens of two characters or more)."""
    import jieba

    return [t for t in jieba.lcut_for_search(query) if len(t.strip()) >= 2]


def passage_dict(p: Any) -> dict[str, Any]:
    return {"doc_id": p.doc_id, "doc_title": getattr(p, "doc_title", "") or p.doc_id, "city": p.city,
            "section": p.section, "title": p.title, "published": p.published, "text": p.text}


def lookup(service: Any, query: str, city_choice: str | None, k: int) -> str:
    text = (query or "").strip()
    if not text:
        return '<p class="yb-none">请输入要查找的政策关键词或问题。</p>'
    if len(text) > MAX_QUESTION_CHARS:
        return f'<p class="yb-none">查询内容太长了（最多 {MAX_QUESTION_CHARS} 个字）。</p>'
    try:
        passages = service.search(text, city=city_or_none(city_choice), k=int(k))
    except Exception:
        log.exception("staff lookup failed")
        return LOOKUP_FAILED
    return passages_html([passage_dict(p) for p in passages], query_terms(text))


def unanswered_table(service: Any) -> pd.DataFrame:
    import datetime as dt

    try:
        rows = service.store.unanswered()
    except Exception:
        log.exception("listing unanswered questions failed")
        rows = []
    return pd.DataFrame(
        [[dt.datetime.fromtimestamp(float(r.get("created") or 0)).strftime("%Y-%m-%d %H:%M"),
          r.get("city") or "", r.get("question") or "", r.get("reason") or ""] for r in rows],
        columns=UNANSWERED_HEADERS,
    )


def build_lookup_tab(service_of: Callable[[], Any]) -> None:
    gr.Markdown("按城市查找政策原文段落（匹配的词语以高亮显示），便于核对和引用。")
    with gr.Row(equal_height=True):
        query = gr.Textbox(label="查找内容", placeholder="如：异地就医备案、住院起付线", scale=4,
                           max_length=MAX_QUESTION_CHARS + 100, elem_id="yb-lookup-query")
        city = gr.Dropdown(CITY_CHOICES, value=ANY_CITY, label="城市", scale=1)
        k = gr.Slider(1, 20, value=5, step=1, label="段落数", scale=1)
        go = gr.Button("查找", variant="primary", scale=1, elem_id="yb-lookup-go")
    results = gr.HTML("", elem_id="yb-lookup-results")
    go.click(lambda q, c, n: lookup(service_of(), q, c, n), [query, city, k], results, api_visibility=PAGE_ONLY)
    query.submit(lambda q, c, n: lookup(service_of(), q, c, n), [query, city, k], results, api_visibility=PAGE_ONLY)
    with gr.Accordion("居民提出但未能回答的问题", open=False):
        refresh = gr.Button("刷新列表", size="sm")
        table = gr.Dataframe(headers=UNANSWERED_HEADERS, interactive=False, wrap=True)
        refresh.click(lambda: unanswered_table(service_of()), None, table, api_visibility=PAGE_ONLY)
