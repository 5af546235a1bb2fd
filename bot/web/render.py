"""What the web page shows for an answer, as plain data and escaped HTML/markdown (no gradio here).

Everything a resident typed and every passage of a document is shown as TEXT: it is HTML-escaped
before it reaches a markdown or HTML renderer, and markdown image syntax is neutralised, so that
`<img src=x onerror=…>` or `![](http://…)` never becomes an element.
"""

from __future__ import annotations

import html
import re
from typing import Any

from ingest.clean import fold_whitespace

STEP_HEADERS = ["步骤", "计算", "金额", "依据"]
# The page's events are for the page only: programs use the REST API (bot.web.api), not gradio clients.
PAGE_ONLY = "private"

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~])")


def escape_text(text: str) -> str:
    """Resident input for the markdown chat: HTML-escaped and every markdown marker backslashed."""
    escaped = html.escape(text, quote=False)
    return _MARKDOWN_SPECIAL.sub(r"\\\1", escaped)


def escape_answer(text: str) -> str:
    """An answer's markdown (tables, bold, [n] markers kept) with HTML escaped and no images."""
    return html.escape(text, quote=False).replace("![", "!\\[")


def money_text(amount: float | None) -> str:
    if amount is None:
        return ""
    return f"{amount:,.2f}".rstrip("0").rstrip(".") + " 元"


def step_rows(calculation: dict[str, Any] | None, citations: list[dict[str, Any]]) -> list[list[str]]:
    """The calculation's steps as rows 步骤/计算/金额/依据; 依据 is the citation number and title."""
    if not calculation:
        return []
    rows = []
    order: dict[tuple[str, str], int] = {}  # rules numbered by first use, as bot.answers.calc_render numbers them
    by_number = {int(c["n"]): c for c in citations}
    for step in calculation.get("steps", []):
        rule = step.get("citation") or None
        if rule:
            order.setdefault((rule.get("doc_id", ""), rule.get("quote", "")), len(order) + 1)
        rows.append([str(step.get("label", "")), str(step.get("formula", "")),
                     money_text(step.get("amount")), _basis(rule, order, by_number, citations)])
    return rows


def _squash(text: str) -> str:
    return "".join(text.split())


def _basis(rule: dict[str, Any] | None, order: dict[tuple[str, str], int],
           by_number: dict[int, dict[str, Any]], citations: list[dict[str, Any]]) -> str:
    """The number and title of the answer's citation for the step's rule.

    The citation numbered like the rule's first use when it is of the same document; otherwise the
    first citation whose passage holds the rule's quote, else the first of the same document.
    """
    if not rule:
        return ""
    doc_id = rule.get("doc_id")
    numbered = by_number.get(order[(rule.get("doc_id", ""), rule.get("quote", ""))])
    if numbered is not None and numbered.get("doc_id") == doc_id:
        return f"[{numbered['n']}] {numbered['title']}"
    same_doc = [c for c in citations if c.get("doc_id") == doc_id]
    quote = _squash(str(rule.get("quote") or ""))
    holding = [c for c in same_doc if quote and quote in _squash(str(c.get("text") or ""))]
    match = (holding or same_doc or [None])[0]
    if match is None:
        return str(doc_id or "")
    return f"[{match['n']}] {match['title']}"


def reading(text: Any) -> str:
    """A passage as it reads: the document's words, with the line and page breaks of PDF extraction
    that cut a sentence or a word ("自身承⏎⏎担") joined and blank lines dropped."""
    return fold_whitespace(str(text or ""))


def citations_html(citations: list[dict[str, Any]]) -> str:
    """One collapsible block per citation: number, city, title, section, date; opens to the passage."""
    if not citations:
        return '<p class="yb-none">本次回答没有引用政策原文。</p>'
    blocks = []
    for cite in citations:
        head = citation_head(cite)
        link = _source_link(cite.get("source_url"))
        blocks.append(
            '<details class="yb-cite">'
            f'<summary><b>[{int(cite["n"])}]</b> {html.escape(head)}</summary>'
            f'<div class="yb-passage">{html.escape(reading(cite.get("text")))}</div>'
            f"{link}</details>"
        )
    return "\n".join(blocks)


def _published(value: Any) -> str:
    return f"发布于 {value}" if value else ""


def _source_link(url: Any) -> str:
    if not isinstance(url, str) or not re.match(r"^https?://", url):
        return ""
    safe = html.escape(url, quote=True)
    return f'<p class="yb-source">原文链接：<a href="{safe}" target="_blank" rel="noopener noreferrer">{safe}</a></p>'


def highlight(text: str, terms: list[str]) -> str:
    """`text` escaped, with each term wrapped in <mark>; longer terms win overlaps."""
    wanted = sorted({t.strip() for t in terms if len(t.strip()) >= 2}, key=len, reverse=True)
    if not wanted:
        return html.escape(text, quote=False)
    pattern = re.compile("|".join(re.escape(t) for t in wanted))
    out, last = [], 0
    for m in pattern.finditer(text):
        out.append(html.escape(text[last:m.start()], quote=False))
        out.append(f"<mark>{html.escape(m.group(0), quote=False)}</mark>")
        last = m.end()
    out.append(html.escape(text[last:], quote=False))
    return "".join(out)


def passages_html(passages: list[dict[str, Any]], terms: list[str] | None = None) -> str:
    """Search results for staff: one open block per passage, its retrieval score, matched terms highlighted."""
    if not passages:
        return '<p class="yb-none">没有找到相关段落。</p>'
    blocks = []
    for n, p in enumerate(passages, start=1):
        head = "｜".join(part for part in (
            str(p.get("city") or ""), f"《{p.get('doc_title') or p.get('doc_id')}》",
            str(p.get("section") or p.get("title") or ""), _published(p.get("published")),
        ) if part)
        score = p.get("score")
        relevance = f'<span class="yb-score">相关度 {float(score):.3f}</span>' if isinstance(score, int | float) else ""
        blocks.append(
            '<details class="yb-cite" open>'
            f"<summary><b>[{n}]</b> {html.escape(head)} {relevance}</summary>"
            f'<div class="yb-passage">{highlight(reading(p.get("text")), terms or [])}</div></details>'
        )
    return "\n".join(blocks)


_REF_RE = re.compile(r"\[(\d{1,3})\]")
# a telephone number as the documents write one: area code and number, a hotline, a mobile, or a
# bare 7–8 digit city number (several may be joined by 、)
_PHONE_RE = re.compile(r"(?<![\d.\-])(0\d{2,3}-\d{7,8}|1[3-9]\d{9}|\d{7,8}|123\d{2})(?![\d.\-%元万])")


def cite_anchor(turn: int, n: int) -> str:
    return f"yb-c{turn}-{n}"


def linked_refs(escaped: str, turn: int, numbers: set[int]) -> str:
    """An escaped answer with each citation marker [n] it has a citation for made a link that opens
    the passage below the answer (the page's script opens the `<details>`; without it the link
    still jumps there)."""
    def link(match: re.Match[str]) -> str:
        n = int(match.group(1))
        if n not in numbers:
            return match.group(0)
        anchor = cite_anchor(turn, n)
        return f'<a class="yb-ref" href="#{anchor}" data-cite="{anchor}" title="查看第 {n} 条政策原文">[{n}]</a>'
    return _REF_RE.sub(link, escaped)


def tel_links(escaped: str) -> str:
    """Telephone numbers in an escaped text as tel: links (a resident on a phone taps to call)."""
    def link(match: re.Match[str]) -> str:
        number = match.group(1)
        return f'<a class="yb-tel" href="tel:{number.replace("-", "")}">{number}</a>'
    return _PHONE_RE.sub(link, escaped)


def citation_head(cite: dict[str, Any]) -> str:
    """城市｜《文件》｜章节｜发布于 日期 (the date said missing when the catalogue has none)."""
    return "｜".join(part for part in (
        str(cite.get("city") or ""), f"《{cite.get('title') or cite.get('doc_id')}》",
        str(cite.get("section") or ""), _published(cite.get("published")) or "发布日期未注明",
    ) if part)


def sources_html(citations: list[dict[str, Any]], turn: int) -> str:
    """The sources of one answer, inside its message: one closed block per citation, opening to
    the verbatim passage. One line of HTML (no blank line), so that markdown leaves it as it is."""
    if not citations:
        return ""
    blocks = []
    for cite in citations:
        n = int(cite["n"])
        anchor = cite_anchor(turn, n)
        passage = html.escape(reading(cite.get("text"))).replace("\r", "").replace("\n", "<br>")
        link = _source_link(cite.get("source_url"))
        blocks.append(
            f'<details class="yb-cite" id="{anchor}" data-cite="{anchor}">'
            f"<summary><b>[{n}]</b> {html.escape(citation_head(cite))}</summary>"
            f'<div class="yb-passage">{passage}</div>{link}</details>'
        )
    return ('<div class="yb-sources"><p class="yb-sources-title">政策依据（点击编号或标题查看原文）</p>'
            + "".join(blocks) + "</div>")


def answer_actions_html(turn: int, plain: str) -> str:
    """The controls below one answer: 👍 / 👎 (the page's script sends "turn:rating" to the server)
    and copy, with the text it copies (the answer as plain text with its cited passages) hidden
    beside it, so that copying needs no round trip. The page's sanitizer keeps ids, classes and
    hrefs (not data attributes), so the turn and rating are in the href. One line of HTML: the
    text's line breaks are <br>."""
    copy = html.escape(plain, quote=False).replace("\r", "").replace("\n", "<br>")
    return (f'<div class="yb-actions">'
            f'<a href="#yb-rate-{turn}-up" role="button" class="yb-rate">👍 有帮助</a>'
            f'<a href="#yb-rate-{turn}-down" role="button" class="yb-rate">👎 没帮助</a>'
            f'<a href="#yb-copy-{turn}" role="button" class="yb-copy">复制本条回答</a>'
            f'<span class="yb-copy-text">{copy}</span></div>')


_TABLE_RULE_RE = re.compile(r"^\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?$")


def plain_text(markdown: str) -> str:
    """Markdown as plain text: table rows as tab-separated cells (no pipes, no rule rows), no bold
    or italic markers."""
    lines = []
    for line in markdown.splitlines():
        stripped = line.strip()
        if _TABLE_RULE_RE.match(stripped):
            continue
        if stripped.startswith("|") and stripped.endswith("|"):
            line = "\t".join(cell.strip() for cell in stripped[1:-1].split("|"))
        lines.append(line.replace("**", "").replace("__", ""))
    return "\n".join(lines)


def plain_answer(answer: dict[str, Any]) -> str:
    """An answer as plain text to copy: its text, then each cited passage with its source."""
    lines = [plain_text(str(answer.get("answer") or "")).strip()]
    for cite in answer.get("citations") or []:
        lines.append(f"\n[{int(cite['n'])}] {citation_head(cite)}\n{reading(cite.get('text')).strip()}")
    return "\n".join(lines).strip()
