"""`yibao serve [--host 127.0.0.1] [--port 7860]`: build the index if missing, then serve the API and page.

Listens on the loopback interface unless `--host` says otherwise; never opens a public share link.
"""

from __future__ import annotations

import argparse
import ipaddress
import sys

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7860


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default=DEFAULT_HOST,
                        help=f"监听地址（默认 {DEFAULT_HOST}，只允许本机访问；0.0.0.0 为对外开放）")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"端口（默认 {DEFAULT_PORT}）")


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def warm_up(service) -> None:
    """Load the embedder and indexes before the first resident waits for them."""
    print("正在加载检索模型……", file=sys.stderr, flush=True)
    try:
        service.search("居民医保起付线", k=1)
    except Exception as exc:  # the page still starts; the first question will report the problem
        print(f"检索模型加载失败（{type(exc).__name__}: {exc}），服务仍会启动。", file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    import uvicorn

    from bot.service import Service
    from bot.web.server import access_log_config, create_app

    if not 0 < args.port < 65536:
        print(f"--port 必须在 1 到 65535 之间，收到 {args.port}", file=sys.stderr)
        return 2
    service = Service.from_env()
    print("正在检查检索索引（首次启动会从 corpus/ 建立索引，约需一两分钟）…", file=sys.stderr, flush=True)
    try:
        service.ensure_index(progress=True)
    except Exception as exc:
        print(f"建立索引失败：{exc}\n请检查 YIBAO_DATA_DIR 是否可写，或先运行 `yibao ingest` 查看详情。",
              file=sys.stderr)
        return 1
    warm_up(service)
    app = create_app(service)
    if not is_loopback(args.host):
        print(f"注意：正在监听 {args.host}，其他机器可以访问本服务。", file=sys.stderr)
    print(f"医保问答已启动：http://{'127.0.0.1' if args.host == '0.0.0.0' else args.host}:{args.port}/"
          "（按 Ctrl+C 停止）", file=sys.stderr, flush=True)
    uvicorn.run(app, host=args.host, port=args.port, log_level="info", log_config=access_log_config())
    return 0
