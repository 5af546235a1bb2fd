"""The staff side of the app: the staff API (unanswered questions, feedback, marking them handled,
CSV export), the login page, and the guard in front of the staff page (`/staff/`).

Every route here needs staff credentials (`bot.web.auth`): without them the API answers 401 with a
Chinese error, and the staff page sends a browser to `/staff/login`.
"""

from __future__ import annotations

import datetime as dt
import html
import urllib.parse
from collections.abc import Callable
from typing import Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.types import ASGIApp, Receive, Scope, Send

from bot.web.auth import COOKIE_NAME, SESSION_HOURS, StaffAccounts
from bot.web.errors import error_responses, send_json
from bot.web.staff import (
    ANNOTATION_COLUMNS,
    FEEDBACK_COLUMNS,
    REASON_LABELS,
    UNANSWERED_COLUMNS,
    annotation_view,
    day_bounds,
    feedback_view,
    to_csv,
    unanswered_view,
)

STAFF_PREFIX = "/staff"
LOGIN_PATH = "/staff/login"
LOGOUT_PATH = "/staff/logout"
NOT_LOGGED_IN = "请先登录工作人员账号"
NOT_SET_UP = "尚未设置工作人员账号：请在服务器上运行 yibao staff add 姓名（见 README“工作人员”一节）"
NO_SUCH_ROW = "没有这条记录"
BAD_LOGIN = "账号或密码不正确，请重新输入。"
AUTH_HEADERS = {"WWW-Authenticate": 'Basic realm="yibao-staff", charset="UTF-8"'}
MAX_LIMIT = 1000


class AnnotationRequest(BaseModel):  # a staff member linking a question to what answers it
    model_config = ConfigDict(json_schema_extra={"description": "把一个问题关联到能回答它的政策原文段落或政策参数"})

    question: str = Field(min_length=1, max_length=500, description="居民的问题（未能回答或评价为没帮助的）")
    target_kind: Literal["chunk", "fact"] = Field(description="chunk：政策原文段落；fact：政策参数")
    target_id: str = Field(min_length=1, max_length=200, description="段落编号（检索结果的 chunk_id）或政策参数编号")


def unauthorized(accounts: StaffAccounts) -> HTTPException:
    return HTTPException(401, NOT_LOGGED_IN if accounts.configured else NOT_SET_UP, headers=AUTH_HEADERS)


def staff_router(get_service: Callable[[], Any], accounts: StaffAccounts) -> APIRouter:
    """The staff API and the login routes, over the service `get_service()` returns."""
    from bot.service import (
        annotate,
        check_city,
        mark_handled,
        revoke_annotation,
        staff_annotations,
        staff_feedback,
        staff_unanswered,
    )

    def require_staff(request: Request) -> str:
        name = accounts.staff_of(request.headers, request.cookies)
        if name is None:
            raise unauthorized(accounts)
        return name

    router = APIRouter()
    guarded = error_responses(401, 422, 429)
    limit_q = Query(default=200, ge=1, le=MAX_LIMIT, description="最多返回条数（1–1000）")
    since_q = Query(default=None, description="开始日期（含），如 2026-01-01")
    until_q = Query(default=None, description="结束日期（含），如 2026-01-31")
    handled_q = Query(default=None, description="true 只看已处理，false 只看未处理；不填为全部")
    format_q = Query(default="json", description="json 或 csv（CSV 带中文表头，可用表格软件打开）")

    @router.get("/api/unanswered", tags=["工作人员"], summary="未能回答的问题", responses=error_responses(400, 401, 422, 429),
                description="居民提出但未能回答的问题（已脱敏，含姓名），最新的在前；原因附中文说明。需要工作人员登录。")
    def unanswered(staff: str = Depends(require_staff), limit: int = limit_q,
                   city: str | None = Query(default=None, max_length=10, description="城市"),
                   reason: str | None = Query(default=None, max_length=40,
                                              description="原因代码：" + "、".join(
                                                  f"{code}（{label}）" for code, label in REASON_LABELS.items())),
                   since: dt.date | None = since_q, until: dt.date | None = until_q,
                   handled: bool | None = handled_q, format: Literal["json", "csv"] = format_q) -> Any:
        check_city(city)
        start, end = day_bounds(since, until)
        views = [unanswered_view(r) for r in staff_unanswered(get_service().store, limit=limit, city=city,
                                                              reason=reason, since=start, until=end,
                                                              handled=handled)]
        if format == "csv":
            return _csv(to_csv(views, UNANSWERED_COLUMNS), "unanswered")
        return {"rows": views}

    @router.get("/api/feedback", tags=["工作人员"], summary="居民反馈", responses=guarded,
                description="居民对回答的评价和意见（已脱敏），最新的在前。需要工作人员登录。")
    def feedback(staff: str = Depends(require_staff), limit: int = limit_q,
                 rating: Literal["1", "-1"] | None = Query(default=None, description="1 只看有帮助，-1 只看没帮助"),
                 since: dt.date | None = since_q, until: dt.date | None = until_q,
                 handled: bool | None = handled_q, format: Literal["json", "csv"] = format_q) -> Any:
        start, end = day_bounds(since, until)
        views = [feedback_view(r) for r in staff_feedback(get_service().store, limit=limit,
                                                          rating=None if rating is None else int(rating),
                                                          handled=handled, since=start, until=end)]
        if format == "csv":
            return _csv(to_csv(views, FEEDBACK_COLUMNS), "feedback")
        return {"rows": views}

    def handled_route(kind: str) -> Callable[..., Any]:
        def handle(row_id: int = Path(ge=1, description="记录编号"), staff: str = Depends(require_staff)) -> Any:
            if not mark_handled(get_service().store, kind, row_id, staff):
                raise HTTPException(404, NO_SUCH_ROW)
            return {"ok": True, "id": row_id, "handled_by": staff}
        return handle

    router.add_api_route("/api/unanswered/{row_id}/handled", handled_route("unanswered"), methods=["POST"],
                         tags=["工作人员"], summary="把未回答的问题标记为已处理", responses=error_responses(401, 404, 422))
    router.add_api_route("/api/feedback/{row_id}/handled", handled_route("feedback"), methods=["POST"],
                         tags=["工作人员"], summary="把居民反馈标记为已处理", responses=error_responses(401, 404, 422))

    @router.get("/api/annotations", tags=["工作人员"], summary="问题关联记录", responses=guarded,
                description="工作人员把问题关联到政策原文段落或参数的全部记录（含已撤销的），最新的在前。")
    def annotations(staff: str = Depends(require_staff), format: Literal["json", "csv"] = format_q) -> Any:
        views = [annotation_view(r) for r in staff_annotations(get_service().store)]
        if format == "csv":
            return _csv(to_csv(views, ANNOTATION_COLUMNS), "annotations")
        return {"rows": views}

    @router.post("/api/annotations", tags=["工作人员"], summary="关联问题与政策原文",
                 responses=error_responses(401, 413, 422, 429))
    def add_annotation(req: AnnotationRequest, staff: str = Depends(require_staff)) -> Any:
        row_id = annotate(get_service().store, req.question, req.target_kind, req.target_id, staff)
        return {"ok": True, "id": row_id, "staff": staff}

    @router.post("/api/annotations/{row_id}/revoke", tags=["工作人员"], summary="撤销一条关联",
                 responses=error_responses(401, 404, 422))
    def revoke(row_id: int = Path(ge=1, description="关联记录编号"), staff: str = Depends(require_staff)) -> Any:
        if not revoke_annotation(get_service().store, row_id, staff):
            raise HTTPException(404, "没有这条关联记录，或它已被撤销")
        return {"ok": True, "id": row_id, "revoked_by": staff}

    @router.get(LOGIN_PATH, include_in_schema=False)
    def login_form(next: str = "") -> HTMLResponse:
        return HTMLResponse(login_page(_safe_next(next), "" if accounts.configured else NOT_SET_UP))

    @router.post(LOGIN_PATH, include_in_schema=False)
    async def login(request: Request) -> Response:
        form = urllib.parse.parse_qs((await request.body()).decode("utf-8", "replace"))
        name = (form.get("name") or [""])[0].strip()
        password = (form.get("password") or [""])[0]
        target = _safe_next((form.get("next") or [""])[0])
        if not accounts.check_password(name, password):
            return HTMLResponse(login_page(target, BAD_LOGIN if accounts.configured else NOT_SET_UP, name),
                                status_code=401)
        response = RedirectResponse(target, status_code=303)
        response.set_cookie(COOKIE_NAME, accounts.issue_cookie(name), max_age=SESSION_HOURS * 3600, httponly=True,
                            samesite="strict", secure=request.url.scheme == "https", path="/")
        return response

    @router.post(LOGOUT_PATH, include_in_schema=False)
    def logout() -> Response:
        response = RedirectResponse(LOGIN_PATH, status_code=303)
        response.delete_cookie(COOKIE_NAME, path="/")
        return response

    return router


def _csv(text: str, stem: str) -> Response:
    name = f"{stem}-{dt.date.today().isoformat()}.csv"
    return Response(text.encode("utf-8"), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


def _safe_next(target: str) -> str:
    """Only a path of the staff page itself (no other site, no scheme-relative `//host`)."""
    if target.startswith(STAFF_PREFIX + "/") and not target.startswith("//") and "\\" not in target:
        return target
    return STAFF_PREFIX + "/"


def login_page(target: str, message: str = "", name: str = "") -> str:
    notice = f'<p class="msg" role="alert">{html.escape(message)}</p>' if message else ""
    return f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>工作人员登录 - 医保问答</title>
<style>
body {{ font-family: "PingFang SC","Microsoft YaHei","Noto Sans CJK SC",system-ui,sans-serif; margin: 0;
       background: #f5f7fa; color: #1f2937; }}
main {{ max-width: 360px; margin: 10vh auto; padding: 24px; background: #fff; border-radius: 12px;
       box-shadow: 0 1px 4px rgba(0,0,0,.1); box-sizing: border-box; }}
h1 {{ font-size: 1.3em; margin-top: 0; }}
label {{ display: block; margin: 14px 0 4px; }}
input {{ width: 100%; box-sizing: border-box; font-size: 1.05em; padding: 8px; border: 1px solid #cbd5e1;
        border-radius: 6px; }}
button {{ margin-top: 18px; width: 100%; font-size: 1.05em; padding: 10px; border: 0; border-radius: 6px;
         background: #2563eb; color: #fff; cursor: pointer; }}
.msg {{ color: #b91c1c; }}
a {{ color: #2563eb; }}
</style></head>
<body><main>
<h1>工作人员登录</h1>
<p>政策检索、未回答问题和居民反馈仅限工作人员使用。居民请返回<a href="/">医保问答</a>。</p>
{notice}
<form method="post" action="{LOGIN_PATH}">
<input type="hidden" name="next" value="{html.escape(target, quote=True)}">
<label for="yb-staff-name">账号</label>
<input id="yb-staff-name" name="name" autocomplete="username" required value="{html.escape(name, quote=True)}">
<label for="yb-staff-password">密码</label>
<input id="yb-staff-password" name="password" type="password" autocomplete="current-password" required>
<button type="submit" id="yb-staff-login">登录</button>
</form>
</main></body></html>"""


class StaffPageGuard:
    """Everything under `/staff/` but the login and logout routes needs staff credentials: a browser
    asking for a page is sent to the login page, any other request gets a Chinese 401."""

    def __init__(self, app: ASGIApp, accounts: StaffAccounts):
        self.app = app
        self.accounts = accounts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "") if scope["type"] in ("http", "websocket") else ""
        if not (path == STAFF_PREFIX or path.startswith(STAFF_PREFIX + "/")) or path in (LOGIN_PATH, LOGOUT_PATH):
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers") or []}
        cookies = _cookies(headers.get("cookie", ""))
        if self.accounts.staff_of(headers, cookies) is not None:
            await self.app(scope, receive, send)
            return
        if scope["type"] != "http":
            return  # a websocket without credentials is not accepted
        if scope.get("method") == "GET" and "text/html" in headers.get("accept", ""):
            location = LOGIN_PATH + "?" + urllib.parse.urlencode({"next": path})
            await send({"type": "http.response.start", "status": 303,
                        "headers": [(b"location", location.encode("latin-1")), (b"content-length", b"0")]})
            await send({"type": "http.response.body", "body": b""})
            return
        error = unauthorized(self.accounts)
        await send_json(send, 401, {"error": error.detail},
                        headers=[(k.lower().encode(), v.encode()) for k, v in AUTH_HEADERS.items()])


def _cookies(header: str) -> dict[str, str]:
    from http.cookies import SimpleCookie

    jar = SimpleCookie()
    try:
        jar.load(header)
    except Exception:  # a malformed cookie header is no credential
        return {}
    return {key: morsel.value for key, morsel in jar.items()}
