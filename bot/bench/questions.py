"""The fixed, bounded question list of the ask, memory and throughput benchmarks.

An item is one conversation: a single question, or several turns in one session (a follow-up
question of ours answered, or "那长春呢？"). Built-in items cover every route; `--dev` adds the
items of the evaluation sets (`yibao eval` format): factual items (policy questions, or declines
when `expect_refusal`) and calculation items (those with `expected`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

CATEGORIES = ("policy", "calculation", "follow_up", "decline")


@dataclass(frozen=True)
class BenchItem:
    category: str  # what the item is meant to exercise, one of CATEGORIES
    turns: tuple[str, ...]
    city: str | None = None
    source: str = "built-in"


def _one(category: str, question: str) -> BenchItem:
    return BenchItem(category, (question,))


BUILT_IN: tuple[BenchItem, ...] = (
    _one("policy", "淮安居民医保一般几月份交费？"),
    _one("policy", "连云港大病保险的起付线是多少"),
    _one("policy", "长春住院起付线，三级医院要自己先花多少钱"),
    _one("policy", "长治城乡居民医保待遇从什么时候开始享受"),
    _one("policy", "随州高血压糖尿病门诊用药怎么报销"),
    _one("policy", "在外地住院没备案，回淮安怎么报销"),
    _one("policy", "新生儿怎么参加居民医保"),
    _one("policy", "连云港 断缴 补缴 等待期"),
    _one("calculation", "淮安三级医院住院花了5万元，普通成年居民，能报多少？"),
    _one("calculation", "长治二级医院住院合规费用2万元，成年居民，统筹基金支付多少"),
    _one("calculation", "连云港大病保险，个人负担合规费用8万元，能再报多少"),
    _one("calculation", "随州一级医院住院花了6000元，学生，报多少"),
    _one("decline", "淮安的公积金怎么提取？"),
    _one("decline", "北京职工医保退休后每月划入个人账户多少钱"),
    _one("decline", "今天天气怎么样"),
    _one("decline", "帮我写一首关于春天的诗"),
    BenchItem("follow_up", ("淮安住院起付线是多少？", "那长春呢？")),
    BenchItem("follow_up", ("住院花了3万能报多少？", "淮安", "三级医院")),
    BenchItem("follow_up", ("长治居民医保一年交多少钱？", "什么时候交？")),
    BenchItem("follow_up", ("我想算一下报销", "住院", "连云港")),
)


def read_jsonl(path: Path) -> list[dict]:
    items = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if line.strip():
                try:
                    items.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise ValueError(f"{path}:{number}: not JSON ({exc.msg})") from exc
    return items


def dev_files(path: Path) -> list[Path]:
    """The JSONL files of `--dev`: the file itself, or every *.jsonl of a directory."""
    path = Path(path)
    if path.is_dir():
        return sorted(path.glob("*.jsonl"))
    if not path.exists():
        raise FileNotFoundError(f"--dev: {path} does not exist")
    return [path]


def dev_records(paths: list[Path]) -> list[dict]:
    """Every record of the dev files, each with its file name under `_source`."""
    return [{**record, "_source": path.name} for path in paths for record in read_jsonl(path)]


def item_of(record: dict) -> BenchItem | None:
    question = record.get("question")
    if not isinstance(question, str) or not question.strip():
        return None
    if "expected" in record:
        category = "calculation"
    elif record.get("expect_refusal"):
        category = "decline"
    else:
        category = "policy"
    return BenchItem(category, (question,), record.get("city"), record.get("_source", "dev"))


def question_list(dev_paths: list[Path] | None = None, per_category: int | None = None) -> list[BenchItem]:
    """The built-in items, then the dev items; at most `per_category` of each category (in order)."""
    items = list(BUILT_IN)
    for record in dev_records(dev_paths or []):
        item = item_of(record)
        if item is not None:
            items.append(item)
    if per_category is None:
        return items
    counts: dict[str, int] = {}
    kept = []
    for item in items:
        counts[item.category] = counts.get(item.category, 0) + 1
        if counts[item.category] <= per_category:
            kept.append(item)
    return kept


def single_questions(items: list[BenchItem]) -> list[str]:
    """The questions that stand alone (first turns), for load tests where sessions do not matter."""
    return [item.turns[0] for item in items if len(item.turns) == 1]
