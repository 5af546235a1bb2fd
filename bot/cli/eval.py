"""`yibao eval`: answer question sets and score them; compare two runs; apply the quality gate.

    yibao eval QUESTIONS.jsonl [MORE.jsonl ...] --out DIR [--retriever hybrid|bm25|dense] [--city 淮安]
               [--gate eval_thresholds.toml]
    yibao eval --compare A/summary.json B/summary.json
    yibao eval --summary DIR/summary.json --gate eval_thresholds.toml

Exit status: 0 done (gate passed), 1 gate failed or the run could not answer, 2 bad input.
"""

from __future__ import annotations

import argparse
import sys

from bot.config import RETRIEVER_MODES
from corpus.catalogue import CITIES


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="*", metavar="QUESTIONS.jsonl", help="题目文件（JSONL，事实题与计算题可混合）")
    parser.add_argument("--out", metavar="DIR", help="结果目录：summary.json、answers.jsonl、report.md、report.html、chart.png")
    parser.add_argument("--retriever", choices=RETRIEVER_MODES, help="本次运行的检索方式（默认按 YIBAO_RETRIEVER_MODE）")
    parser.add_argument("--city", choices=CITIES, help="所有题目都按该城市回答")
    parser.add_argument("--gate", metavar="THRESHOLDS.toml", help="质量门槛文件：不达标时退出码为 1 并列出不达标的指标")
    parser.add_argument("--compare", nargs=2, metavar=("A", "B"), help="比较两次运行的 summary.json")
    parser.add_argument("--summary", metavar="SUMMARY.json", help="与 --gate 一起用：检查已有运行的结果")
    parser.add_argument("--no-progress", action="store_true", help="不显示进度条")


def _fail(message: str, code: int) -> int:
    print(message, file=sys.stderr)
    return code


def _compare(args: argparse.Namespace) -> int:
    from bot.evaluation.compare import SummaryError, compare, format_comparison, read_summary

    before_path, after_path = args.compare
    try:
        before, after = read_summary(before_path), read_summary(after_path)
    except SummaryError as exc:
        return _fail(f"无法读取结果文件：{exc}", 2)
    print(format_comparison(compare(before, after), before_path, after_path))
    return 0


def _gate(summary: dict, thresholds) -> int:
    from bot.evaluation.gate import check_gate, format_checks, gate_passed

    checks = check_gate(summary, thresholds)
    print(format_checks(checks))
    return 0 if gate_passed(checks) else 1


def _headline(summary: dict) -> str:
    from bot.evaluation.metrics import METRICS
    from bot.evaluation.report import LABELS, format_value

    return "\n".join(f"{LABELS[m]:<18} {format_value(m, summary[m])}" for m in METRICS)


def run(args: argparse.Namespace) -> int:
    from bot.evaluation.gate import ThresholdsError, load_thresholds

    if args.compare:
        if args.files or args.gate:
            return _fail("--compare 只比较两个 summary.json，不能与题目文件或 --gate 同用", 2)
        return _compare(args)
    thresholds = None
    if args.gate:
        try:
            thresholds = load_thresholds(args.gate)
        except ThresholdsError as exc:
            return _fail(f"门槛文件有误：{exc}", 2)
    if args.summary:
        if args.files or not thresholds:
            return _fail("--summary 只与 --gate 一起使用，且不再给题目文件", 2)
        from bot.evaluation.compare import SummaryError, read_summary

        try:
            return _gate(read_summary(args.summary), thresholds)
        except SummaryError as exc:
            return _fail(f"无法读取结果文件：{exc}", 2)
    if not args.files or not args.out:
        return _fail("请给出题目文件（JSONL）和 --out 结果目录，例如：yibao eval questions.jsonl --out runs/dev", 2)
    return _run_files(args, thresholds)


def _run_files(args: argparse.Namespace, thresholds) -> int:
    from bot.evaluation.dataset import DatasetError
    from bot.evaluation.runner import run_eval

    try:
        summary, results = run_eval(args.files, args.out, city=args.city, retriever=args.retriever,
                                    progress=not args.no_progress)
    except DatasetError as exc:
        return _fail(f"题目文件有误：\n{exc}", 2)
    print(_headline(summary))
    print(f"报告已写入 {args.out}（report.html、report.md、summary.json、answers.jsonl）")
    errors = [r for r in results if r.error]
    if errors:
        print(f"{len(errors)} 道题回答时出错，第一道 {errors[0].id}：{errors[0].error}", file=sys.stderr)
        if len(errors) == len(results):
            return 1
    if thresholds is not None:
        return _gate(summary, thresholds)
    return 0
