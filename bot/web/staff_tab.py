"""The staff page (`/staff/`, behind the login of `bot.web.auth`): policy lookup, the questions left
unanswered and residents' feedback (each list filtered, marked handled and exported as CSV), the
links of questions to the passages answering them, and evaluation runs (`bot.web.eval_tab`).

Every list shows the rows of `bot.service` (redacted there, names too) with Chinese reasons
(`bot.web.staff.REASON_LABELS`). Who marks a row handled is the logged-in account, read from the
request on every event (the page keeps no identity of its own).
"""

from __future__ import annotations

import datetime as dt
import logging
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import gradio as gr
import pandas as pd

from bot.web.chat_tab import ANY_CITY, CITY_CHOICES, MAX_QUESTION_CHARS, city_or_none
from bot.web.eval_tab import build_eval_tab
from bot.web.render import PAGE_ONLY, passages_html
from bot.web.staff import (
    ANNOTATION_COLUMNS,
    FEEDBACK_COLUMNS,
    HANDLED_LABELS,
    REASON_LABELS,
    UNANSWERED_COLUMNS,
    annotation_view,
    day_bounds,
    feedback_view,
    table_rows,
    to_csv,
    unanswered_view,
)

log = logging.getLogger("yibao.ui")

TITLE = "医保问答 · 工作人员"
LOOKUP_FAILED = '<p class="yb-none">检索暂时出现问题，请稍后再试；如索引尚未建立，请联系系统管理员。</p>'
LIST_FAILED = "列表暂时无法读取，请稍后再试。"
ANY_REASON = "全部原因"
REASON_CHOICES = [ANY_REASON, *REASON_LABELS.values()]
ANY_RATING = "全部评价"
RATING_CHOICES = [ANY_RATING, "👍 有帮助", "👎 没帮助"]
HANDLED_CHOICES = list(HANDLED_LABELS.values())
NOT_STAFF = "登录已失效，请刷新页面重新登录。"
BAD_DATE = "日期格式应为 2026-01-31。"
LIST_LIMIT = 500
UNANSWERED_HEADERS = [label for _, label in UNANSWERED_COLUMNS]
FEEDBACK_HEADERS = [label for _, label in FEEDBACK_COLUMNS]


def query_terms(query: str) -> list[str]:
    """Words of the query to highlight (jieba search-mode tokens of two characters or more)."""
    import jieba

    return [t for t in jieba.lcut_for_search(query) if len(t.strip()) >= 2]


def passage_dict(p: Any) -> dict[str, Any]:
    return {"doc_id": p.doc_id, "doc_title": getattr(p, "doc_title", "") or p.doc_id, "city": p.city,
            "section": p.section, "title": p.title, "published": p.published, "text": p.text,
            "score": getattr(p, "score", None)}


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


def parse_day(text: str | None) -> dt.date | None:
    """A date typed as 2026-01-31 (also 2026/1/31, 2026.1.31); empty is None; anything else ValueError."""
    value = (text or "").strip().replace("/", "-").replace(".", "-")
    if not value:
        return None
    year, month, day = (int(part) for part in value.split("-"))
    return dt.date(year, month, day)


def _reason_code(label: str | None) -> str | None:
    for code, text in REASON_LABELS.items():
        if text == label:
            return code
    return None


def _handled(label: str | None) -> bool | None:
    for value, text in HANDLED_LABELS.items():
        if text == label:
            return value
    return None


def unanswered_views(service: Any, city_choice: str | None, reason_choice: str | None, since: str | None,
                     until: str | None, handled_choice: str | None) -> list[dict[str, Any]]:
    from bot.service import staff_unanswered

    start, end = day_bounds(parse_day(since), parse_day(until))
    rows = staff_unanswered(service.store, limit=LIST_LIMIT, city=city_or_none(city_choice),
                            reason=_reason_code(reason_choice), since=start, until=end,
                            handled=_handled(handled_choice))
    return [unanswered_view(r) for r in rows]


def feedback_views(service: Any, rating_choice: str | None, since: str | None, until: str | None,
                   handled_choice: str | None) -> list[dict[str, Any]]:
    from bot.service import staff_feedback

    rating = {"👍 有帮助": 1, "👎 没帮助": -1}.get(rating_choice or "")
    start, end = day_bounds(parse_day(since), parse_day(until))
    rows = staff_feedback(service.store, limit=LIST_LIMIT, rating=rating, since=start, until=end,
                          handled=_handled(handled_choice))
    return [feedback_view(r) for r in rows]


def _listing(views_of: Callable[[], list[dict[str, Any]]], columns: list[tuple[str, str]]) -> tuple[Any, str]:
    headers = [label for _, label in columns]
    try:
        views = views_of()
    except ValueError:
        return pd.DataFrame([], columns=headers), BAD_DATE
    except Exception:
        log.exception("listing for staff failed")
        return pd.DataFrame([], columns=headers), LIST_FAILED
    return pd.DataFrame(table_rows(views, columns), columns=headers), f"共 {len(views)} 条。"


def _export(views_of: Callable[[], list[dict[str, Any]]], columns: list[tuple[str, str]], stem: str) -> Any:
    try:
        text = to_csv(views_of(), columns)
    except Exception:
        log.exception("export for staff failed")
        return gr.update(value=None)
    folder = Path(tempfile.mkdtemp(prefix="yibao-export-"))
    path = folder / f"{stem}-{dt.date.today().isoformat()}.csv"
    path.write_text(text, encoding="utf-8")
    return gr.update(value=str(path))


def build_staff_ui(service_of: Callable[[], Any], staff_of: Callable[[Any], str | None]) -> gr.Blocks:
    """The staff page; `staff_of(request)` names the logged-in account of a gradio request (or None)."""
    with gr.Blocks(title=TITLE, analytics_enabled=False) as blocks:
        with gr.Row(equal_height=True):
            gr.Markdown(f"# {TITLE}", elem_classes=["yb-header"])
            who = gr.HTML("", elem_id="yb-staff-who")
        with gr.Tabs(overflow_behavior="wrap"):  # every tab in sight on a phone, no “更多” menu
            with gr.Tab("政策检索", id="lookup"):
                _build_lookup(service_of)
            with gr.Tab("未能回答的问题", id="unanswered"):
                unanswered = _build_unanswered(service_of, staff_of)
            with gr.Tab("居民反馈", id="feedback"):
                feedback = _build_feedback(service_of, staff_of)
            with gr.Tab("问题关联", id="annotations"):
                link_question = _build_annotations(service_of, staff_of)
            with gr.Tab("评测", id="evaluation"):
                build_eval_tab(service_of)

        def question_of(frame: Any, event: gr.SelectData) -> Any:
            column = list(frame.columns).index("问题")
            try:
                return str(frame.iloc[event.index[0], column])
            except (IndexError, TypeError, ValueError):
                return gr.update()

        for table in (unanswered, feedback):  # a row picked in a list is the question to link
            table.select(question_of, [table], link_question, api_visibility=PAGE_ONLY)

        def whoami(request: gr.Request) -> str:
            name = staff_of(request)
            if name is None:
                return NOT_STAFF
            import html

            return (f'<form method="post" action="/staff/logout" class="yb-staff-who">当前登录：'
                    f'<b>{html.escape(name)}</b> <button type="submit" id="yb-logout">退出登录</button></form>')

        blocks.load(whoami, None, who, api_visibility=PAGE_ONLY)
    return blocks


def _build_lookup(service_of: Callable[[], Any]) -> None:
    gr.Markdown("按城市查找政策原文段落（匹配的词语以高亮显示，附相关度），便于核对和引用。")
    with gr.Row(equal_height=True):
        query = gr.Textbox(label="查找内容", placeholder="如：异地就医备案、住院起付线", scale=4,
                           max_length=MAX_QUESTION_CHARS + 100, elem_id="yb-lookup-query")
        city = gr.Dropdown(CITY_CHOICES, value=ANY_CITY, label="城市", scale=1)
        k = gr.Slider(1, 20, value=5, step=1, label="段落数", scale=1)
        go = gr.Button("查找", variant="primary", scale=1, elem_id="yb-lookup-go")
    results = gr.HTML("", elem_id="yb-lookup-results")
    for trigger in (go.click, query.submit):
        trigger(lambda q, c, n: lookup(service_of(), q, c, n), [query, city, k], results, api_visibility=PAGE_ONLY)


def _date_boxes() -> tuple[gr.Textbox, gr.Textbox]:
    since = gr.Textbox(label="开始日期", placeholder="2026-01-01", max_length=10, scale=1)
    until = gr.Textbox(label="结束日期", placeholder="2026-01-31", max_length=10, scale=1)
    return since, until


def _mark_controls(kind: str, staff_of: Callable[[Any], str | None], service_of: Callable[[], Any],
                   table: gr.Dataframe, refresh: Callable[..., Any], inputs: list[Any], notice: gr.Markdown) -> None:
    with gr.Row(equal_height=True):
        row_id = gr.Number(value=None, label="编号（点表格中的一行即可填入）", precision=0, minimum=1, scale=2,
                           elem_id=f"yb-{kind}-row")
        mark = gr.Button("标记为已处理", scale=1, elem_id=f"yb-{kind}-mark")
    marked = gr.Markdown("", elem_id=f"yb-{kind}-marked")

    def pick(frame: Any, event: gr.SelectData) -> Any:
        try:
            return int(frame.iloc[event.index[0], 0])
        except (TypeError, ValueError, IndexError, AttributeError):
            return gr.update()

    table.select(pick, [table], row_id, api_visibility=PAGE_ONLY)

    def handle(number: float | None, request: gr.Request) -> str:
        return mark_row(service_of(), kind, number, staff_of(request))

    mark.click(handle, [row_id], marked, api_visibility=PAGE_ONLY).then(
        refresh, inputs, [table, notice], api_visibility=PAGE_ONLY)


def mark_row(service: Any, kind: str, number: float | None, staff: str | None) -> str:
    """Mark one row handled by `staff`; the Chinese notice of what happened."""
    from bot.service import mark_handled

    if staff is None:
        return NOT_STAFF
    if not number:
        return "请先填写或点选要标记的编号。"
    try:
        done = mark_handled(service.store, kind, int(number), staff)
    except Exception:
        log.exception("marking handled failed")
        return LIST_FAILED
    return f"第 {int(number)} 条已标记为已处理（{staff}）。" if done else f"没有第 {int(number)} 条。"


def _build_unanswered(service_of: Callable[[], Any], staff_of: Callable[[Any], str | None]) -> None:
    gr.Markdown("居民提出但未能回答的问题（已去除姓名、电话、证件号等个人信息），最新的在前。")
    with gr.Row(equal_height=True):
        city = gr.Dropdown(CITY_CHOICES, value=ANY_CITY, label="城市", scale=1)
        reason = gr.Dropdown(REASON_CHOICES, value=ANY_REASON, label="原因", scale=2)
        since, until = _date_boxes()
        handled = gr.Dropdown(HANDLED_CHOICES, value=HANDLED_LABELS[False], label="处理情况", scale=1)
    with gr.Row():
        show = gr.Button("查询", variant="primary", elem_id="yb-unanswered-show")
        export = gr.DownloadButton("导出 CSV", elem_id="yb-unanswered-export")
    notice = gr.Markdown("", elem_id="yb-unanswered-notice")
    table = gr.Dataframe(headers=UNANSWERED_HEADERS, interactive=False, wrap=True, buttons=[], elem_id="yb-unanswered")
    inputs = [city, reason, since, until, handled]

    def views(*filters: Any) -> list[dict[str, Any]]:
        return unanswered_views(service_of(), *filters)

    def refresh(*filters: Any) -> tuple[Any, str]:
        return _listing(lambda: views(*filters), UNANSWERED_COLUMNS)

    show.click(refresh, inputs, [table, notice], api_visibility=PAGE_ONLY)
    export.click(lambda *f: _export(lambda: views(*f), UNANSWERED_COLUMNS, "unanswered"), inputs, export,
                 api_visibility=PAGE_ONLY)
    _mark_controls("unanswered", staff_of, service_of, table, refresh, inputs, notice)
    return table


def _build_feedback(service_of: Callable[[], Any], staff_of: Callable[[Any], str | None]) -> None:
    gr.Markdown("居民对回答的评价和意见（已去除个人信息），最新的在前。")
    with gr.Row(equal_height=True):
        rating = gr.Dropdown(RATING_CHOICES, value=ANY_RATING, label="评价", scale=1)
        since, until = _date_boxes()
        handled = gr.Dropdown(HANDLED_CHOICES, value=HANDLED_LABELS[False], label="处理情况", scale=1)
    with gr.Row():
        show = gr.Button("查询", variant="primary", elem_id="yb-feedback-show")
        export = gr.DownloadButton("导出 CSV", elem_id="yb-feedback-export")
    notice = gr.Markdown("", elem_id="yb-feedback-notice")
    table = gr.Dataframe(headers=FEEDBACK_HEADERS, interactive=False, wrap=True, buttons=[], elem_id="yb-feedback-list")
    inputs = [rating, since, until, handled]

    def views(*filters: Any) -> list[dict[str, Any]]:
        return feedback_views(service_of(), *filters)

    def refresh(*filters: Any) -> tuple[Any, str]:
        return _listing(lambda: views(*filters), FEEDBACK_COLUMNS)

    show.click(refresh, inputs, [table, notice], api_visibility=PAGE_ONLY)
    export.click(lambda *f: _export(lambda: views(*f), FEEDBACK_COLUMNS, "feedback"), inputs, export,
                 api_visibility=PAGE_ONLY)
    _mark_controls("feedback", staff_of, service_of, table, refresh, inputs, notice)
    return table


ANNOTATION_HEADERS = [label for _, label in ANNOTATION_COLUMNS]
NOTHING_CHOSEN = "请先查找并选中一个段落。"


def passage_choices(passages: list[Any]) -> list[tuple[str, str]]:
    """(label, chunk id) of each passage found, for the staff member to pick the one that answers."""
    choices = []
    for n, p in enumerate(passages, start=1):
        snippet = " ".join(str(p.text or "").split())[:60]
        label = f"[{n}] {p.city}｜{getattr(p, 'doc_title', '') or p.doc_id}｜{p.section or p.title}：{snippet}"
        choices.append((label, p.chunk_id))
    return choices


def link_question(service: Any, question: str | None, chunk_id: str | None, staff: str | None) -> str:
    """Store the link of `question` to the passage `chunk_id` by `staff`; the Chinese notice."""
    from bot.service import annotate

    if staff is None:
        return NOT_STAFF
    if not (question or "").strip():
        return "请先填写要关联的问题（可在未回答列表或反馈列表中点选）。"
    if not chunk_id:
        return NOTHING_CHOSEN
    try:
        row = annotate(service.store, question.strip(), "chunk", chunk_id, staff)
    except Exception:
        log.exception("storing an annotation failed")
        return LIST_FAILED
    return f"已关联并记录（第 {row} 条，{staff}）。"


def revoke_link(service: Any, number: float | None, staff: str | None) -> str:
    from bot.service import revoke_annotation

    if staff is None:
        return NOT_STAFF
    if not number:
        return "请先填写或点选要撤销的关联编号。"
    try:
        done = revoke_annotation(service.store, int(number), staff)
    except Exception:
        log.exception("revoking an annotation failed")
        return LIST_FAILED
    return f"第 {int(number)} 条关联已撤销（{staff}）。" if done else f"没有第 {int(number)} 条生效中的关联。"


def annotation_table(service: Any) -> Any:
    from bot.service import staff_annotations

    return _listing(lambda: [annotation_view(r) for r in staff_annotations(service.store)], ANNOTATION_COLUMNS)


def _build_annotations(service_of: Callable[[], Any], staff_of: Callable[[Any], str | None]) -> gr.Textbox:
    gr.Markdown("把未能回答或评价为“没帮助”的问题关联到能回答它的政策原文段落。"
                "关联会记录关联人和时间，可随时撤销；下方列出全部关联记录。")
    question = gr.Textbox(label="要关联的问题（可在未回答列表或反馈列表中点选一行）", lines=2,
                          max_length=MAX_QUESTION_CHARS, elem_id="yb-link-question")
    with gr.Row(equal_height=True):
        query = gr.Textbox(label="查找段落（不填则用上面的问题）", scale=4, max_length=MAX_QUESTION_CHARS,
                           elem_id="yb-link-query")
        city = gr.Dropdown(CITY_CHOICES, value=ANY_CITY, label="城市", scale=1)
        find = gr.Button("查找段落", scale=1, elem_id="yb-link-find")
    chosen = gr.Radio([], label="选择能回答这个问题的段落", elem_id="yb-link-choices")
    shown = gr.HTML("", elem_id="yb-link-passages")
    link = gr.Button("关联所选段落", variant="primary", elem_id="yb-link-save")
    notice = gr.Markdown("", elem_id="yb-link-notice")
    with gr.Row():
        refresh = gr.Button("刷新关联记录", size="sm", elem_id="yb-link-refresh")
        export = gr.DownloadButton("导出 CSV", size="sm", elem_id="yb-link-export")
    table = gr.Dataframe(headers=ANNOTATION_HEADERS, interactive=False, wrap=True, buttons=[],
                         elem_id="yb-annotations")
    with gr.Row(equal_height=True):
        number = gr.Number(value=None, label="关联编号（点表格中的一行即可填入）", precision=0, minimum=1, scale=2,
                           elem_id="yb-link-row")
        revoke = gr.Button("撤销这条关联", scale=1, elem_id="yb-link-revoke")

    def search(question_text: str, query_text: str, city_choice: str) -> tuple[Any, str]:
        text = (query_text or "").strip() or (question_text or "").strip()
        if not text:
            return gr.update(choices=[], value=None), '<p class="yb-none">请输入要查找的内容。</p>'
        try:
            passages = service_of().search(text[:MAX_QUESTION_CHARS], city=city_or_none(city_choice), k=8)
        except Exception:
            log.exception("staff lookup for an annotation failed")
            return gr.update(choices=[], value=None), LOOKUP_FAILED
        return (gr.update(choices=passage_choices(passages), value=None),
                passages_html([passage_dict(p) for p in passages], query_terms(text)))

    find.click(search, [question, query, city], [chosen, shown], api_visibility=PAGE_ONLY)

    def save(question_text: str, chunk_id: str | None, request: gr.Request) -> str:
        return link_question(service_of(), question_text, chunk_id, staff_of(request))

    def listing() -> Any:
        frame, _ = annotation_table(service_of())
        return frame

    link.click(save, [question, chosen], notice, api_visibility=PAGE_ONLY).then(
        listing, None, table, api_visibility=PAGE_ONLY)
    refresh.click(listing, None, table, api_visibility=PAGE_ONLY)
    export.click(lambda: _export(lambda: [annotation_view(r) for r in _annotation_rows(service_of())],
                                 ANNOTATION_COLUMNS, "annotations"), None, export, api_visibility=PAGE_ONLY)

    def pick(frame: Any, event: gr.SelectData) -> Any:
        try:
            return int(frame.iloc[event.index[0], 0])
        except (TypeError, ValueError, IndexError, AttributeError):
            return gr.update()

    table.select(pick, [table], number, api_visibility=PAGE_ONLY)

    def undo(row: float | None, request: gr.Request) -> str:
        return revoke_link(service_of(), row, staff_of(request))

    revoke.click(undo, [number], notice, api_visibility=PAGE_ONLY).then(listing, None, table, api_visibility=PAGE_ONLY)
    return question


def _annotation_rows(service: Any) -> list[dict[str, Any]]:
    from bot.service import staff_annotations

    return staff_annotations(service.store)
