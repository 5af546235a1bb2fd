"""The REST API (FastAPI): ask, search, calculators, feedback, health; the staff API (`bot.web.staff_api`).

Every error is JSON `{"error": <Chinese message>, ...}` with its status code (the table is in
`bot.web.errors`); a resident never sees a traceback or a library's English message. Developers find
the failure in the log (logger `yibao.api`). Request bodies and parameters carry Chinese
descriptions in `/docs` (a Chinese page rendered from the OpenAPI schema by `bot.web.api_docs`,
no assets from elsewhere).

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

import logging
import os
from collections.abc import Mapping
from typing import Any, Literal

import anyio
from fastapi import Body, FastAPI, HTTPException, Query, Request
from fastapi.responses import JSONResponse
from limits import parse, parse_many
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter
from pydantic import BaseModel, ConfigDict, Field
from slowapi import Limiter
from slowapi.errors import RateLimitExceeded
from slowapi.middleware import SlowAPIASGIMiddleware
from slowapi.util import get_remote_address
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bot.web.api_docs import install_docs
from bot.web.errors import (
    TOO_LARGE,
    TOO_MANY,
    UNEXPECTED,
    ChineseErrorsMiddleware,
    SafeJSONResponse,
    chinese_openapi,
    error_response,
    error_responses,
    install_handlers,
    send_json,
)
from calculators.errors import InputError
from calculators.registry import calculators, run

__all__ = ["UNEXPECTED", "create_api", "limits_from_env", "send_json"]

log = logging.getLogger("yibao.api")

MAX_QUESTION_CHARS = 500
DEFAULT_RATE_LIMIT = "60/minute"
DEFAULT_RATE_LIMIT_TOTAL = "6000/minute"
NO_LIMIT = "off"
DEFAULT_MAX_BODY_BYTES = 64 * 1024
DEFAULT_MAX_PAGE_BODY_BYTES = 1024 * 1024
DEFAULT_ANSWER_THREADS = 2  # answers computed at once per process (YIBAO_ANSWER_THREADS)
PAGE_PREFIX = "/gradio_api/"
STAFF_PAGE_PREFIX = "/staff/gradio_api/"

class AskRequest(BaseModel):  # a resident's question
    model_config = ConfigDict(json_schema_extra={"description": "居民的提问"})

    question: str = Field(min_length=1, max_length=MAX_QUESTION_CHARS, description="居民的问题（1–500 个字）",
                          examples=["淮安住院起付线是多少？"])
    city: str | None = Field(default=None, max_length=10,
                             description="参保城市：连云港、淮安、长春、长治、随州之一；可不填，从问题中识别",
                             examples=["淮安"])
    session_id: str | None = Field(default=None, max_length=64,
                                   description="会话编号：由服务器在第一次回答中发放，多轮对话时原样带回；不填则开始新会话")


class FeedbackRequest(BaseModel):  # a resident's rating of one answer
    model_config = ConfigDict(json_schema_extra={"description": "居民对一条回答的评价"})

    question: str = Field(min_length=1, max_length=MAX_QUESTION_CHARS, description="所评价回答对应的问题")
    answer: str = Field(max_length=20_000, description="所评价的回答全文")
    rating: Literal[1, -1] = Field(description="评价：1 表示有帮助，-1 表示没帮助")
    comment: str | None = Field(default=None, max_length=1000, description="意见（可不填，最多 1000 个字）")
    session_id: str | None = Field(default=None, max_length=64, description="会话编号（可不填）")


CALC_BODY_DESCRIPTION = ("计算器的输入（JSON 对象）：各计算器的字段、说明和可选值见 `GET /api/calc` 返回的 input_schema；"
                         "缺少或不在可选范围内的输入返回 400，并给出该字段和可选值。")


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
    answer_threads = _bytes(env, "YIBAO_ANSWER_THREADS", DEFAULT_ANSWER_THREADS, "a number of threads")
    return {"per_client": per_client, "total": total, "max_body_bytes": max_body, "max_page_body_bytes": max_page_body,
            "answer_threads": answer_threads,
            "storage": (env.get("YIBAO_RATE_LIMIT_STORAGE") or "").strip() or "memory://"}


def _bytes(env: Mapping[str, str], name: str, default: int, what: str = "a number of bytes") -> int:
    raw = (env.get(name) or "").strip()
    try:
        value = int(raw) if raw else default
    except ValueError:
        raise ValueError(f"{name}={raw!r}: accepted values are {what}") from None
    if value <= 0:
        raise ValueError(f"{name}={raw!r}: accepted values are {what} > 0")
    return value


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


def create_api(service: Any | None = None, environ: Mapping[str, str] | None = None,
               staff: Any | None = None) -> FastAPI:
    """The API app. `service` answers questions (`bot.service.Service`); built lazily when None.
    `environ` (default `os.environ`) configures the rate and size limits; `staff` (a
    `bot.web.auth.StaffAccounts`, default from the environment) says who may use the staff routes."""
    from bot.service import check_city, clean_input, clean_payload, record_feedback
    from bot.web.auth import StaffAccounts
    from bot.web.staff_api import StaffPageGuard, staff_router

    limits = limits_from_env(environ)
    accounts = staff if staff is not None else StaffAccounts.from_env(environ)
    app = FastAPI(title="医保问答 API", version="0.1.0", default_response_class=SafeJSONResponse,
                  docs_url=None, redoc_url=None,  # /docs is the Chinese page of bot.web.api_docs
                  description="城乡居民医保政策问答接口：提问、检索政策原文、报销计算、反馈；工作人员接口需要登录。"
                              "出错时返回 JSON {\"error\": 中文说明, …} 和相应的状态码。")
    state: dict[str, Any] = {"service": service}

    def answer_slots() -> anyio.CapacityLimiter:
        """At most YIBAO_ANSWER_THREADS answers computed at once in this process: answering is CPU-bound
        Python, so more threads only share the interpreter lock and stretch every answer (first come,
        first served keeps the tail short under load)."""
        if "slots" not in state:
            state["slots"] = anyio.CapacityLimiter(limits["answer_threads"])
        return state["slots"]

    def get_service() -> Any:
        if state["service"] is None:
            from bot.service import Service

            state["service"] = Service.from_env()
        return state["service"]

    app.state.get_service = get_service
    app.state.limits = limits
    app.state.staff = accounts
    per_client = [] if limits["per_client"] == NO_LIMIT else [limits["per_client"]]
    app.state.limiter = Limiter(key_func=get_remote_address, default_limits=per_client,
                                storage_uri=limits["storage"], headers_enabled=False, enabled=bool(per_client))

    async def _rate(_: Request, exc: RateLimitExceeded) -> JSONResponse:
        return error_response(429, TOO_MANY, limit=str(exc.limit.limit) if exc.limit else None)

    async def _input(_: Request, exc: InputError) -> JSONResponse:
        return error_response(404 if exc.field == "name" else 400, exc.message, field=exc.field,
                              accepted=exc.accepted)

    app.openapi = chinese_openapi(app)  # type: ignore[method-assign]
    install_handlers(app, extra=[(RateLimitExceeded, _rate), (InputError, _input)])
    install_docs(app)

    @app.get("/healthz", tags=["运行状态"], summary="存活检查", description="进程在运行即返回 200，并报告当前索引版本。")
    def healthz() -> dict[str, Any]:
        return {"status": "ok", **get_service().health()}

    @app.get("/readyz", tags=["运行状态"], summary="就绪检查", responses=error_responses(503),
             description="有通过校验的检索索引时返回 200；否则 503 和中文说明。")
    def readyz() -> JSONResponse:
        ready, details = get_service().readiness()
        return JSONResponse(status_code=200 if ready else 503, content=details)

    @app.post("/api/ask", tags=["居民"], summary="提问", responses=error_responses(400, 413, 422, 429, 500),
              description="回答一个医保政策问题：政策问答附编号引用（文件、章节、发布日期和原文），"
                          "报销测算附计算步骤；文件没有规定的会说明并给出当地咨询渠道。不支持的城市返回 400。")
    async def ask(req: AskRequest) -> dict[str, Any]:
        check_city(req.city)

        def answer() -> dict[str, Any]:
            return get_service().answer(req.question, city=req.city, session_id=req.session_id).to_dict()

        return await anyio.to_thread.run_sync(answer, limiter=answer_slots())

    @app.get("/api/search", tags=["居民"], summary="检索政策原文", responses=error_responses(400, 422, 429, 500),
             description="按问题检索政策原文段落，最相关的在前。不支持的城市返回 400。")
    def search(q: str = Query(min_length=1, max_length=MAX_QUESTION_CHARS, description="要检索的问题或关键词"),
               city: str | None = Query(default=None, max_length=10, description="城市（可不填）"),
               k: int = Query(default=5, ge=1, le=50, description="返回段落数（1–50）")) -> dict[str, Any]:
        check_city(city)
        passages = get_service().search(q, city=city, k=k)
        return {"query": q, "city": city, "passages": [p.to_dict() for p in passages]}

    @app.get("/api/calc", tags=["居民"], summary="计算器列表", description="所有计算器及其输入字段（含中文说明和可选值）。")
    def list_calculators() -> dict[str, Any]:
        return {
            "calculators": [
                {"name": c.name, "title": c.title, "description": c.description,
                 "input_schema": c.input_model.model_json_schema()}
                for c in calculators().values()
            ]
        }

    @app.post("/api/calc/{name}", tags=["居民"], summary="运行计算器", responses=error_responses(400, 404, 413, 422, 429),
              description="按政策参数计算报销或缴费，每一步附政策依据。未知的计算器返回 404 并列出可用的计算器。")
    def calc(name: str, payload: dict[str, Any] = Body(description=CALC_BODY_DESCRIPTION,
                                                       examples=[{"city": "淮安", "level": "三级", "cost": 50000}])) -> Any:
        # every text cleaned first (surrogates, controls); an InputError becomes 400 (404 for an unknown name)
        return run(clean_input(name, 64), clean_payload(payload)).to_dict()

    @app.post("/api/feedback", tags=["居民"], summary="评价回答", responses=error_responses(413, 422, 429),
              description="居民对一条回答的评价（有帮助 / 没帮助）和可选的意见；保存前去除身份证号、电话、姓名等个人信息。")
    def feedback(req: FeedbackRequest) -> Any:
        record_feedback(get_service().store, req.question, req.answer, req.rating, req.comment, req.session_id)
        return {"ok": True}

    # the staff routes as the app's own (an included router is not seen by slowapi's per-route
    # limits: failed logins and staff calls count like any other request)
    app.router.routes.extend(staff_router(get_service, accounts).routes)

    # innermost first: Chinese errors for whatever a library answers, the catch-all inside the body
    # limit, the staff guard and the rate limits outside them
    app.add_middleware(ChineseErrorsMiddleware, routes_of=lambda: app.router.routes)
    app.add_middleware(CatchAllMiddleware)
    app.add_middleware(BodyLimitMiddleware, max_bytes=limits["max_body_bytes"],
                       limits={PAGE_PREFIX: limits["max_page_body_bytes"],
                               STAFF_PAGE_PREFIX: limits["max_page_body_bytes"]})
    app.add_middleware(StaffPageGuard, accounts=accounts)
    app.add_middleware(SlowAPIASGIMiddleware)
    if limits["total"] != NO_LIMIT:
        app.add_middleware(TotalLimitMiddleware, limit=limits["total"], storage_uri=limits["storage"])
    return app
