"""A calculator's result as a resident reads it: assumptions, result, step table, caveats, citations."""

from __future__ import annotations

from typing import Any

from bot.answers.model import Citation
from bot.answers.quote_lookup import chunk_with_quote
from corpus.catalogue import get_document


def citations_for(calculation: dict[str, Any]) -> tuple[list[Citation], dict[tuple[str, str], int]]:
    """Numbered citations for the passages a calculation's steps cite, in order of first use."""
    numbers: dict[tuple[str, str], int] = {}
    by_passage: dict[str, int] = {}  # one citation per passage, however many of its rules are used
    citations: list[Citation] = []
    for step in calculation["steps"]:
        cite = step.get("citation")
        if not cite:
            continue
        key = (cite["doc_id"], cite["quote"])
        if key in numbers:
            continue
        doc = get_document(cite["doc_id"])
        chunk = chunk_with_quote(cite["doc_id"], cite["quote"])
        passage = chunk.chunk_id if chunk else f"{cite['doc_id']}|{cite['quote']}"
        if passage in by_passage:
            numbers[key] = by_passage[passage]
            continue
        numbers[key] = by_passage[passage] = len(citations) + 1
        citations.append(Citation(
            n=numbers[key], doc_id=doc.id, city=doc.city, title=doc.title,
            section=chunk.section if chunk else "",
            published=doc.published.isoformat() if doc.published else None,
            source_url=doc.source_url, text=chunk.text if chunk else cite["quote"],
        ))
    return citations, numbers


def _amount(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:,.2f}".rstrip("0").rstrip(".") + "元"


def render(calculation: dict[str, Any], assumptions: list[str],
           numbers: dict[tuple[str, str], int]) -> str:
    """Markdown: the result sentence, the assumptions, the steps as a table, the caveats."""
    lines = [calculation["summary"]]
    inputs_said = assumptions or []
    if inputs_said:
        lines.append("计算假设：" + "；".join(inputs_said) + "。")
    lines.append("")
    lines.append("| 步骤 | 计算 | 金额 | 依据 |")
    lines.append("|---|---|---|---|")
    for step in calculation["steps"]:
        cite = step.get("citation")
        ref = f"[{numbers[(cite['doc_id'], cite['quote'])]}]" if cite else ""
        cells = [step["label"], step["formula"], _amount(step.get("amount")), ref]
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    if calculation.get("caveats"):
        lines.append("")
        lines.append("说明：" + "".join(f"\n- {c}" for c in calculation["caveats"]))
    lines.append("")
    lines.append("以上为按政策文件测算的结果，实际以医保经办机构结算为准。")
    return "\n".join(lines)


def _cell(text: str) -> str:
    return str(text).replace("|", "／").replace("\n", " ")
