"""Answering every item of a question set and writing the run's files.

The answer function is injectable: any callable `answer_fn(question, city)` returning a
`bot.answers.model.Answer` (or a dict like `Answer.to_dict()`). The default is a service of its
own (`default_answer_fn`), built only when a run needs it. Latency is the wall time of that call alone.
The first question is answered once, untimed, before the run (`warmup`), so loading the index
and models is not counted as the first item's latency.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from tqdm import tqdm

from bot.evaluation.dataset import Item, load_items
from bot.evaluation.metrics import summarize
from bot.evaluation.report import write_run
from bot.evaluation.scoring import NO_ANSWER, ItemResult, score_item, view_answer

AnswerFn = Callable[[str, str | None], Any]


def default_answer_fn(retriever: str | None = None) -> AnswerFn:
    """The answering service's answer, with the retriever mode `retriever` (else the configured one).

    The run's own service records nothing in the store: evaluation questions are not residents'
    unanswered questions.
    """
    from bot.config import Settings
    from bot.service import Service

    settings = Settings.from_env()
    if retriever is not None:
        settings = dataclasses.replace(settings, retriever_mode=retriever)
    service = Service.from_settings(settings, record_unanswered=False)

    def answer_fn(question: str, city: str | None) -> Any:
        return service.answer(question, city=city)

    return answer_fn


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
    `DatasetError` for a bad question file. `retriever` chooses the default answer function's
    retriever mode (hybrid, bm25, dense); an injected `answer_fn` is used as it is.
    """
    items, warnings = load_items(paths, city=city)
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    started = dt.datetime.now().astimezone()
    clock = time.perf_counter()
    fn = answer_fn or default_answer_fn(retriever)
    results = answer_items(items, fn, progress=progress, warmup=warmup)
    summary = summarize(results)
    meta = {
        "files": [str(p) for p in paths],
        "retriever": retriever or os.environ.get("YIBAO_RETRIEVER_MODE") or "hybrid",
        "city": city,
        "started": started.isoformat(timespec="seconds"),
        "duration_s": round(time.perf_counter() - clock, 1),
        "errors": sum(1 for r in results if r.error),
    }
    write_run(Path(out_dir), summary, results, meta)
    return summary, results
