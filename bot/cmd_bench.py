"""`yibao bench [--dev QUESTIONS.jsonl] [--no-write]`: ingest time, search latency, hit rates."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--dev", type=Path, help="问题集 JSONL（含 source_quote），用于计算 hit@1/hit@5")
    parser.add_argument("--no-write", action="store_true", help="只打印结果，不改写 BENCHMARKS.md")


def run(args: argparse.Namespace) -> int:
    from bot.bench import BENCHMARKS_MD, format_table, run_bench, write_benchmarks_md

    if args.dev and not args.dev.exists():
        print(f"--dev：找不到文件 {args.dev}", file=sys.stderr)
        return 2
    result = run_bench(args.dev, log=lambda message: print(message, file=sys.stderr))
    print(format_table(result))
    if not args.no_write:
        write_benchmarks_md(result)
        print(f"已写入 {BENCHMARKS_MD}", file=sys.stderr)
    return 0
