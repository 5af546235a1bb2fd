"""What staff see of residents' unanswered questions and feedback: Chinese reasons, local times,
filters and CSV export, shared by the staff API (`bot.web.staff_api`) and the staff page
(`bot.web.staff_tab`). The rows come through `bot.service` (redacted there, names too)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from typing import Any

# Why the bot declined, as staff read it: the composer's and the facts' reason codes. A reason that
# is already Chinese (the out-of-scope topic the understanding named) is shown as it is.
REASON_LABELS: dict[str, str] = {
    "no_passages": "没有检索到该城市的相关文件段落",
    "other_place": "问的是五个城市以外的地方",
    "topic_not_covered": "文件中没有涉及这个问题",
    "figure_not_found": "文件中找不到所问的金额或比例",
    "year_not_covered": "文件中没有所问年份的规定",
    "channel_not_given": "文件中没有给出所问的咨询或举报渠道",
}
OTHER_REASON = "其他原因"
RATING_LABELS = {1: "👍 有帮助", -1: "👎 没帮助"}
HANDLED_LABELS = {None: "全部", False: "未处理", True: "已处理"}

TARGET_KIND_LABELS = {"chunk": "政策原文段落", "fact": "政策参数"}
ANNOTATION_COLUMNS = [("id", "编号"), ("time", "时间"), ("staff", "关联人"), ("question", "问题"),
                      ("target_label", "关联到"), ("target_id", "段落或参数编号"), ("status", "状态")]
UNANSWERED_COLUMNS = [("id", "编号"), ("time", "时间"), ("city", "城市"), ("question", "问题"),
                      ("reason_label", "原因"), ("handled", "处理情况")]
FEEDBACK_COLUMNS = [("id", "编号"), ("time", "时间"), ("rating_label", "评价"), ("question", "问题"),
                    ("comment", "意见"), ("answer", "回答"), ("handled", "处理情况")]
_CJK = re.compile(r"[\u4e00-\u9fff]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def reason_label(reason: str | None) -> str:
    text = str(reason or "")
    if text in REASON_LABELS:
        return REASON_LABELS[text]
    return text if _CJK.search(text) else OTHER_REASON


def local_time(seconds: Any) -> str:
    if seconds is None:
        return ""
    return dt.datetime.fromtimestamp(float(seconds)).strftime("%Y-%m-%d %H:%M")


def handled_text(row: dict[str, Any]) -> str:
    if row.get("handled_at") is None:
        return "未处理"
    return f"{row.get('handled_by') or ''} 于 {local_time(row['handled_at'])} 处理"


def unanswered_view(row: dict[str, Any]) -> dict[str, Any]:
    """A stored unanswered row as the API returns it (the code kept, its Chinese label beside it)."""
    return {"id": row.get("id"), "time": local_time(row.get("created")), "city": row.get("city") or "",
            "question": row.get("question") or "", "reason": row.get("reason") or "",
            "reason_label": reason_label(row.get("reason")), "handled": handled_text(row),
            "handled_by": row.get("handled_by"), "handled_at": local_time(row.get("handled_at")) or None}


def feedback_view(row: dict[str, Any]) -> dict[str, Any]:
    rating = row.get("rating")
    return {"id": row.get("id"), "time": local_time(row.get("created")), "rating": rating,
            "rating_label": RATING_LABELS.get(rating, ""), "question": row.get("question") or "",
            "answer": row.get("answer") or "", "comment": row.get("comment") or "",
            "handled": handled_text(row), "handled_by": row.get("handled_by"),
            "handled_at": local_time(row.get("handled_at")) or None}


def annotation_view(row: dict[str, Any]) -> dict[str, Any]:
    revoked = row.get("revoked_at") is not None
    status = f"已撤销（{row.get('revoked_by') or ''} 于 {local_time(row.get('revoked_at'))}）" if revoked else "生效中"
    return {"id": row.get("id"), "time": local_time(row.get("created")), "staff": row.get("staff") or "",
            "question": row.get("question") or "", "target_kind": row.get("target_kind"),
            "target_label": TARGET_KIND_LABELS.get(str(row.get("target_kind")), ""),
            "target_id": row.get("target_id") or "", "revoked": revoked, "status": status}


def table_rows(views: list[dict[str, Any]], columns: list[tuple[str, str]]) -> list[list[Any]]:
    return [[view.get(key, "") for key, _ in columns] for view in views]


def _cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text  # no formula runs in a spreadsheet


def to_csv(views: list[dict[str, Any]], columns: list[tuple[str, str]]) -> str:
    """CSV with Chinese headers, UTF-8 with a BOM (spreadsheets read it as such); a cell starting
    like a formula is prefixed with ' so that it stays text."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow([label for _, label in columns])
    for view in views:
        writer.writerow([_cell(view.get(key)) for key, _ in columns])
    return out.getvalue()


def day_bounds(since: dt.date | None, until: dt.date | None) -> tuple[dt.datetime | None, dt.datetime | None]:
    """Store bounds for dates a person picks: from the start of `since` to the end of `until` (both days included)."""
    start = dt.datetime.combine(since, dt.time()) if since else None
    end = dt.datetime.combine(until + dt.timedelta(days=1), dt.time()) if until else None
    return start, end
