"""`yibao ingest [--force]`: build the index of the corpus into the data dir and switch to it."""

from __future__ import annotations

import argparse
import sys

from bot.config import Settings


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--force", action="store_true", help="rebuild even when the index already matches the corpus")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")


def run(args: argparse.Namespace) -> int:
    from ingest.pipeline import IngestError, run_ingest

    settings = Settings.from_env()
    try:
        stats = run_ingest(settings.index, progress=not args.quiet, force=args.force,
                           log=lambda message: print(message, file=sys.stderr))
    except (IngestError, ValueError, RuntimeError) as exc:
        print(f"建立索引失败（原来的索引仍在使用）：{exc}", file=sys.stderr)
        return 1
    print(stats.summary())
    return 0
