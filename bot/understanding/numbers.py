"""Numbers and dates as residents type them, read into values.

One module for every reader of figures: the slot extractor (amounts, ages, days), the number
guard of rephrased answers, and the evaluation's fact matching (24万元 = 240000元).

- `extract_numbers(text, today=None)` -> `list[Quantity]`: amounts (3万, 三万五, 1.2万元,
  30000块, 2万5, 一千九), percentages (50%, 百分之五十, 九成), durations (两个月, 48小时, 90天),
  ages (6岁), counts (10次, 五口人) and plain numbers (0.5). Spans that are dates are left out.
- `extract_dates(text, today=None)` -> `list[DateMention]`: 2026年3月1日, 2026-03-01, 3月1日,
  今年3月, 2026年度, 去年. A date without a year takes `today`'s year.
- `same_value(a, b)`: whether two quantities (or two strings holding one) say the same figure.

Chinese numerals are read by `cn2an`; what is around them (digits with 万, "2万5") is handled here.
Text should be normalised first (`bot.understanding.normalize`), though full-width % and digits are accepted.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Literal

import cn2an

UnitKind = Literal["money", "percent", "hour", "day", "week", "month", "year", "age", "count", "plain"]
DatePrecision = Literal["day", "month", "year"]

# Unit words after a number, longest first, with the kind each one gives.
UNIT_WORDS: tuple[tuple[str, UnitKind], ...] = (
    ("个小时", "hour"), ("小时", "hour"),
    ("个多月", "month"), ("个月", "month"),
    ("个星期", "week"), ("星期", "week"), ("礼拜", "week"), ("周岁", "age"), ("周", "week"),
    ("个工作日", "day"), ("工作日", "day"), ("天", "day"), ("日", "day"),
    ("块钱", "money"), ("元钱", "money"), ("元", "money"), ("块", "money"), ("圆", "money"),
    ("年", "year"), ("岁", "age"),
    ("口人", "count"), ("次", "count"), ("个", "count"), ("人", "count"), ("口", "count"),
    ("种", "count"), ("家", "count"), ("项", "count"), ("类", "count"), ("份", "count"),
    ("位", "count"), ("名", "count"), ("张", "count"), ("盒", "count"), ("趟", "count"), ("回", "count"),
)
_UNIT_RE = re.compile(r"\s?(%|％|" + "|".join(re.escape(w) for w, _ in UNIT_WORDS) + ")")
_UNIT_KIND = dict(UNIT_WORDS) | {"%": "percent", "％": "percent"}

# Words that contain numerals but are not quantities (matched at the numeral's position).
NOT_QUANTITIES: tuple[str, ...] = (
    "二次报销", "一次性", "一站式", "一般", "一起", "一样", "一致", "一律", "一旦", "一些", "一下",
    "一点", "一直", "一共", "一定", "一单制", "两病", "两定", "一档", "二档", "三档", "一类", "二类",
    "三类", "一人一档", "十分", "一家人", "一下子", "万一", "千万", "一口气", "这一块", "那一块", "一块儿", "这一次", "那一次",
    # 一块 as "together" (加一块十四万了, 两笔合一块, 放一块算): no 1 yuan
    "加一块", "加在一块", "合一块", "放一块", "算一块", "凑一块", "搁一块", "在一块", "一块算", "一块报",
)

_CN_DIGITS = "零〇一二两三四五六七八九"
_CN_NUMERAL_CHARS = _CN_DIGITS + "十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟"
_DIGIT_VALUE = {c: i for i, c in enumerate("0123456789")} | {
    "零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}
# A number token: digits (with thousands commas or a decimal point) or numerals, possibly mixed
# with 万/千 (2万5, 1.2万, 3万五千). It may not start with 十百千万亿 except 十 (十二, 十万); digits do not
# start inside other digits, numerals may (一个8一个12: the second 一个 after the 8).
_TOKEN_RE = re.compile(
    r"(?:(?<![\d.])(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,])|\d+(?:\.\d+)?)|[" + _CN_DIGITS + "十壹贰叁肆伍陆柒捌玖拾])"
    r"(?:\d+(?:\.\d+)?|[" + _CN_NUMERAL_CHARS + r"点])*"
)
_PERCENT_WORD_RE = re.compile(r"百分之([\d.]+|[" + _CN_NUMERAL_CHARS + "点]+)")
# 九成 = 90%; 八成五 = 85% (one more numeral after 成 is the next tenth, unless a unit or numeral follows it);
# 七成半 = 75% (半 after 成 is half a tenth, unless it starts a duration: 半年, 半个月)
_TENTHS_RE = re.compile(
    r"成(?![年人员都本功为立了就交])(?P<half>[一二三四五六七八九1-9](?![\d一二三四五六七八九十百千万亿元块岁个次天月年周日号%])"
    r"|半(?![年天月个日小钟]))?"
)
# Numerals longer than this are not amounts anyone states; they are read as nothing, never raised on.
MAX_DIGITS = 15
_BIG_UNITS = (("亿", Decimal(100_000_000)), ("万", Decimal(10_000)), ("千", Decimal(1000)), ("百", Decimal(100)))


@dataclass(frozen=True)
class Quantity:
    """A number found in text: its value, what kind of thing it counts and where it was."""

    value: Decimal
    unit: UnitKind
    start: int
    end: int
    raw: str

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)

    def to_dict(self) -> dict[str, object]:
        return {"value": str(self.value), "unit": self.unit, "span": [self.start, self.end], "raw": self.raw}


@dataclass(frozen=True)
class DateMention:
    """A date found in text. A month or a year is given as its first day, with its precision."""

    date: dt.date
    precision: DatePrecision
    start: int
    end: int
    raw: str

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)

    def to_dict(self) -> dict[str, object]:
        return {"date": self.date.isoformat(), "precision": self.precision,
                "span": [self.start, self.end], "raw": self.raw}


# ---------------------------------------------------------------------------------------------
# reading one numeral


def parse_number(token: str) -> Decimal | None:
    """The value of a numeral such as '3万', '三万五', '2万5', '1.2万', '一千九', '30,000'; None if unreadable."""
    token = token.strip().replace(",", "")
    if not token:
        return None
    if len(re.sub(r"\D", "", token)) > MAX_DIGITS:
        return None
    try:
        value = Decimal(token) if re.fullmatch(r"\d+(?:\.\d+)?", token) else _parse_mixed(token)
        if value.is_nan() or value.adjusted() >= MAX_DIGITS:
            return None
        return _tidy(value)
    except (ValueError, InvalidOperation, KeyError, ArithmeticError):
        return None


def _tidy(value: Decimal) -> Decimal:
    """Whole numbers without a fractional part (1.2万 -> 12000, not 12000.0); fractions trimmed."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def _parse_mixed(token: str) -> Decimal:
    for unit, multiplier in _BIG_UNITS:
        if unit in token and not _pure_chinese_below_wan(token):
            head, tail = token.split(unit, 1)
            head_value = _parse_piece(head) if head else Decimal(1)
            return head_value * multiplier + _parse_tail(tail, multiplier)
    return _parse_piece(token)


def _pure_chinese_below_wan(token: str) -> bool:
    """Chinese numerals without 万/亿 (一千九, 两百五) are read whole by cn2an."""
    return not re.search(r"[\d万亿]", token)


def _parse_tail(tail: str, multiplier: Decimal) -> Decimal:
    """What follows 万/千: one bare digit is the next unit down (2万5 = 25000), else a number."""
    tail = tail.lstrip("零〇")
    if not tail:
        return Decimal(0)
    if len(tail) == 1 and tail in _DIGIT_VALUE:
        return Decimal(_DIGIT_VALUE[tail]) * multiplier / 10
    return _parse_mixed(tail)


def _parse_piece(piece: str) -> Decimal:
    if re.fullmatch(r"\d+(?:\.\d+)?", piece):
        return Decimal(piece)
    if re.search(r"\d", piece):
        raise ValueError(f"mixed numeral {piece!r}")
    value = cn2an.cn2an(piece, "normal")
    return Decimal(str(value))


# ---------------------------------------------------------------------------------------------
# dates

_CN_MONTH = r"(?:十[一二]?|[一二三四五六七八九])"
_DATE_PATTERNS: tuple[tuple[re.Pattern[str], DatePrecision], ...] = (
    (re.compile(r"(?P<y>(?:19|20)\d{2})\s?年\s?(?P<m>\d{1,2})\s?月\s?(?P<d>\d{1,2})\s?[日号]?"), "day"),
    (re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})(?!\d)"), "day"),
    (re.compile(r"(?P<rel>今年|去年|明年|前年)(?P<m>\d{1,2}|" + _CN_MONTH + r")月份?(?:(?P<d>\d{1,2})[日号])?"), "month"),
    (re.compile(r"(?P<y>(?:19|20)\d{2})\s?年\s?(?P<m>\d{1,2})\s?月份?"), "month"),
    (re.compile(r"(?<![\d.个])(?P<m>\d{1,2})\s?月\s?(?P<d>\d{1,2})\s?[日号]"), "day"),
    (re.compile(r"(?<![\d.个" + _CN_DIGITS + r"十])(?P<m>\d{1,2}|" + _CN_MONTH + r")月份?(?!度)"), "month"),
    (re.compile(r"(?P<y>(?:19|20)\d{2})\s?年度?"), "year"),
    (re.compile(r"(?P<rel>今年|去年|明年|前年|本年度)"), "year"),
)
_RELATIVE_YEARS = {"今年": 0, "本年度": 0, "去年": -1, "前年": -2, "明年": 1}


def extract_dates(text: str, today: dt.date | None = None) -> list[DateMention]:
    """Every date in `text`, in order; the most specific reading wins where readings overlap."""
    today = today or dt.date.today()
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for pattern, precision in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            if _overlaps(match.span(), taken):
                continue
            mention = _date_from_match(match, precision, today)
            taken.append(match.span())  # an impossible date is not read again as a month
            if mention is not None:
                found.append(mention)
    return sorted(found, key=lambda m: m.start)


def _date_from_match(match: re.Match[str], precision: DatePrecision, today: dt.date) -> DateMention | None:
    groups = match.groupdict()
    if groups.get("y"):
        year = int(groups["y"])
    elif groups.get("rel"):
        year = today.year + _RELATIVE_YEARS[groups["rel"]]
    else:
        year = today.year
    month = _small_int(groups.get("m")) or 1
    day = _small_int(groups.get("d"))
    if day is not None:
        precision = "day"
    try:
        value = dt.date(year, month, day or 1)
    except ValueError:
        return None
    return DateMention(value, precision, match.start(), match.end(), match.group(0))


def _small_int(text: str | None) -> int | None:
    if not text:
        return None
    value = parse_number(text)
    return int(value) if value is not None else None


# ---------------------------------------------------------------------------------------------
# quantities


def extract_numbers(text: str, today: dt.date | None = None) -> list[Quantity]:
    """Every quantity in `text`, in order, leaving out dates and numerals inside words (一般, 两病)."""
    taken = [m.span for m in extract_dates(text, today)] + _not_quantity_spans(text)
    found: list[Quantity] = []
    for match in _PERCENT_WORD_RE.finditer(text):
        value = parse_number(match.group(1).rstrip("点"))
        if value is not None and not _overlaps(match.span(), taken):
            found.append(Quantity(value, "percent", match.start(), match.end(), match.group(0)))
            taken.append(match.span())
    for match in _tokens(text):
        quantity = _quantity_at(text, match, taken)
        digit = re.search(r"\d", match.group(0))
        if quantity is None and digit is not None and digit.start() > 0:
            # a numeral of a word before the digits (老二3岁, 三甲2万): the digits are read on their own
            again = _TOKEN_RE.match(text, match.start() + digit.start())
            quantity = _quantity_at(text, again, taken) if again else None
        if quantity is not None:
            found.append(quantity)
            taken.append(quantity.span)
    return _share_trailing_units(text, _split_signalled_pairs(text, sorted(found, key=lambda q: q.start)))


_DIGITS_RE = re.compile(r"\d+")
_LEADING_NUMBER_RE = re.compile(r"\d+(?:\.\d+)?")


def _tokens(text: str) -> Iterable[re.Match[str]]:
    """The number tokens of `text` in order; digits joined by commas that do not group thousands (80,120,150元:
    three amounts) are read one group at a time."""
    pos, listed_to = 0, 0  # within a list of comma-joined numbers, up to listed_to, each group is a token
    while (match := (_DIGITS_RE if pos < listed_to else _TOKEN_RE).search(text, pos)) is not None:
        if match.start() >= listed_to and _listed_not_grouped(match.group(0)):
            listed_to = match.start() + len(match.group(0).split(".")[0])
            match = _DIGITS_RE.match(text, match.start())
        if match is None:
            return
        count = _count_after_wan_one(text, match)
        if count is not None:
            match = count  # 3万一次, 一万一个月: the amount ends at 万, 一 starts the count after it
        lead = _LEADING_NUMBER_RE.match(text, match.start())
        if lead and lead.end() < match.end() and parse_number(match.group(0).rstrip("点")) is None:
            match = lead  # 一个8一个12, 花了80一次: digits, then a numeral starting the next count
        yield match
        pos = match.end()


# A unit word that 一 starts a count of, not an amount's (一次, 一个月, 一年): UNIT_WORDS but money.
_COUNT_UNIT_RE = re.compile("|".join(re.escape(w) for w, kind in UNIT_WORDS if kind != "money"))


def _count_after_wan_one(text: str, match: re.Match[str]) -> re.Match[str] | None:
    """The token up to its 万 when it ends in 万一 and a count or duration unit follows (3万一次 = 3万 once,
    一万一个月 = 一万 a month), else None; 万一 ending an amount otherwise is 万 and one of the next unit down
    (一万一 = 11000) and 万一千 goes on with the numeral (10万一千 = 101000)."""
    token = match.group(0)
    if not token.endswith("万一") or len(token) < 3 or not _COUNT_UNIT_RE.match(text, match.end()):
        return None
    return _TOKEN_RE.match(text, match.start(), match.end() - 1)


def _listed_not_grouped(token: str) -> bool:
    """Whether comma-joined digits are a list of numbers rather than one number grouped by thousands: three
    groups or more, none after the first starting with 0 (1,200,000 groups thousands), the first of two or
    three digits (1,234,567 does too) and no decimal part — 80,120,150 and 200,350,400 list amounts."""
    head = token.split(".")[0]
    groups = head.split(",")
    if len(groups) < 3 or "." in token or not re.fullmatch(r"[\d,]+", head):
        return False
    return len(groups[0]) >= 2 and not any(g.startswith("0") for g in groups[1:])


# Two digit groups joined by one comma that could group thousands (100,250): its digits, the comma's place.
_PAIR_RE = re.compile(r"(\d{2,3}),([1-9]\d{2})(?![\d.])")
# Between a count and the items it counts: the counted word before a clause mark (两次门诊，), and a word
# opening items in turn (分别是, 依次为, 各).
_ITEMS_OPENER_RE = re.compile(
    r"(?:[\u4e00-\u9fff]{1,4}(?=\s?[,:]))?\s?[,:]?\s?(?:(?:分别|依次|各自|各)(?:是|为)?)?\s?[,:]?\s?")


def _split_signalled_pairs(text: str, found: list[Quantity]) -> list[Quantity]:
    """Two digit groups joined by a comma (100,250元) are one number grouped by thousands unless another reading
    is signalled, when they are two numbers, the unit the second's: the pair is an item of a list marked with
    、 (80、100,250元), or a count of two said just before it, with at most a word opening items in turn
    (两次，100，250元; 看了两次，分别是100，250元). The first group has two or three digits and the second does
    not start with 0, as for longer lists (1,200 and 12,000 stay one number)."""
    out: list[Quantity] = []
    for i, q in enumerate(found):
        pair = _PAIR_RE.match(text, q.start)
        before = found[i - 1] if i else None
        signalled = pair is not None and (
            text[q.start - 1:q.start] == "、" or text.startswith("、", pair.end())
            or (before is not None and before.unit == "count" and before.value == 2
                and _ITEMS_OPENER_RE.fullmatch(text[before.end:q.start]) is not None))
        if not signalled or pair is None:
            out.append(q)
            continue
        first_end, second_start = pair.end(1), pair.start(2)
        out.append(Quantity(Decimal(pair.group(1)), "plain", q.start, first_end, text[q.start:first_end]))
        out.append(Quantity(Decimal(pair.group(2)), q.unit, second_start, q.end, text[second_start:q.end]))
    return out


def _quantity_at(text: str, match: re.Match[str], taken: list[tuple[int, int]]) -> Quantity | None:
    token = match.group(0)
    while token and token[-1] in "点":
        token = token[:-1]
    start, end = match.start(), match.start() + len(token)
    if not token or _overlaps((start, end), taken):
        return None
    value = parse_number(token)
    if value is None:
        return None
    chinese_only = not re.search(r"\d", token)
    if chinese_only and start > 0 and text[start - 1] == "第":
        return None  # an ordinal: 第一次, 第三条
    if chinese_only and _approximate_range(token):
        return None  # 七八成, 两三万, 一两次: a range guessed at, no figure stated
    unit: UnitKind = "plain"
    unit_match = _UNIT_RE.match(text, end)
    tenths = _TENTHS_RE.match(text, end)
    if unit_match and _WEEKDAY_AFTER_RE.match(text, unit_match.end()) and unit_match.group(1) in _WEEK_WORDS:
        unit_match = None  # 40 周三25: 周三 names a weekday, not weeks
    if unit_match and unit_match.group(0).startswith(" ") and text.startswith("个人", unit_match.start(1)):
        unit_match = None  # 合规五万 个人承担多少: 个人 (the resident) after a space is no classifier
    if unit_match:
        unit = _UNIT_KIND[unit_match.group(1)]
        end = unit_match.end()
    elif tenths and value <= 10:
        half = tenths.group("half")
        part = 5 if half == "半" else (_DIGIT_VALUE[half] if half else 0)
        unit, value, end = "percent", _tidy(value * 10 + part), tenths.end()
    elif chinese_only and len(token) == 1:
        return None  # a lone numeral character without a unit: 一级, 三甲, 五保
    if unit == "plain" and _has_magnitude(token) and _money_context(text, end):
        unit = "money"
    return Quantity(value, unit, start, end, text[start:end])


def _approximate_range(token: str) -> bool:
    """Whether a Chinese numeral holds two consecutive digits side by side (七八, 两三, 一两, 十五六): the way
    residents guess at a figure (报个七八成, 花了两三万, 去了一两次), never one number."""
    digits = [_DIGIT_VALUE.get(c) for c in token]
    return any(a is not None and b is not None and b == a + 1 and a > 0 for a, b in zip(digits, digits[1:]))


_WEEK_WORDS = ("周", "星期", "礼拜")
_WEEKDAY_AFTER_RE = re.compile(r"[一二三四五六日天](?![次回个])")


def _has_magnitude(token: str) -> bool:
    """A numeral with 万/亿, or digits with 千 (5千, 1.5千): an amount of money when no unit follows."""
    return "万" in token or "亿" in token or ("千" in token and re.search(r"\d", token) is not None)


# Between the items of an enumeration of numbers: 30、45、60块 / 80,36,64块 / 90 120 150块 / 5和8岁.
_LIST_SEPARATOR_RE = re.compile(r"\s?(?:[、,，/]|和|或|及|跟|\s)\s?")
_SHARED_UNITS: frozenset[UnitKind] = frozenset({"money", "day", "age", "hour", "month", "week"})


def _share_trailing_units(text: str, found: list[Quantity]) -> list[Quantity]:
    """An enumeration of plain numbers whose last item carries the unit (合规的钱是30、45、60块) gives
    that unit to every item of the list."""
    out = list(found)
    for i in range(len(out) - 1, 0, -1):
        last = out[i]
        if last.unit not in _SHARED_UNITS:
            continue
        j = i
        while j > 0 and out[j - 1].unit == "plain" and _LIST_SEPARATOR_RE.fullmatch(text[out[j - 1].end:out[j].start]):
            j -= 1
            item = out[j]
            out[j] = Quantity(item.value, last.unit, item.start, item.end, item.raw)
    return out


def _money_context(text: str, end: int) -> bool:
    """'3万' without a unit is money unless what follows makes it a count of people or things."""
    return not re.match(r"\s?(人|次|个|家|种|例|名|份|余人|多人|户)", text[end:])


# The numeral units a word of NOT_QUANTITIES may start with (万一, 千万, 十分): after a numeral they go on with it.
_NUMERAL_UNITS = "十百千万亿"


def _not_quantity_spans(text: str) -> list[tuple[int, int]]:
    """Where the words of NOT_QUANTITIES are in `text`, but for a word starting with a numeral unit right after
    a numeral (10万一千, 一万一, 一千万, 五十分钟): there the unit is the numeral's own, the word no word."""
    return [(start, end) for start, end in _word_spans(text, NOT_QUANTITIES)
            if not (text[start] in _NUMERAL_UNITS and start > 0
                    and (text[start - 1].isdigit() or text[start - 1] in _CN_NUMERAL_CHARS))]


def _word_spans(text: str, words: Iterable[str]) -> list[tuple[int, int]]:
    spans = []
    for word in words:
        spans.extend((m.start(), m.end()) for m in re.finditer(re.escape(word), text))
    return spans


def _overlaps(span: tuple[int, int], taken: Iterable[tuple[int, int]]) -> bool:
    return any(span[0] < t_end and t_start < span[1] for t_start, t_end in taken)


# ---------------------------------------------------------------------------------------------
# comparing


def parse_quantity(text: str) -> Quantity | None:
    """The first quantity in `text` ('24万元' -> 240000 money), or None."""
    found = extract_numbers(text)
    return found[0] if found else None


def same_value(a: Quantity | DateMention | str, b: Quantity | DateMention | str,
               tolerance: Decimal | int | float = 0) -> bool:
    """Whether `a` and `b` state the same figure.

    Money, counts and durations compare by value (24万元 == 240000元, 两个月 == 2个月); a plain
    number matches any kind; a plain fraction matches a percent (0.5 == 50%); a year of months
    matches months (1年 == 12个月) and weeks match days. Dates compare by calendar date. Strings
    are read with `parse_quantity` (or as a date when they hold one). `tolerance` is absolute.
    """
    left, right = _as_figure(a), _as_figure(b)
    if left is None or right is None:
        return False
    if isinstance(left, DateMention) or isinstance(right, DateMention):
        if isinstance(left, DateMention) and isinstance(right, DateMention):
            return abs((left.date - right.date).days) <= Decimal(str(tolerance))
        return False
    tol = Decimal(str(tolerance))
    for x, y in _comparable_values(left, right):
        if abs(x - y) <= tol:
            return True
    return False


def _as_figure(item: Quantity | DateMention | str) -> Quantity | DateMention | None:
    if isinstance(item, (Quantity, DateMention)):
        return item
    dates = [d for d in extract_dates(item) if d.precision == "day"]
    if dates:
        return dates[0]
    return parse_quantity(item)


_TO_BASE = {"week": ("day", Decimal(7)), "year": ("month", Decimal(12))}


def _comparable_values(a: Quantity, b: Quantity) -> list[tuple[Decimal, Decimal]]:
    if a.unit == b.unit:
        return [(a.value, b.value)]
    if "plain" in (a.unit, b.unit):
        plain, other = (a, b) if a.unit == "plain" else (b, a)
        pairs = [(plain.value, other.value)]
        if other.unit == "percent":
            pairs.append((plain.value * 100, other.value))
        return pairs
    base_a, factor_a = _TO_BASE.get(a.unit, (a.unit, Decimal(1)))
    base_b, factor_b = _TO_BASE.get(b.unit, (b.unit, Decimal(1)))
    if base_a == base_b:
        return [(a.value * factor_a, b.value * factor_b)]
    return []
