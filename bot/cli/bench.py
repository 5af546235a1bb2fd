"""`yibao bench [--quick] [--only MEASURES] [--data-dir DIR] [--dev PATH]… [--no-write]`.

Measures ingest time, search latency, ask latency by route, peak memory of a serving process,
start-up time to first answer and throughput of POST /api/ask; prints each section as it
finishes and writes the finished ones to BENCHMARKS.md (a failed measure keeps its old section).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.bench.report import MEASURES


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--quick", action="store_true", help="少量请求、一轮计时（用于测试，结果不精确）")
    parser.add_argument("--only", default=",".join(MEASURES),
                        help=f"只测这些项，逗号分隔（默认全部：{','.join(MEASURES)}）")
    parser.add_argument("--data-dir", type=Path, help="测量这个数据目录的索引（复制一份测量，不改动原目录）")
    parser.add_argument("--dev", type=Path, action="append", default=[],
                        help="评测题集 JSONL 或其所在目录（如 /work/shared/eval）：加入提问列表，并计算 hit@1/hit@5；可重复")
    parser.add_argument("--no-write", action="store_true", help="只打印结果，不改写 BENCHMARKS.md")


def _print_section(section) -> None:
    from bot.bench.report import render_section

    print(render_section(section), flush=True)
    print(flush=True)


def run(args: argparse.Namespace) -> int:
    from bot.bench.report import write
    from bot.bench.run import BENCHMARKS_MD, BenchOptions, parse_only, run_bench

    try:
        only = parse_only(args.only)
    except ValueError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    for path in args.dev:
        if not path.exists():
            print(f"--dev：找不到 {path}", file=sys.stderr)
            return 2
    if args.data_dir is not None and not args.data_dir.is_dir():
        print(f"--data-dir：{args.data_dir} 不是目录", file=sys.stderr)
        return 2
    options = BenchOptions(only=only, quick=args.quick, data_dir=args.data_dir, dev=tuple(args.dev),
                           write=not args.no_write)
    sections = run_bench(options, log=lambda message: print(message, file=sys.stderr, flush=True),
                         on_section=_print_section)
    failed = [s for s in sections if s.error]
    for section in failed:
        print(f"{section.key} 测量失败：{section.error}", file=sys.stderr)
    finished = [s for s in sections if not s.error]
    if options.write and finished:
        write(finished, BENCHMARKS_MD)
        print(f"已写入 {BENCHMARKS_MD}（{', '.join(s.key for s in finished)}）", file=sys.stderr)
    return 1 if failed else 0
