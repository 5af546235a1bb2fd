"""One question's result: what was asked and expected, what was answered and retrieved, and the checks.

`view_answer` reads whatever the answer function returned (a `bot.answers.model.Answer`, or a dict
shaped like `Answer.to_dict()` with optional `retrieved` and `timings_ms`); `score_item` applies
the matching rules of `bot.evaluation.matching` to it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from bot.evaluation import matching
from bot.evaluation.dataset import CalculationItem, FactualItem, Item

TOP_K = 5  # hit@5


@dataclass(frozen=True)
class AnswerView:
    """The parts of an answer the evaluation reads, whatever object the answer function returned."""

    record: dict[str, Any]  # Answer.to_dict()
    text: str
    refused: bool
    passages: list[dict[str, Any]]  # retrieved passages, else the citations
    calc_total: Any
    timings_ms: dict[str, float]


def _passage_dict(passage: Any) -> dict[str, Any]:
    if isinstance(passage, dict):
        return passage
    if hasattr(passage, "to_dict"):
        return passage.to_dict()
    return {"text": str(passage)}


def view_answer(answer: Any) -> AnswerView:
    """Read an `Answer` (or a dict like `Answer.to_dict()`) into an `AnswerView`."""
    if isinstance(answer, dict):
        record = dict(answer)
        retrieved = record.pop("retrieved", None) or []
        timings = record.pop("timings_ms", None) or {}
    else:
        record = answer.to_dict()
        retrieved = list(getattr(answer, "retrieved", None) or [])
        timings = dict(getattr(answer, "timings_ms", None) or {})
    passages = [_passage_dict(p) for p in retrieved] or [_passage_dict(c) for c in record.get("citations") or []]
    calculation = record.get("calculation") or {}
    return AnswerView(
        record=record,
        text=str(record.get("answer") or ""),
        refused=bool(record.get("refused")),
        passages=passages,
        calc_total=calculation.get("total") if isinstance(calculation, dict) else None,
        timings_ms={k: float(v) for k, v in timings.items()},
    )


NO_ANSWER = AnswerView(record={}, text="", refused=False, passages=[], calc_total=None, timings_ms={})


@dataclass
class ItemResult:
    """The scored answer to one item. A check that does not apply to the item is None."""

    id: str
    kind: str  # "factual" or "calculation"
    city: str | None
    question: str
    latency_ms: float
    answer: dict[str, Any] = field(default_factory=dict)  # Answer.to_dict()
    retrieved: list[dict[str, Any]] = field(default_factory=list)
    timings_ms: dict[str, float] = field(default_factory=dict)
    error: str | None = None  # the answer function raised
    # factual items
    source_quote: str | None = None
    quote_rank: int | None = None  # rank of the first retrieved passage holding the quote
    hit_at_1: bool | None = None
    hit_at_5: bool | None = None
    answer_facts: list[str] = field(default_factory=list)
    missing_facts: list[str] = field(default_factory=list)
    facts_ok: bool | None = None
    wrong_figure: bool | None = None  # a figure stated, but not the one asked (see matching.other_figure_stated)
    expect_refusal: bool | None = None
    refused: bool = False
    # calculation items
    expected: float | str | None = None
    unit: str | None = None
    tolerance: float | None = None
    calc_ok: bool | None = None

    @property
    def answer_text(self) -> str:
        return str(self.answer.get("answer") or "")

    @property
    def calc_total(self) -> Any:
        return (self.answer.get("calculation") or {}).get("total")

    def failures(self, chinese: bool = False) -> list[str]:
        """Why the item counts as failed (empty when it passed every check that applies); in Chinese
        for the evaluators' report page."""
        say = _REASONS_ZH if chinese else _REASONS_EN
        reasons = []
        if self.error:
            reasons.append(say["error"].format(self.error))
        if self.hit_at_5 is False:
            reasons.append(say["not_in_top_5"])
        if self.facts_ok is False:
            reasons.append(say["facts_missing"].format("、".join(self.missing_facts) if chinese
                                                       else ", ".join(self.missing_facts)))
        if self.wrong_figure:
            reasons.append(say["wrong_figure"])
        if self.expect_refusal and not self.refused:
            reasons.append(say["should_refuse"])
        if self.expect_refusal is False and self.refused:
            reasons.append(say["false_refusal"])
        if self.calc_ok is False:
            reasons.append(say["calc_wrong"].format(self.expected, self.unit, self.tolerance))
        return reasons

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["failures"] = self.failures()
        return data


_REASONS_EN = {
    "error": "error: {}", "not_in_top_5": "source quote not in the top 5 passages", "facts_missing": "facts missing: {}",
    "should_refuse": "should have refused", "false_refusal": "refused a question the documents answer",
    "calc_wrong": "expected {} {} (±{}) not stated",
    "wrong_figure": "states a figure, but not the one asked (another level, group, year or city)",
}
_REASONS_ZH = {
    "error": "出错：{}", "not_in_top_5": "依据原文不在前5个检索片段中", "facts_missing": "缺少要点：{}",
    "should_refuse": "应当拒答却作了回答", "false_refusal": "文件能回答却拒答了", "calc_wrong": "没有给出应得的 {} {}（允许误差 ±{}）",
    "wrong_figure": "给出了数字，但不是所问的那个（可能是别的级别、人群、年度或城市的）",
}


def score_item(item: Item, view: AnswerView, latency_ms: float, error: str | None = None) -> ItemResult:
    """Apply the matching rules to one answer."""
    result = ItemResult(
        id=item.id, kind=item.kind, city=item.city, question=item.question, latency_ms=round(latency_ms, 1),
        answer=view.record, retrieved=view.passages, timings_ms=view.timings_ms, error=error,
        refused=view.refused,
    )
    if isinstance(item, FactualItem):
        _score_factual(item, view, result)
    elif isinstance(item, CalculationItem):
        _score_calculation(item, view, result)
    return result


def _score_factual(item: FactualItem, view: AnswerView, result: ItemResult) -> None:
    result.expect_refusal = item.expect_refusal
    result.answer_facts = list(item.answer_facts)
    if item.source_quote is not None:
        texts = [str(p.get("text") or "") for p in view.passages]
        result.source_quote = item.source_quote
        result.quote_rank = matching.quote_rank(item.source_quote, texts)
        result.hit_at_1 = result.quote_rank == 1
        result.hit_at_5 = result.quote_rank is not None and result.quote_rank <= TOP_K
    if item.answer_facts and not item.expect_refusal:
        result.missing_facts = matching.missing_facts(item.answer_facts, view.text)
        result.facts_ok = not result.missing_facts
        if not view.refused:
            result.wrong_figure = matching.other_figure_stated(item.answer_facts, view.text, result.missing_facts)


def _score_calculation(item: CalculationItem, view: AnswerView, result: ItemResult) -> None:
    result.expected = item.expected
    result.unit = item.unit
    result.tolerance = item.tolerance
    result.calc_ok = not view.refused and matching.figure_stated(
        item.expected_value, view.text, view.calc_total, item.tolerance)
