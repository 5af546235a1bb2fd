"""`yibao search "问题" [--city] [--k] [--json]`: ranked passages from the index."""

from __future__ import annotations

import argparse
import json
import sys

from bot.config import RETRIEVER_MODES, Settings
from corpus.catalogue import CITIES


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("query", help="问题或关键词")
    parser.add_argument("--city", choices=CITIES, help="只在该城市的文件中查找（默认从问题中识别）")
    parser.add_argument("--k", type=int, default=5, help="返回的段落数（默认 5）")
    parser.add_argument("--json", action="store_true", help="输出 JSON")
    parser.add_argument("--mode", choices=RETRIEVER_MODES, help="检索方式（默认 hybrid）")


def format_passages(passages) -> str:
    if not passages:
        return "没有找到相关段落。"
    blocks = []
    for n, p in enumerate(passages, start=1):
        head = f"[{n}] {p.city}｜{p.doc_title or p.doc_id}｜{p.section or p.title}｜得分 {p.score:.4f}"
        blocks.append(f"{head}\n{p.text.strip()}")
    return "\n\n".join(blocks)


def run(args: argparse.Namespace) -> int:
    from bot.service import IndexCorrupt, IndexUnavailable, search_passages
    from ingest.index_state import IndexNotBuilt

    if args.k < 1:
        print(f"--k 必须是正整数，收到 {args.k}", file=sys.stderr)
        return 2
    settings = Settings.from_env()
    try:
        passages = search_passages(settings, args.query, city=args.city, k=args.k, mode=args.mode)
    except (IndexUnavailable, IndexCorrupt) as exc:
        print(f"索引已损坏，无法检索：{exc}\n请运行 `yibao ingest --force` 重新建立索引。", file=sys.stderr)
        return 1
    except IndexNotBuilt:
        print("还没有建立索引：请先运行 `yibao ingest`。", file=sys.stderr)
        return 1
    except Exception as exc:  # a resident or staff member sees a message, never a traceback
        print(f"检索失败：{type(exc).__name__}: {exc}\n请检查 YIBAO_DATA_DIR 下的索引，或运行 `yibao ingest --force`。",
              file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps([p.to_dict() for p in passages], ensure_ascii=False, indent=2))
    else:
        print(format_passages(passages))
    return 0
