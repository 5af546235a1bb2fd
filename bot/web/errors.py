"""Every error of the app as JSON `{"error": <Chinese message>, ...}`: one table of statuses, one
translation of validation errors, and a middleware that gives the page's routes (gradio) the same.

| status | fault                                                                                  |
|--------|----------------------------------------------------------------------------------------|
| 400    | a value the service does not cover: an unsupported city, a calculator input out of range |
| 401    | a staff route without valid credentials                                                |
| 403    | a route nobody may use (uploads)                                                       |
| 404    | no such address, no such calculator, no such row                                       |
| 405    | a route that exists, asked with another method                                         |
| 413    | a body over the size limit                                                             |
| 422    | a request that does not have the form documented in /docs: not JSON, a field missing, of the wrong type, too long, a value outside the listed ones |
| 429    | over a rate limit                                                                      |
| 500    | anything unexpected (logged, never shown)                                              |

The same fault has the same status on every route: the API's own routes answer through the
exception handlers of `install_handlers`, and whatever a library answers (gradio's `{"detail":
"Not Found"}`, Starlette's plain-text 404) is rewritten by `ChineseErrorsMiddleware`.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match, Mount
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("yibao.api")

UNEXPECTED = "服务暂时出现问题，请稍后再试；如需帮助请拨打当地医保服务热线。"
TOO_LARGE = "请求内容过大（最多 {limit} 字节），请缩短后再试。"
TOO_MANY = "请求过于频繁，请稍后再试。"
NOT_JSON = "请求参数有误：请求体不是有效的 JSON"
STATUS_MESSAGES = {
    400: "请求无法处理",
    401: "请先登录工作人员账号",
    403: "不允许这样访问",
    404: "没有这个地址",
    405: "不支持这种请求方式",
    413: "请求内容过大，请缩短后再试。",
    422: "请求参数有误",
    429: TOO_MANY,
    500: UNEXPECTED,
    503: "服务暂时不可用，请稍后再试。",
}

# query and body fields, as a resident or staff member reads them
FIELD_LABELS = {
    "question": "问题", "q": "问题", "city": "城市", "session_id": "会话编号", "k": "返回条数",
    "answer": "答案", "rating": "评价", "comment": "意见", "body": "请求体", "limit": "条数",
    "reason": "原因", "since": "开始日期", "until": "结束日期", "handled": "处理状态", "format": "格式",
    "row_id": "编号", "name": "计算器名称", "target_kind": "关联类型", "target_id": "关联目标编号",
}
# a field whose every fault has one message (its allowed values)
FIELD_PROBLEMS = {
    "rating": "只能是 1（有帮助）或 -1（没帮助）",
    "format": "只能是 json 或 csv",
    "target_kind": "只能是 chunk（政策原文段落）或 fact（政策参数）",
}
PROBLEMS = {
    "missing": "必须填写",
    "string_too_short": "不能为空",
    "string_too_long": "太长（最多 {max_length} 个字）",
    "string_type": "必须是文字",
    "int_parsing": "必须是整数",
    "int_type": "必须是整数",
    "int_from_float": "必须是整数",
    "bool_parsing": "必须是 true 或 false",
    "bool_type": "必须是 true 或 false",
    "date_from_datetime_parsing": "必须是日期（如 2026-01-31）",
    "date_parsing": "必须是日期（如 2026-01-31）",
    "date_type": "必须是日期（如 2026-01-31）",
    "greater_than_equal": "不能小于 {ge}",
    "less_than_equal": "不能大于 {le}",
    "literal_error": "不是可选的值",
    "dict_type": "必须是 JSON 对象",
    "model_attributes_type": "必须是 JSON 对象",
    "extra_forbidden": "不是可用的参数",
}
_LOCATIONS = ("body", "query", "path", "header", "cookie")


class ErrorBody(BaseModel):  # an error answer (every status but 200)
    model_config = ConfigDict(json_schema_extra={"description": "错误信息"})

    error: str = Field(description="中文错误信息，可直接展示给用户")
    field: str | None = Field(default=None, description="出错的参数名（参数有误时）")
    accepted: list[str] | None = Field(default=None, description="该参数可选的值（有固定可选值时）")


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The `responses=` of a route in /docs: each status with its Chinese meaning and `ErrorBody`."""
    return {status: {"model": ErrorBody, "description": STATUS_MESSAGES.get(status, "请求无法处理")}
            for status in statuses}


class SafeJSONResponse(JSONResponse):
    """JSON whose strings may hold a lone surrogate (echoed from a request): replaced, never a crash."""

    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=False, allow_nan=False, separators=(",", ":"),
                          default=str).encode("utf-8", "replace")


def chinese_openapi(app: FastAPI) -> Callable[[], dict[str, Any]]:
    """`app.openapi` with FastAPI's English defaults replaced: "Successful Response" and the
    validation error schema (this app answers `ErrorBody` for 422)."""
    original = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        schema = original()
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                for status, response in (operation.get("responses") or {}).items():
                    if response.get("description") == "Successful Response":
                        response["description"] = "成功"
                    elif response.get("description") == "Validation Error":
                        response["description"] = STATUS_MESSAGES[422]
        for name in ("HTTPValidationError", "ValidationError"):
            schema.get("components", {}).get("schemas", {}).pop(name, None)
        app.openapi_schema = schema
        return schema

    return openapi


def error_response(status: int, message: str, **extra: Any) -> JSONResponse:
    return SafeJSONResponse(status_code=status, content={"error": message, **extra})


def validation_message(error: Mapping[str, Any]) -> tuple[str, str]:
    """(field, Chinese message) of one pydantic/FastAPI validation error. A body that is not JSON is
    the body's fault (FastAPI puts the character offset where the field would be)."""
    if error.get("type") == "json_invalid":
        return "body", NOT_JSON
    loc = [str(p) for p in error.get("loc", ())]
    path = loc[1:] if loc and loc[0] in _LOCATIONS else loc
    path = [p for p in path if not p.isdigit()] or path  # list positions are not fields
    field = ".".join(path) or "body"
    name = path[-1] if path else "body"
    label = FIELD_LABELS.get(name, "请求体" if name == "body" else f"参数 {name} ")
    problem = FIELD_PROBLEMS.get(name)
    if problem is None:
        template = PROBLEMS.get(str(error.get("type")), "取值无效")
        try:
            problem = template.format(**(error.get("ctx") or {}))
        except (KeyError, IndexError, ValueError):
            problem = "取值无效"
    return field, f"请求参数有误：{label}{problem}"


def install_handlers(app: FastAPI, extra: Iterable[tuple[type[Exception], Callable[..., Any]]] = ()) -> None:
    """Exception handlers answering Chinese JSON: validation (422 naming the field), HTTP errors by
    `STATUS_MESSAGES` (a `detail` that is already Chinese is kept), anything else 500."""

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = exc.errors()
        field, message = validation_message(errors[0] if errors else {})
        return error_response(422, message, field=field)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = exc.detail if isinstance(exc.detail, str) and _has_chinese(exc.detail) else None
        message = detail or STATUS_MESSAGES.get(exc.status_code, "请求无法处理")
        return SafeJSONResponse(status_code=exc.status_code, headers=getattr(exc, "headers", None),
                                content={"error": message})

    for exc_type, handler in extra:
        app.add_exception_handler(exc_type, handler)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:  # the last line: see CatchAll
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return error_response(500, UNEXPECTED)


_CJK = re.compile(r"[\u4e00-\u9fff]")


def _has_chinese(text: str) -> bool:
    return bool(_CJK.search(text))


async def send_json(send: Send, status: int, content: dict[str, Any],
                    headers: Iterable[tuple[bytes, bytes]] = ()) -> None:
    body = json.dumps(content, ensure_ascii=False).encode("utf-8", "replace")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            *headers]})
    await send({"type": "http.response.body", "body": body})


def _is_html(start: Message) -> bool:
    """An HTML error page is the app's own (the staff login form), written in Chinese already."""
    return any(k.lower() == b"content-type" and v.startswith(b"text/html") for k, v in start.get("headers", []))


class ChineseErrorsMiddleware:
    """Any error answer (status >= 400) that is neither `{"error": ...}` nor an HTML page becomes the Chinese one
    of its status, and a path that one of the app's own routes serves with another method is a 405
    (the page mounted at `/` would otherwise answer 404 for it). Successful answers pass untouched."""

    def __init__(self, app: ASGIApp, routes_of: Callable[[], Iterable[Any]] | None = None):
        self.app = app
        self.routes_of = routes_of

    def _other_method(self, scope: Scope) -> bool:
        if self.routes_of is None:
            return False
        matches = [route.matches(scope)[0] for route in self.routes_of() if not isinstance(route, Mount)]
        return Match.FULL not in matches and Match.PARTIAL in matches

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self._other_method(scope):
            await send_json(send, 405, {"error": STATUS_MESSAGES[405]})
            return
        held: dict[str, Any] = {}

        async def translating_send(msg: Message) -> None:
            if msg["type"] == "http.response.start" and msg["status"] >= 400 and not _is_html(msg):
                held.update(start=msg, body=b"")
                return
            if msg["type"] == "http.response.body" and "start" in held:
                held["body"] += msg.get("body", b"")
                if msg.get("more_body"):
                    return
                await self._send_translated(send, held["start"], held["body"])
                return
            await send(msg)

        await self.app(scope, receive, translating_send)

    @staticmethod
    async def _send_translated(send: Send, start: Message, body: bytes) -> None:
        status = int(start["status"])
        try:
            content = json.loads(body) if body else None
        except ValueError:
            content = None
        if isinstance(content, dict) and isinstance(content.get("error"), str):
            await send(start)
            await send({"type": "http.response.body", "body": body})
            return
        kept = [(k, v) for k, v in start.get("headers", []) if k.lower() in (b"www-authenticate", b"location",
                                                                              b"retry-after", b"allow")]
        await send_json(send, status, {"error": STATUS_MESSAGES.get(status, "请求无法处理")}, headers=kept)
