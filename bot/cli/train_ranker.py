"""`yibao train-ranker [--out FILE] [--folds N]`: train the ranking stage and write its model file.

The training questions are the similar questions of the index in YIBAO_DATA_DIR (build it with
`yibao ingest` first); the figures printed are cross-validated with folds grouped by unit.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.config import Settings


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", metavar="FILE", help="模型文件（默认 corpus/ranker/ranker.json）")
    parser.add_argument("--folds", type=int, default=5, help="交叉验证折数，按单元分组（默认 5）")


def format_training(training: dict) -> str:
    lines = [f"训练问题 {training.get('questions', 0)} 条，覆盖 {training.get('units', 0)} 个单元，"
             f"{training.get('folds')} 折交叉验证（按单元分组）"]
    names = {"leave_one_out": "留一（去掉该问本身）", "unit_left_out": "去掉该单元全部相似问"}
    for mode, figures in training.get("cross_validated", {}).items():
        for variant, label in names.items():
            f = figures.get(variant, {})
            lines.append(f"{mode:7s} {label}: hit@1 {f.get('hit@1', 0):.3f}  hit@5 {f.get('hit@5', 0):.3f}")
        lines.append(f"{mode:7s} 置信度 Brier 分数: {figures.get('confidence_brier', 0):.4f}")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    from bot.service import IndexCorrupt, IndexUnavailable, train_ranker
    from ingest.index_state import IndexNotBuilt

    if args.folds < 2:
        print(f"--folds 至少为 2，收到 {args.folds}", file=sys.stderr)
        return 2
    try:
        training = train_ranker(Settings.from_env(), Path(args.out) if args.out else None, args.folds,
                                log=lambda message: print(message, file=sys.stderr))
    except IndexNotBuilt:
        print("还没有建立索引：请先运行 `yibao ingest`。", file=sys.stderr)
        return 1
    except (IndexUnavailable, IndexCorrupt) as exc:
        print(f"索引已损坏：{exc}\n请运行 `yibao ingest --force` 重新建立索引。", file=sys.stderr)
        return 1
    except ValueError as exc:
        print(f"无法训练：{exc}", file=sys.stderr)
        return 1
    print(format_training(training))
    return 0
