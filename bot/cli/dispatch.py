"""The `yibao` command line: one sub-command per module in COMMANDS.

Each command module exposes `add_arguments(parser)` and `run(args) -> int`; it is imported
only when its command runs, so `yibao calc` does not load the embedder.
"""

from __future__ import annotations

import argparse
import importlib
import sys

# name -> (module, one-line help)
COMMANDS: dict[str, tuple[str, str]] = {
    "calc": ("bot.cli.calc", "政策计算器：住院、大病保险、一站式结算等 (run a calculator with cited steps)"),
    "ingest": ("bot.cli.ingest", "建立检索索引 (build the index of the corpus)"),
    "search": ("bot.cli.search", "检索政策段落 (ranked passages for a question)"),
    "bench": ("bot.cli.bench", "性能测试：建索引、检索、问答延迟、内存、启动、吞吐 (benchmarks)"),
    "ask": ("bot.cli.ask", "提问：回答附政策原文出处和计算步骤 (answer one question with citations)"),
    "chat": ("bot.cli.chat", "对话：在终端里连续提问，保持同一会话 (a terminal conversation)"),
    "serve": ("bot.cli.serve", "启动网页和接口服务，首次启动自动建索引 (serve the web page and the API)"),
    "staff": ("bot.cli.staff", "工作人员账号：新建、删除、列出，运维令牌 (staff accounts for the staff page and API)"),
    "train-ranker": ("bot.cli.train_ranker", "训练排序模型：用相似问训练并交叉验证 (train the ranking stage)"),
    "eval": ("bot.cli.eval", "评测：按题库打分并生成报告、对比与质量门槛 (run question sets, report, compare, gate)"),
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="yibao", description="医保问答: city medical-insurance policy QA")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, (module_name, help_text) in COMMANDS.items():
        module = importlib.import_module(module_name)
        command = sub.add_parser(name, help=help_text, description=help_text)
        module.add_arguments(command)
        command.set_defaults(_module=module)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args._module.run(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
