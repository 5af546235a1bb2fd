"""Answering every item of a question set and writing the run's files.

The answer function is injectable: any callable `answer_fn(question, city)` returning a
`bot.answers.model.Answer` (or a dict like `Answer.to_dict()`). The default is the service's
`bot.answer`, imported only when a run needs it. Latency is the wall time of that call alone.
The first question is answered once, untimed, before the run (`warmup`), so loading the index
and models is not counted as the first item's latency.
"""

from __future__ import annotations

import datetime as dt
import importlib
import os
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tqdm import tqdm

from bot.evaluation.dataset import Item, load_items
from bot.evaluation.metrics import summarize
from bot.evaluation.report import write_run
from bot.evaluation.scoring import NO_ANSWER, ItemResult, score_item, view_answer

AnswerFn = Callable[[str, str | None], Any]
RETRIEVER_ENV = "YIBAO_RETRIEVER_MODE"  # read by bot.config.Settings


class AnswerFunctionMissing(RuntimeError):
    """`bot.answer` cannot be imported."""


def default_answer_fn() -> AnswerFn:
    """`bot.answer(question, city=...)`, imported now (not when this module is)."""
    import bot

    answer = getattr(bot, "answer", None)
    if answer is None:
        try:
            answer = importlib.import_module("bot.answer")
        except ImportError as exc:
            raise AnswerFunctionMissing(
                f"bot.answer is not available ({exc}): the answering service is needed for `yibao eval`"
            ) from exc
    if not callable(answer):  # the module bot/answer.py rather than the function
        answer = getattr(answer, "answer", None)
        if not callable(answer):
            raise AnswerFunctionMissing("bot.answer is not a function answer(question, city=None, session_id=None)")

    def answer_fn(question: str, city: str | None) -> Any:
        return answer(question, city=city)

    return answer_fn


@contextmanager
def retriever_mode(mode: str | None) -> Iterator[None]:
    """Run with `YIBAO_RETRIEVER_MODE=mode` (unchanged when None); the old value is restored after."""
    if mode is None:
        yield
        return
    old = os.environ.get(RETRIEVER_ENV)
    os.environ[RETRIEVER_ENV] = mode
    try:
        yield
    finally:
        if old is None:
            os.environ.pop(RETRIEVER_ENV, None)
        else:
            os.environ[RETRIEVER_ENV] = old


def answer_item(answer_fn: AnswerFn, item: Item) -> ItemResult:
    """Answer one item and score it; an exception of the answer function is recorded, not raised."""
    error = None
    start = time.perf_counter()
    try:
        raw = answer_fn(item.question, item.city)
    except Exception as exc:  # one failing question must not end the run
        raw, error = None, f"{type(exc).__name__}: {exc}"
    latency_ms = (time.perf_counter() - start) * 1000
    view = NO_ANSWER
    if error is None:
        try:
            view = view_answer(raw)
        except Exception as exc:
            error = f"unreadable answer {type(raw).__name__}: {type(exc).__name__}: {exc}"
    return score_item(item, view, latency_ms, error)


def answer_items(items: Sequence[Item], answer_fn: AnswerFn, progress: bool = True,
                 warmup: bool = True) -> list[ItemResult]:
    """Every item answered and scored, in order, with a progress bar on stderr."""
    if warmup and items:
        try:
            answer_fn(items[0].question, items[0].city)
        except Exception:  # noqa: S110 - the item itself records the error when it is answered
            pass
    bar = tqdm(items, desc="eval", unit="q", disable=not progress, file=sys.stderr, dynamic_ncols=True)
    return [answer_item(answer_fn, item) for item in bar]


def run_eval(paths: Sequence[str | Path], out_dir: str | Path, answer_fn: AnswerFn | None = None,
             city: str | None = None, retriever: str | None = None, progress: bool = True,
             warmup: bool = True) -> tuple[dict[str, Any], list[ItemResult]]:
    """Load the question files, answer every item, write the run into `out_dir`.

    Returns the summary (as written to `summary.json`) and the per-item results. Raises
    `DatasetError` for a bad question file and `AnswerFunctionMissing` without `bot.answer`.
    """
    items, warnings = load_items(paths, city=city)
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    started = dt.datetime.now().astimezone()
    clock = time.perf_counter()
    with retriever_mode(retriever):
        fn = answer_fn or default_answer_fn()
        results = answer_items(items, fn, progress=progress, warmup=warmup)
    summary = summarize(results)
    meta = {
        "files": [str(p) for p in paths],
        "retriever": retriever or os.environ.get(RETRIEVER_ENV) or "hybrid",
        "city": city,
        "started": started.isoformat(timespec="seconds"),
        "duration_s": round(time.perf_counter() - clock, 1),
        "errors": sum(1 for r in results if r.error),
    }
    write_run(Path(out_dir), summary, results, meta)
    return summary, results
