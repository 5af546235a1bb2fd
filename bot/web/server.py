"""One app, one port: the REST API (`bot.web.api`) with the Chinese web page (`bot.web.page`) mounted at `/`.

Safe by default: nothing here launches gradio (no share link, no tunnel), no flagging, no
analytics, no run history stored in the browser, and errors inside the page are not shown as
tracebacks (the handlers turn them into Chinese messages; `show_error=False` hides the rest).
"""

from __future__ import annotations

from typing import Any

import gradio as gr
from fastapi import FastAPI

from bot.web.api import create_api
from bot.web.page import CSS, build_ui, theme


def create_app(service: Any | None = None) -> FastAPI:
    """The FastAPI app serving `/api/...`, `/healthz` and the page at `/`; `service` built lazily when None."""
    app = create_api(service)
    blocks = build_ui(app.state.get_service)
    app.state.blocks = blocks
    return gr.mount_gradio_app(
        app, blocks, path="/", show_error=False, footer_links=[], run_history=False,
        mcp_server=False, pwa=False, ssr_mode=False, theme=theme(), css=CSS,
    )
