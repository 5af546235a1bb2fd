"""Remove personal data from text before it is written anywhere: ID, phone and bank card numbers."""

from __future__ import annotations

import re

_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    # 18-digit resident ID (last character may be X); 15-digit old IDs
    (re.compile(r"(?<![0-9])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![0-9])"), "[身份证号]"),
    (re.compile(r"(?<![0-9])[1-9]\d{7}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}(?![0-9])"), "[身份证号]"),
    # mainland mobile numbers, optionally +86 and separated 3-4-4
    (re.compile(r"(?<![0-9])(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?![0-9])"), "[手机号]"),
    # bank cards: 16 to 19 digits
    (re.compile(r"(?<![0-9])\d{16,19}(?![0-9])"), "[银行卡号]"),
]


def redact(text: str) -> str:
    for pattern, placeholder in _PATTERNS:
        text = pattern.sub(placeholder, text)
    return text
