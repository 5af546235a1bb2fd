"""A tiny OpenAI-compatible chat server on loopback, with canned replies chosen by each test.

It serves `POST /v1/chat/completions` (what langchain-openai's `ChatOpenAI` calls) from the
standard library's `http.server`, on 127.0.0.1 and a free port:

    with CannedChatServer() as server:
        server.queue(Reply.text("……[1]"))
        model = ChatOpenAI(base_url=server.base_url, ...)

Replies are served in the order queued; the last one is repeated. `Reply.slow(text, seconds)`
answers late (the wait ends early when the server stops), `Reply.status(500)` fails,
`Reply.tool_call(name, args)` asks the client to call a tool. The request bodies are kept in
`server.requests` so a test can look at the prompt that went over the wire.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

CHAT_PATH = "/v1/chat/completions"


@dataclass(frozen=True)
class Reply:
    content: str | None = None
    delay_s: float = 0.0
    status_code: int = 200
    tool_calls: tuple[dict[str, Any], ...] = field(default_factory=tuple)

    @classmethod
    def text(cls, content: str) -> Reply:
        return cls(content=content)

    @classmethod
    def slow(cls, content: str, seconds: float) -> Reply:
        return cls(content=content, delay_s=seconds)

    @classmethod
    def status(cls, code: int) -> Reply:
        return cls(status_code=code)

    @classmethod
    def tool_call(cls, name: str, args: dict[str, Any]) -> Reply:
        call = {"id": f"call_{name}", "type": "function",
                "function": {"name": name, "arguments": json.dumps(args, ensure_ascii=False)}}
        return cls(tool_calls=(call,))

    def body(self, model: str) -> dict[str, Any]:
        message: dict[str, Any] = {"role": "assistant", "content": self.content}
        if self.tool_calls:
            message["tool_calls"] = list(self.tool_calls)
        return {
            "id": "chatcmpl-canned",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": model,
            "choices": [{"index": 0, "message": message,
                         "finish_reason": "tool_calls" if self.tool_calls else "stop"}],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
        }


class CannedChatServer:
    """An OpenAI-style chat endpoint on 127.0.0.1 for the duration of a `with` block."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self._replies: list[Reply] = []
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                        name="canned-chat", daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}/v1"

    def queue(self, *replies: Reply) -> None:
        with self._lock:
            self._replies.extend(replies)

    def __enter__(self) -> CannedChatServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def _next_reply(self) -> Reply:
        with self._lock:
            if not self._replies:
                return Reply.status(503)
            return self._replies.pop(0) if len(self._replies) > 1 else self._replies[0]

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                length = int(self.headers.get("Content-Length") or 0)
                payload = json.loads(self.rfile.read(length) or b"{}")
                if self.path != CHAT_PATH:
                    self._send(404, {"error": {"message": f"no route {self.path}"}})
                    return
                server.requests.append(payload)
                reply = server._next_reply()
                if reply.delay_s and server._stopping.wait(reply.delay_s):
                    return  # stopped while waiting: drop the request
                if reply.status_code != 200:
                    self._send(reply.status_code, {"error": {"message": "canned failure", "type": "server_error"}})
                    return
                self._send(200, reply.body(payload.get("model", "canned")))

            def _send(self, code: int, body: dict[str, Any]) -> None:
                data = json.dumps(body, ensure_ascii=False).encode("utf-8")
                try:
                    self.send_response(code)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout): nothing to answer

            def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
                pass

        return Handler
