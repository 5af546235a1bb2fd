"""One app, one port: the REST API (`bot.web.api`) with the Chinese web page (`bot.web.page`) mounted at `/`.

Safe by default: nothing here launches gradio (no share link, no tunnel), no flagging, no
analytics, no run history stored in the browser, and errors inside the page are not shown as
tracebacks (the handlers turn them into Chinese messages; `show_error=False` hides the rest).

Uploads: no component of the residents' page takes a file, so its upload routes answer 403 to
everyone (`UPLOAD_PATHS`); the staff page's (`/staff/gradio_api/upload`) are behind the staff login,
and `max_file_size` caps them. Every gradio route has the same body-size limit as the API (`bot.web.api.BodyLimitMiddleware`).
"""

from __future__ import annotations

import copy
import logging
import urllib.parse
from typing import Any

import gradio as gr
from fastapi import FastAPI
from starlette.types import ASGIApp, Receive, Scope, Send

from bot.service import redact
from bot.web.api import create_api, send_json
from bot.web.page import CSS, PAGE_JS, STAFF_JS, build_ui, theme
from bot.web.staff_api import STAFF_PREFIX
from bot.web.staff_tab import build_staff_ui

UPLOAD_PATHS = ("/gradio_api/upload", "/upload")
MAX_UPLOAD_SIZE = "1mb"
NO_UPLOADS = "本服务不接受上传文件。"


class NoUploadsMiddleware:
    """403 for gradio's upload routes: residents may not upload, and no page component takes a file."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope.get("path", "").rstrip("/") in UPLOAD_PATHS:
            await send_json(send, 403, {"error": NO_UPLOADS})
            return
        await self.app(scope, receive, send)


class AccessLogFilter(logging.Filter):
    """The access log without query strings (a search's `q` is a resident's question) and with
    personal data redacted from the path."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str):
            path = urllib.parse.unquote(args[2].split("?", 1)[0])
            record.args = (*args[:2], redact(path), *args[3:])
        return True


def access_log_config() -> dict[str, Any]:
    """uvicorn's logging configuration with `AccessLogFilter` on its access log."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config.setdefault("filters", {})["yibao_access"] = {"()": AccessLogFilter}
    config["handlers"]["access"].setdefault("filters", []).append("yibao_access")
    return config


def create_app(service: Any | None = None, staff: Any | None = None) -> FastAPI:
    """The FastAPI app serving `/api/...`, `/healthz`, the residents' page at `/` and the staff page
    at `/staff/` (behind its login); `service` built lazily when None, `staff` the
    `bot.web.auth.StaffAccounts` (default from the environment)."""
    app = create_api(service, staff=staff)
    blocks = build_ui(app.state.get_service)
    staff_blocks = build_staff_ui(app.state.get_service, request_staff(app.state.staff))
    app.state.blocks = blocks
    app.state.staff_blocks = staff_blocks
    app.add_middleware(NoUploadsMiddleware)
    options = dict(show_error=False, footer_links=[], run_history=False, mcp_server=False, pwa=False,
                   ssr_mode=False, theme=theme(), css=CSS, max_file_size=MAX_UPLOAD_SIZE)
    # the staff page first: the residents' page at `/` takes every path not routed before it
    gr.mount_gradio_app(app, staff_blocks, path=STAFF_PREFIX, js=STAFF_JS, **options)
    return gr.mount_gradio_app(app, blocks, path="/", js=PAGE_JS, **options)


def request_staff(accounts: Any) -> Any:
    """`staff_of(request)` for the staff page's events: the account a gradio request is from, or None."""

    def staff_of(request: Any) -> str | None:
        if request is None:
            return None
        try:
            headers = {str(k).lower(): str(v) for k, v in dict(request.headers).items()}
            cookies = {str(k): str(v) for k, v in dict(request.cookies).items()}
        except (AttributeError, TypeError, ValueError):
            return None
        return accounts.staff_of(headers, cookies)

    return staff_of
