"""Whether a passage holds a source quote, an answer a fact, or an answer the expected figure.

Quotes: a passage holds a quote when it contains it after all whitespace is removed from both
(the documents came from PDFs and web pages, with odd spacing and line breaks). Both sides are
also NFKC-normalised, so full-width and half-width forms (％ and %) are the same.

Facts: an answer holds a fact when it contains the fact's text (whitespace ignored, and a fact
that starts or ends with a numeral may not be part of a longer number: "70%" is not in "170%"),
or when the fact has figures and every one of them is stated in the answer by value
(`bot.understanding.numbers`): 24万元 = 240000元, 两个月 = 2个月, 0.5 = 50%, 百分之七十 = 70%, 1年 = 12个月,
一个月 = 1个月; dates by calendar date (a fact "10月" is any date in October, "2019年1月1日" that day).
Kinds must agree: "90天" is not "90%". A bare number in the answer stands for a fraction of a
percentage (0.5 for 50%) or for an amount of money (tables often leave out 元), nothing else. The
words around a fact's figures are not checked: "10个病种" is held by "10种".

Another figure: an answer missing a fact's figure but stating a figure of the same kind (a rate,
an amount, a number of days) gives a figure that was not asked for — another level, group, year or
city's — which is worse for a resident than no figure at all (`other_figure_stated`).

Calculations: the expected figure is stated in the answer text, or is the calculation's total,
within the item's tolerance (yuan for money, days for dates). Money in the text is any amount
or bare number; dates are written 2026-10-05, 2026年10月5日 or 10月5日 (a date without a year
takes the year of the expected date).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Sequence
from decimal import Decimal, InvalidOperation

from bot.understanding.numbers import DateMention, Quantity, extract_dates, extract_numbers, same_value

_NUMERAL_CHARS = "0123456789零〇一二两三四五六七八九十百千万亿"
_YEAR_RE = re.compile(r"(?:19|20)\d{2}|今年|去年|明年|前年|本年度")


def canonical(text: str) -> str:
    """NFKC form (full-width to half-width) of `text`."""
    return unicodedata.normalize("NFKC", text or "")


def compact(text: str) -> str:
    """`text` in NFKC form with every whitespace character removed."""
    return "".join(canonical(text).split())


# ---------------------------------------------------------------------------------------------
# source quotes


def quote_in(quote: str, passage_text: str) -> bool:
    """Whether the passage contains the quote, whitespace ignored."""
    needle = compact(quote)
    return bool(needle) and needle in compact(passage_text)


def quote_rank(quote: str, passage_texts: Sequence[str]) -> int | None:
    """The 1-based rank of the first passage holding the quote, or None."""
    for rank, text in enumerate(passage_texts, start=1):
        if quote_in(quote, text):
            return rank
    return None


def hit_at(quote: str, passage_texts: Sequence[str], k: int) -> bool:
    """Whether one of the first `k` passages holds the quote."""
    return quote_in_any(quote, passage_texts[:k])


def quote_in_any(quote: str, passage_texts: Iterable[str]) -> bool:
    return any(quote_in(quote, text) for text in passage_texts)


# ---------------------------------------------------------------------------------------------
# facts


def text_contains(haystack: str, needle: str) -> bool:
    """Whitespace-insensitive containment; a numeral at either end of `needle` may not continue
    a longer number in `haystack` ("70%" is not in "170%", "10" is not in "105")."""
    needle = compact(needle)
    if not needle:
        return False
    pattern = re.escape(needle)
    if needle[0] in _NUMERAL_CHARS:
        pattern = rf"(?<![{_NUMERAL_CHARS}.])" + pattern
    if needle[-1] in _NUMERAL_CHARS:
        pattern += rf"(?![{_NUMERAL_CHARS}]|\.\d)"
    return re.search(pattern, compact(haystack)) is not None


def fact_in_answer(fact: str, answer_text: str) -> bool:
    """Whether the answer states the fact: as text, or every figure of the fact by value."""
    if text_contains(answer_text, fact):
        return True
    fact_text, text = canonical(fact), canonical(answer_text)
    quantities, dates = extract_numbers(fact_text), extract_dates(fact_text)
    if not quantities and not dates:
        return False
    answer_quantities, answer_dates = extract_numbers(text), extract_dates(text)
    return (all(any(quantity_matches(q, a) for a in answer_quantities) for q in quantities)
            and all(any(date_matches(d, a) for a in answer_dates) for d in dates))


def missing_facts(facts: Iterable[str], answer_text: str) -> list[str]:
    """The facts the answer does not state, in order."""
    return [fact for fact in facts if not fact_in_answer(fact, answer_text)]


def other_figure_stated(facts: Iterable[str], answer_text: str, missing: Iterable[str] | None = None) -> bool | None:
    """Whether the answer states a figure of the kind a missing fact has but not the fact's value (a
    rate for another level, an amount of another year or group): None when no fact has a figure,
    False when every figure fact is stated or the answer states no figure of a missing fact's kind.
    `missing`, when the caller has it, is `missing_facts(facts, answer_text)`."""
    facts = list(facts)
    figured = [(fact, extract_numbers(canonical(fact))) for fact in facts]
    figured = [(fact, qs) for fact, qs in figured if any(q.unit != "plain" for q in qs)]
    if not figured:
        return None
    stated = [q for q in extract_numbers(canonical(answer_text)) if q.unit != "plain"]
    absent = set(missing_facts(facts, answer_text) if missing is None else missing)
    for fact, quantities in figured:
        if fact not in absent:
            continue
        kinds = {q.unit for q in quantities if q.unit != "plain"}
        if any(q.unit in kinds for q in stated):
            return True
    return False


def quantity_matches(fact: Quantity, stated: Quantity) -> bool:
    """Whether `stated` (from an answer) is the fact's figure; a bare number stands only for a
    fraction of a percentage or an amount of money."""
    if stated.unit == "plain" and fact.unit != "plain":
        if fact.unit == "percent":
            return stated.value * 100 == fact.value
        if fact.unit == "money":
            return stated.value == fact.value
        return False
    return same_value(fact, stated)


def date_matches(fact: DateMention, stated: DateMention) -> bool:
    """Whether `stated` falls on the fact's date, to the fact's precision: a fact "10月" is any
    date in October (of any year, unless the fact names one), "2021年" any date in 2021."""
    if _precision_rank(stated) < _precision_rank(fact):
        return False
    if _YEAR_RE.search(fact.raw) and stated.date.year != fact.date.year:
        return False
    if fact.precision in ("month", "day") and stated.date.month != fact.date.month:
        return False
    return fact.precision != "day" or stated.date.day == fact.date.day


def _precision_rank(mention: DateMention) -> int:
    return {"year": 0, "month": 1, "day": 2}[mention.precision]


# ---------------------------------------------------------------------------------------------
# calculations


def figure_stated(expected: Decimal | dt.date, answer_text: str, total: object = None,
                  tolerance: Decimal | int | float = 0) -> bool:
    """Whether the expected amount (yuan) or date is the calculation total or appears in the
    answer text, within `tolerance` (yuan, or days for a date)."""
    tol = Decimal(str(tolerance))
    if isinstance(expected, dt.date):
        return any(abs((d - expected).days) <= tol for d in _dates_stated(answer_text, total, expected.year))
    return any(abs(v - expected) <= tol for v in _amounts_stated(answer_text, total))


def _amounts_stated(answer_text: str, total: object) -> list[Decimal]:
    amounts = [q.value for q in extract_numbers(canonical(answer_text)) if q.unit in ("money", "plain")]
    if total is not None and not isinstance(total, (bool, dt.date)):
        try:
            amounts.append(Decimal(str(total)))
        except InvalidOperation:
            pass
    return amounts


def _dates_stated(answer_text: str, total: object, year: int) -> list[dt.date]:
    dates = [m.date for m in extract_dates(canonical(answer_text), today=dt.date(year, 1, 1))
             if m.precision == "day"]
    if isinstance(total, dt.date):
        dates.append(total)
    elif isinstance(total, str):
        try:
            dates.append(dt.date.fromisoformat(total))
        except ValueError:
            pass
    return dates
