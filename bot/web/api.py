"""The REST API (FastAPI): ask, search, calculators, feedback, health.

Every error is JSON `{"error": <Chinese message>, ...}` with a status code; a resident never sees a
traceback. Developers find the failure in the log (logger `yibao.api`).
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from calculators.errors import InputError
from calculators.registry import calculators, run

log = logging.getLogger("yibao.api")

MAX_QUESTION_CHARS = 500


class AskRequest(BaseModel):
    question: str = Field(min_length=1, max_length=MAX_QUESTION_CHARS, description="居民的问题")
    city: str | None = Field(default=None, max_length=10, description="城市（可不填，从问题中识别）")
    session_id: str | None = Field(default=None, max_length=64, description="会话编号（多轮对话）")


class FeedbackRequest(BaseModel):
    question: str = Field(min_length=1, max_length=MAX_QUESTION_CHARS)
    answer: str = Field(max_length=20_000)
    rating: int = Field(description="1 = 有帮助, -1 = 没帮助")
    comment: str | None = Field(default=None, max_length=1000)
    session_id: str | None = Field(default=None, max_length=64)


def _error(status: int, message: str, **extra: Any) -> JSONResponse:
    return JSONResponse(status_code=status, content={"error": message, **extra})


def create_api(service: Any | None = None) -> FastAPI:
    """The API app. `service` answers questions (`bot.service.Service`); built lazily when None."""
    app = FastAPI(title="医保问答 API", version="0.1.0")
    state: dict[str, Any] = {"service": service}

    def get_service() -> Any:
        if state["service"] is None:
            from bot.service import Service

            state["service"] = Service.from_env()
        return state["service"]

    app.state.get_service = get_service

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {}
        field = ".".join(str(p) for p in first.get("loc", ())[1:]) or "body"
        return _error(422, f"请求参数有误：{field}", field=field, detail=first.get("msg", ""))

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        message = {404: "没有这个地址", 405: "不支持这种请求方式"}.get(exc.status_code, "请求无法处理")
        return _error(exc.status_code, message)

    @app.exception_handler(InputError)
    async def _input(_: Request, exc: InputError) -> JSONResponse:
        return _error(404 if exc.field == "name" else 400, exc.message, field=exc.field, accepted=exc.accepted)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return _error(500, "服务暂时出现问题，请稍后再试；如需帮助请拨打当地医保服务热线。")

    @app.get("/healthz")
    def healthz() -> dict[str, Any]:
        return {"status": "ok", **get_service().health()}

    @app.post("/api/ask")
    def ask(req: AskRequest) -> dict[str, Any]:
        return get_service().answer(req.question, city=req.city, session_id=req.session_id).to_dict()

    @app.get("/api/search")
    def search(q: str = Query(min_length=1, max_length=MAX_QUESTION_CHARS),
               city: str | None = Query(default=None, max_length=10),
               k: int = Query(default=5, ge=1, le=50)) -> dict[str, Any]:
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
        return run(name, payload).to_dict()  # an InputError becomes 400 (404 for an unknown name)

    @app.post("/api/feedback")
    def feedback(req: FeedbackRequest) -> Any:
        if req.rating not in (-1, 1):
            return _error(400, "评价只能是 1（有帮助）或 -1（没帮助）", field="rating")
        get_service().store.add_feedback(req.question, req.answer, req.rating, req.comment, req.session_id)
        return {"ok": True}

    return app
