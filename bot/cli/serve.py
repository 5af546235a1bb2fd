"""`yibao serve [--host 127.0.0.1] [--port 7860] [--workers N]`: build the index if missing, then
serve the API and page.

Listens on the loopback interface unless `--host` says otherwise; never opens a public share link.

`--workers N` (N > 1) runs N uvicorn worker processes on the one port. uvicorn starts them with
`spawn`, so each imports the app by name (`bot.cli.serve:worker_app`, a factory) and builds its
own service; they share state only through the database. In-memory sessions cannot be shared
between processes, so with N > 1 sessions live in the shared database: `YIBAO_DATABASE_URL` when
set, else the SQLite file `yibao.sqlite` of the data dir (enough for one machine). Rate-limit
counts stay per process unless YIBAO_RATE_LIMIT_STORAGE names a shared storage.
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
    parser.add_argument("--workers", type=int, default=1,
                        help="工作进程数（默认 1）。大于 1 时会话保存在共享数据库中：设置了 YIBAO_DATABASE_URL "
                             "则用该数据库，否则用数据目录下的 SQLite 文件 yibao.sqlite（适合单台机器）")


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


WORKER_APP = "bot.cli.serve:worker_app"
# How long a worker may take to answer uvicorn's health-check ping. uvicorn's default (5 s) kills
# workers that are still starting: the logging configuration sent to each spawned worker refers
# to the access-log filter, so unpickling it imports bot.web.server (gradio, the service: about
# 12 s on two busy cores) before the worker's ping thread runs; every worker was then taken for
# hung, killed ("Child process died") and restarted, forever.
WORKER_HEALTHCHECK_TIMEOUT_S = 180


def worker_app():
    """The app of one worker process (a uvicorn factory): its own service, warmed up."""
    from bot.service import Service
    from bot.web.server import create_app

    service = Service.from_env()
    warm_up(service)
    return create_app(service)


def run(args: argparse.Namespace) -> int:
    import os

    import uvicorn

    from bot.service import DATABASE_URL_ENV, Service, database_url
    from bot.web.server import access_log_config, create_app

    if not 0 < args.port < 65536:
        print(f"--port 必须在 1 到 65535 之间，收到 {args.port}", file=sys.stderr)
        return 2
    if args.workers < 1:
        print(f"--workers 至少为 1，收到 {args.workers}", file=sys.stderr)
        return 2
    service = Service.from_env()
    if args.workers > 1 and not os.environ.get(DATABASE_URL_ENV):
        # workers inherit the environment: every one opens the same SQLite file for its sessions
        os.environ[DATABASE_URL_ENV] = database_url(service.settings.index.data_dir)
    print("正在检查检索索引（首次启动会从 corpus/ 建立索引，约需一两分钟）…", file=sys.stderr, flush=True)
    try:
        service.ensure_index(progress=True)
    except Exception as exc:
        print(f"建立索引失败：{exc}\n请检查 YIBAO_DATA_DIR 是否可写，或先运行 `yibao ingest` 查看详情。",
              file=sys.stderr)
        return 1
    if not is_loopback(args.host):
        print(f"注意：正在监听 {args.host}，其他机器可以访问本服务。", file=sys.stderr)
    address = f"http://{'127.0.0.1' if args.host == '0.0.0.0' else args.host}:{args.port}/"
    if args.workers == 1:
        warm_up(service)
        app = create_app(service)
        print(f"医保问答已启动：{address}（按 Ctrl+C 停止）", file=sys.stderr, flush=True)
        uvicorn.run(app, host=args.host, port=args.port, log_level="info", log_config=access_log_config())
        return 0
    print(f"医保问答正在启动 {args.workers} 个工作进程：{address}（会话保存在共享数据库；按 Ctrl+C 停止）",
          file=sys.stderr, flush=True)
    uvicorn.run(WORKER_APP, factory=True, workers=args.workers, host=args.host, port=args.port,
                log_level="info", log_config=access_log_config(),
                timeout_worker_healthcheck=WORKER_HEALTHCHECK_TIMEOUT_S)
    return 0
