"""Personal data removed from text before it is written, logged or sent to a language model.

`redact(text)` replaces, with a bracketed Chinese placeholder:

- ID numbers (18 digits, the last maybe X, or the old 15) → [身份证号]
- mobile numbers (11 digits from 13–19, optionally +86 / 86 / 0086) → [手机号]
- landlines (area code 0xx(x) and 7–8 digits; 7–8 digits right after 电话/座机/固话/号码) → [电话]
- bank cards (16–19 digits) → [银行卡号]
- e-mail addresses → [邮箱]
- a name after 我叫 / 名字是 / 姓名 / 我姓 → [姓名]; an address after 住在 / 家住 / 住址 / 地址 → [住址]

Numbers are recognised however they are typed: ASCII or full-width digits, or Chinese numerals
(一三九…, 幺, 两), grouped by spaces, dashes, dots, slashes, parentheses or their full-width forms.
A run of digits is read as a whole (its separators dropped) and classified by length and shape,
so amounts, years, dates (2026-01-01) and rates are left alone.
"""

from __future__ import annotations

import re

_DIGITS = "0-9０-９"
_CN_DIGITS = "〇零一二三四五六七八九幺两"
_SEPARATORS = r" \t\u3000\-－—–‐.．·•_/／()（）"
_RUN_RE = re.compile(
    rf"(?:\+|＋|[(（])?[{_DIGITS}](?:[{_SEPARATORS}]{{0,2}}[{_DIGITS}])*(?:[{_SEPARATORS}]{{0,2}}[XxＸｘ](?![A-Za-z]))?"
)
_CN_RUN_RE = re.compile(rf"[{_CN_DIGITS}](?:[{_SEPARATORS}]{{0,2}}[{_CN_DIGITS}]){{10,}}")
_TO_ASCII = {**{0xFF10 + i: str(i) for i in range(10)}, ord("Ｘ"): "X", ord("ｘ"): "X", ord("x"): "X"}
_CN_TO_ASCII = {ord(c): d for c, d in zip("〇零一二三四五六七八九幺两", "0012345678912", strict=True)}

_MOBILE_RE = re.compile(r"(?:0086|86)?1[3-9]\d{9}")
_ID18_RE = re.compile(r"[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dX]")
_ID15_RE = re.compile(r"[1-9]\d{7}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}")
_LANDLINE_RE = re.compile(r"0\d{2,3}\d{7,8}")
_CARD_RE = re.compile(r"\d{16,19}")
_LOCAL_NUMBER_RE = re.compile(r"\d{7,8}")
_PHONE_WORDS_RE = re.compile(r"(?:电话|座机|固话|号码|联系方式|手机|热线|打)[是为:：\s]*$")
# a number listed after another (0517-83605120、84231355; 打83605120或84231355): it is what the first one is
_LIST_JOIN_RE = re.compile(r"(?:、|，|,|；|;|/|／|或者|或|和|及)\s*$")

_EMAIL_RE = re.compile(r"[A-Za-z0-9._%+\-]+\s*[@＠]\s*[A-Za-z0-9\-]+(?:\s*[.．]\s*[A-Za-z0-9\-]+)+")
_NAME_RE = re.compile(
    r"(?P<cue>我叫|我的名字[是叫]|名字[是叫]|姓名[是为:：\s]*|本人[:：]|我姓)"
    r"(?P<value>[\u4e00-\u9fff·]{1,4})"
)
_ADDRESS_RE = re.compile(
    r"(?P<cue>住在|家住|住址[是为:：\s]*|地址[是为:：\s]*|我家在)"
    r"(?P<value>[^，。,;；！？!?、\s]{2,40})"
)


def redact(text: str) -> str:
    """`text` with personal data replaced by placeholders (see the module's docstring)."""
    if not text:
        return text
    text = _EMAIL_RE.sub("[邮箱]", text)
    text = _CN_RUN_RE.sub(lambda m: _classified(m, m.group(0).translate(_CN_TO_ASCII), text), text)
    text = _RUN_RE.sub(lambda m: _classified(m, m.group(0).translate(_TO_ASCII), text), text)
    text = _NAME_RE.sub(lambda m: m.group("cue") + "[姓名]", text)
    return _ADDRESS_RE.sub(lambda m: m.group("cue") + "[住址]", text)


def _classified(match: re.Match[str], ascii_run: str, text: str) -> str:
    digits = re.sub(r"[^0-9X]", "", ascii_run)
    kind = _kind(digits, text[: match.start()])
    return match.group(0) if kind is None else kind


def _kind(digits: str, before: str) -> str | None:
    if "X" in digits[:-1]:
        return None
    if _MOBILE_RE.fullmatch(digits):
        return "[手机号]"
    if _ID18_RE.fullmatch(digits) or _ID15_RE.fullmatch(digits):
        return "[身份证号]"
    if "X" in digits:
        return None
    if _LANDLINE_RE.fullmatch(digits):
        return "[电话]"
    if _CARD_RE.fullmatch(digits):
        return "[银行卡号]"
    if _LOCAL_NUMBER_RE.fullmatch(digits) and (_PHONE_WORDS_RE.search(before[-12:]) or _after_a_phone(before)):
        return "[电话]"
    return None


def _after_a_phone(before: str) -> bool:
    """`before` ends with a phone number and a list's joining word (、 或 和 …)."""
    join = _LIST_JOIN_RE.search(before)
    if join is None:
        return False
    head = before[: join.start()]
    runs = [m for m in _RUN_RE.finditer(head) if m.end() == len(head.rstrip())]
    if not runs:
        return False
    previous = runs[-1]
    digits = re.sub(r"[^0-9X]", "", previous.group(0).translate(_TO_ASCII))
    return _kind(digits, head[: previous.start()]) in ("[电话]", "[手机号]")


def redact_value(value: object) -> object:
    """Every string inside a JSON-like value redacted (dict keys kept); other values as they are."""
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {key: redact_value(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [redact_value(item) for item in value]
    return value
