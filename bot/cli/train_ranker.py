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
    lines += format_resident_confidence(training.get("confidence_on_residents"))
    return "\n".join(lines)


def format_resident_confidence(record: dict | None) -> list[str]:
    """The leave-one-set-out figures of the confidence calibrated on residents' wording."""
    if not record:
        return []
    held = record["leave_one_set_out"]
    outcomes = record["outcomes"]
    lines = [f"{record['mode']} 置信度（居民问法 {'、'.join(record['sets'])}：首段正确 {outcomes['right']}、"
             f"首段错误 {outcomes['wrong']}、应拒答 {outcomes['decline']}；留一集评估）"]
    for name, label in (("current", "原校准（相似问）"), ("new", "新校准（居民问法）")):
        f = held[name]
        lines.append(f"  {label}: Brier {f['brier']:.4f}  AUC 正确/其余 {f['auc_right_vs_rest']}  "
                     f"正确/错误 {f['auc_right_vs_wrong']}  正确/应拒答 {f['auc_right_vs_decline']}")
        lines += [f"    {b['bin']}: n={b['n']:3d} 预测 {b['predicted']:.3f} 实际 {b['observed']:.3f}" for b in f["reliability"]]
    for name, per in held["per_set"].items():
        lines.append(f"  {name:10s} Brier 原 {per['current']['brier']:.4f} 新 {per['new']['brier']:.4f}  "
                     f"AUC 原 {per['current']['auc_right_vs_rest']} 新 {per['new']['auc_right_vs_rest']}")
    t = record["threshold"]
    lines.append(f"  建议阈值 {t['threshold']:.2f}（留一集置信度上 正确作答 − {t['wrong_answer_cost']:g}×错误作答 最大："
                 f"正确 {t['answered_right']}、错误 {t['answered_wrong']}、少答正确 {t['held_back_right']}）")
    return lines


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
