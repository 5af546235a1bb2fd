"""The REST API (FastAPI): ask, search, calculators, feedback, health.

Every error is JSON `{"error": <Chinese message>, ...}` with its status code (400, 404, 405, 413,
422, 429, 500); a resident never sees a traceback or a library's English message. Developers find
the failure in the log (logger `yibao.api`).

Boundaries, outermost first:
- rate limits (slowapi) per client address and in total over every API route: 429;
- a body-size limit on every route: 413 before the body is read when Content-Length says so, or as
  soon as a streamed body passes the limit;
- every unexpected exception becomes a 500 JSON answer here, inside the app, so the server never
  sees it and the keep-alive connection stays usable for the client's next request.

| variable                  | meaning                                                   | default      |
|---------------------------|-----------------------------------------------------------|--------------|
| YIBAO_RATE_LIMIT          | requests per client address (limits syntax; `off`: none)  | 60/minute    |
| YIBAO_RATE_LIMIT_TOTAL    | requests of all clients together, per process (or `off`)  | 6000/minute  |
| YIBAO_RATE_LIMIT_STORAGE  | limits storage URI (memory://, redis://…) for the counts  | memory://    |
| YIBAO_MAX_BODY_BYTES      | largest request body accepted by the API and `/healthz`   | 65536        |
| YIBAO_MAX_PAGE_BODY_BYTES | largest body on the page's routes (`/gradio_api/`, which carry the conversation) | 1048576 |
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from limits import parse, parse_many
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter
from pydantic import BaseModel, Field
from slowapi import Limiter
from slowapi.errors import RateLimitExceeded
from slowapi.middleware import SlowAPIASGIMiddleware
from slowapi.util import get_remote_address
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from calculators.errors import InputError
from calculators.registry import calculators, run

log = logging.getLogger("yibao.api")

MAX_QUESTION_CHARS = 500
DEFAULT_RATE_LIMIT = "60/minute"
DEFAULT_RATE_LIMIT_TOTAL = "6000/minute"
NO_LIMIT = "off"
DEFAULT_MAX_BODY_BYTES = 64 * 1024
DEFAULT_MAX_PAGE_BODY_BYTES = 1024 * 1024
PAGE_PREFIX = "/gradio_api/"

UNEXPECTED = "服务暂时出现问题，请稍后再试；如需帮助请拨打当地医保服务热线。"
TOO_LARGE = "请求内容过大（最多 {limit} 字节），请缩短后再试。"
TOO_MANY = "请求过于频繁，请稍后再试。"
_STATUS_MESSAGES = {
    400: "请求无法处理",
    403: "不允许这样访问",
    404: "没有这个地址",
    405: "不支持这种请求方式",
    413: "请求内容过大，请缩短后再试。",
    429: TOO_MANY,
}


class AskRequest(BaseModel):
    question: str = Field(min_length=1, max_length=MAX_QUESTION_CHARS, description="居民的问题")
    city: str | None = Field(default=None, max_length=10, description="城市（可不填，从问题中识别）")
    session_id: str | None = Field(default=None, max_length=64, description="会话编号（由服务器发放，多轮对话时原样带回）")


class FeedbackRequest(BaseModel):
    question: str = Field(min_length=1, max_length=MAX_QUESTION_CHARS, description="问题")
    answer: str = Field(max_length=20_000, description="答案")
    rating: int = Field(description="评价（1 = 有帮助, -1 = 没帮助）")
    comment: str | None = Field(default=None, max_length=1000, description="意见")
    session_id: str | None = Field(default=None, max_length=64, description="会话编号")


_FIELD_LABELS = {"question": "问题", "q": "问题", "city": "城市", "session_id": "会话编号", "k": "返回条数",
                 "answer": "答案", "rating": "评价", "comment": "意见", "body": "请求体"}
_PROBLEMS = {
    "missing": "必须填写",
    "string_too_short": "不能为空",
    "string_too_long": "太长（最多 {max_length} 个字）",
    "string_type": "必须是文字",
    "int_parsing": "必须是整数",
    "int_type": "必须是整数",
    "int_from_float": "必须是整数",
    "greater_than_equal": "不能小于 {ge}",
    "less_than_equal": "不能大于 {le}",
    "json_invalid": "不是有效的 JSON",
    "dict_type": "必须是 JSON 对象",
    "model_attributes_type": "必须是 JSON 对象",
    "extra_forbidden": "不是可用的参数",
}


class SafeJSONResponse(JSONResponse):
    """JSON whose strings may hold a lone surrogate (echoed from a request): replaced, never a crash."""

    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=False, allow_nan=False, separators=(",", ":"),
                          default=str).encode("utf-8", "replace")


def _error(status: int, message: str, **extra: Any) -> JSONResponse:
    return SafeJSONResponse(status_code=status, content={"error": message, **extra})


def _validation_message(error: Mapping[str, Any]) -> tuple[str, str]:
    loc = [str(p) for p in error.get("loc", ())]
    path = loc[1:] if loc and loc[0] in ("body", "query", "path") else loc
    field = ".".join(path) or "body"
    label = _FIELD_LABELS.get(path[-1] if path else "body", field)
    template = _PROBLEMS.get(str(error.get("type")), "取值无效")
    try:
        problem = template.format(**(error.get("ctx") or {}))
    except (KeyError, IndexError, ValueError):
        problem = "取值无效"
    return field, f"请求参数有误：{label}{problem}"


def limits_from_env(environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The rate and size limits configured by the environment (see the module's docstring)."""
    env = os.environ if environ is None else environ
    per_client = (env.get("YIBAO_RATE_LIMIT") or "").strip() or DEFAULT_RATE_LIMIT
    total = (env.get("YIBAO_RATE_LIMIT_TOTAL") or "").strip() or DEFAULT_RATE_LIMIT_TOTAL
    for name, value in (("YIBAO_RATE_LIMIT", per_client), ("YIBAO_RATE_LIMIT_TOTAL", total)):
        if value == NO_LIMIT:
            continue
        try:
            parse_many(value)
        except ValueError:
            raise ValueError(f"{name}={value!r}: accepted values look like 60/minute or 10/second") from None
    max_body = _bytes(env, "YIBAO_MAX_BODY_BYTES", DEFAULT_MAX_BODY_BYTES)
    max_page_body = _bytes(env, "YIBAO_MAX_PAGE_BODY_BYTES", DEFAULT_MAX_PAGE_BODY_BYTES)
    return {"per_client": per_client, "total": total, "max_body_bytes": max_body, "max_page_body_bytes": max_page_body,
            "storage": (env.get("YIBAO_RATE_LIMIT_STORAGE") or "").strip() or "memory://"}


def _bytes(env: Mapping[str, str], name: str, default: int) -> int:
    raw = (env.get(name) or "").strip()
    try:
        value = int(raw) if raw else default
    except ValueError:
        raise ValueError(f"{name}={raw!r}: accepted values are a number of bytes") from None
    if value <= 0:
        raise ValueError(f"{name}={raw!r}: accepted values are a number of bytes > 0")
    return value


async def send_json(send: Send, status: int, content: dict[str, Any]) -> None:
    body = json.dumps(content, ensure_ascii=False).encode("utf-8", "replace")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


class _BodyTooLarge(HTTPException):
    """Raised while a streamed body is read; an HTTPException so that FastAPI's body parsing passes
    it on as it is (it turns other errors into a 400) and the handler answers 413."""

    def __init__(self) -> None:
        super().__init__(status_code=413)


class BodyLimitMiddleware:
    """413 for a request whose body is larger than `max_bytes` (declared or streamed)."""

    def __init__(self, app: ASGIApp, max_bytes: int, limits: Mapping[str, int] | None = None):
        self.app = app
        self.max_bytes = max_bytes
        self.limits = dict(limits or {})  # path prefix -> its own limit

    def _limit_for(self, path: str) -> int:
        for prefix, limit in self.limits.items():
            if path.startswith(prefix):
                return limit
        return self.max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self._limit_for(scope.get("path", ""))
        message = {"error": TOO_LARGE.format(limit=limit), "limit_bytes": limit}
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None:
            try:
                too_large = int(declared) > limit
            except ValueError:
                too_large = False
            if too_large:
                await send_json(send, 413, message)
                return
        received = 0
        tracked = _ResponseTracker(send)

        async def counting_receive() -> Message:
            nonlocal received
            msg = await receive()
            if msg["type"] == "http.request":
                received += len(msg.get("body", b""))
                if received > limit:
                    raise _BodyTooLarge
            return msg

        try:
            await self.app(scope, counting_receive, tracked)
        except _BodyTooLarge:
            if not tracked.started:
                await send_json(send, 413, message)


class _ResponseTracker:
    """`send` that notes whether the response has started: after that no error answer can be sent."""

    def __init__(self, send: Send):
        self.send = send
        self.started = False

    async def __call__(self, msg: Message) -> None:
        if msg["type"] == "http.response.start":
            self.started = True
        await self.send(msg)


class TotalLimitMiddleware:
    """429 once all clients together passed `limit` on the API routes (slowapi's limits are per key)."""

    def __init__(self, app: ASGIApp, limit: str, storage_uri: str, prefixes: tuple[str, ...] = ("/api/",)):
        self.app = app
        self.limit = parse(limit)
        self.limiter = MovingWindowRateLimiter(storage_from_string(storage_uri))
        self.prefixes = prefixes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (scope["type"] == "http" and scope.get("path", "").startswith(self.prefixes)
                and not self.limiter.hit(self.limit, "yibao-total")):
            await send_json(send, 429, {"error": TOO_MANY, "limit": str(self.limit)})
            return
        await self.app(scope, receive, send)


class CatchAllMiddleware:
    """Any exception that escapes the app becomes a Chinese 500 JSON answer, here, so that the
    server does not see it (it would close the keep-alive connection)."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        tracked = _ResponseTracker(send)
        try:
            await self.app(scope, receive, tracked)
        except _BodyTooLarge:
            raise
        except Exception:
            log.exception("unhandled error on %s %s", scope.get("method"), scope.get("path"))
            if not tracked.started:
                await send_json(send, 500, {"error": UNEXPECTED})


def create_api(service: Any | None = None, environ: Mapping[str, str] | None = None) -> FastAPI:
    """The API app. `service` answers questions (`bot.service.Service`); built lazily when None.
    `environ` (default `os.environ`) configures the rate and size limits."""
    from bot.service import check_city, clean_input, clean_payload, record_feedback

    limits = limits_from_env(environ)
    app = FastAPI(title="医保问答 API", version="0.1.0", default_response_class=SafeJSONResponse)
    state: dict[str, Any] = {"service": service}

    def get_service() -> Any:
        if state["service"] is None:
            from bot.service import Service

            state["service"] = Service.from_env()
        return state["service"]

    app.state.get_service = get_service
    app.state.limits = limits
    per_client = [] if limits["per_client"] == NO_LIMIT else [limits["per_client"]]
    app.state.limiter = Limiter(key_func=get_remote_address, default_limits=per_client,
                                storage_uri=limits["storage"], headers_enabled=False, enabled=bool(per_client))

    @app.exception_handler(RateLimitExceeded)
    async def _rate(_: Request, exc: RateLimitExceeded) -> JSONResponse:
        return _error(429, TOO_MANY, limit=str(exc.limit.limit) if exc.limit else None)

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = exc.errors()
        field, message = _validation_message(errors[0] if errors else {})
        return _error(422, message, field=field)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        return _error(exc.status_code, _STATUS_MESSAGES.get(exc.status_code, "请求无法处理"))

    @app.exception_handler(InputError)
    async def _input(_: Request, exc: InputError) -> JSONResponse:
        return _error(404 if exc.field == "name" else 400, exc.message, field=exc.field, accepted=exc.accepted)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:  # the last line: see CatchAll
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return _error(500, UNEXPECTED)

    @app.get("/healthz")
    def healthz() -> dict[str, Any]:
        return {"status": "ok", **get_service().health()}

    @app.get("/readyz")
    def readyz() -> JSONResponse:
        """Readiness: 200 while a verified index serves, 503 with a Chinese error otherwise."""
        ready, details = get_service().readiness()
        return JSONResponse(status_code=200 if ready else 503, content=details)

    @app.post("/api/ask")
    def ask(req: AskRequest) -> dict[str, Any]:
        check_city(req.city)
        return get_service().answer(req.question, city=req.city, session_id=req.session_id).to_dict()

    @app.get("/api/search")
    def search(q: str = Query(min_length=1, max_length=MAX_QUESTION_CHARS),
               city: str | None = Query(default=None, max_length=10),
               k: int = Query(default=5, ge=1, le=50)) -> dict[str, Any]:
        check_city(city)
        passages = get_service().search(q, city=city, k=k)
        return {"query": q, "city": city, "passages": [p.to_dict() for p in passages]}

    @app.get("/api/calc")
    def list_calculators() -> dict[str, Any]:
        return {
            "calculators": [
                {"name": c.name, "title": c.title, "description": c.description,
                 "input_schema": c.input_model.model_json_schema()}
                for c in calculators().values()
            ]
        }

    @app.post("/api/calc/{name}")
    def calc(name: str, payload: dict[str, Any]) -> Any:
        # every text cleaned first (surrogates, controls); an InputError becomes 400 (404 for an unknown name)
        return run(clean_input(name, 64), clean_payload(payload)).to_dict()

    @app.post("/api/feedback")
    def feedback(req: FeedbackRequest) -> Any:
        if req.rating not in (-1, 1):
            return _error(400, "评价只能是 1（有帮助）或 -1（没帮助）", field="rating")
        record_feedback(get_service().store, req.question, req.answer, req.rating, req.comment, req.session_id)
        return {"ok": True}

    # innermost first: the catch-all sits inside the body limit, the rate limits outside both
    app.add_middleware(CatchAllMiddleware)
    app.add_middleware(BodyLimitMiddleware, max_bytes=limits["max_body_bytes"],
                       limits={PAGE_PREFIX: limits["max_page_body_bytes"]})
    app.add_middleware(SlowAPIASGIMiddleware)
    if limits["total"] != NO_LIMIT:
        app.add_middleware(TotalLimitMiddleware, limit=limits["total"], storage_uri=limits["storage"])
    return app
