"""Normalising a resident's message before it is understood.

`normalize(text)` makes the many ways people type the same thing look alike:

- full-width ASCII (ＡＢＣ１２３％，？) becomes half-width (ABC123%,?); the ideographic space becomes
  a space. Chinese punctuation outside the full-width block (。、《》“”) is kept: it marks sentences
  and lists for the slot extractor.
- traditional characters become simplified ones (醫療報銷費, 門檻, 沒有, 癲癇 …), by OpenCC's
  traditional-to-simplified tables (phrase-aware: 乾脆 → 干脆, 著急 stays).
- runs of whitespace collapse to one space, and the ends are stripped.
- the text is cut at `MAX_INPUT_CHARS`: a message longer than that is not a question.

`clean_input(text, max_chars)` is the boundary every text from outside passes first (the service
calls it on questions, cities, queries and session ids before anything else): lone surrogates
(which cannot be encoded, e.g. by the embedder's tokenizer), control and invisible format
characters are removed, line breaks and tabs become spaces, and the length is bounded.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from opencc import OpenCC

MAX_INPUT_CHARS = 2000

# Full-width ASCII block U+FF01..U+FF5E maps to U+0021..U+007E; U+3000 is the ideographic space.
_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_WIDTH[0x3000] = 0x20
# Look-alikes residents paste from documents and phones.
_LOOKALIKES = {ord("﹪"): "%", ord("﹒"): ".", ord("．"): ".", ord("―"): "-", ord("－"): "-"}

_TRANSLATION = {**_WIDTH, **_LOOKALIKES}
_SPACES = re.compile(r"\s+")


def normalize(text: str) -> str:
    """The message with widths unified, common traditional characters simplified and spaces collapsed.

    Raises TypeError when `text` is not a string (a programming error, not a resident's).
    """
    if not isinstance(text, str):
        raise TypeError(f"normalize() takes a str, got {type(text).__name__}")
    clipped = text[: MAX_INPUT_CHARS * 2]  # bound the work before translating
    unified = _simplified(clipped.translate(_TRANSLATION))
    collapsed = _SPACES.sub(" ", unified).strip()
    years = _CHINESE_DIGIT_YEAR.sub(lambda m: m.group(1).translate(_CHINESE_DIGITS), collapsed)
    return years[:MAX_INPUT_CHARS].rstrip()


# A year said digit by digit in Chinese numerals (二零二四年, 二〇二五年度) is that year in digits.
_CHINESE_DIGITS = str.maketrans("〇零一二三四五六七八九", "00123456789")
_CHINESE_DIGIT_YEAR = re.compile(r"([〇零一二三四五六七八九]{4})(?=年)")


@lru_cache(maxsize=1)
def _converter() -> OpenCC:
    return OpenCC("t2s")


def _simplified(text: str) -> str:
    return _converter().convert(text) if text else text


def was_truncated(text: str) -> bool:
    """Whether `normalize(text)` dropped part of the message for being too long."""
    return len(_SPACES.sub(" ", text).strip()) > MAX_INPUT_CHARS


# Unicode categories that never belong in a message: controls, invisible formats, surrogates,
# private-use and unassigned code points.
_DROPPED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})
_KEPT_AS_SPACE = frozenset("\t\n\r\v\f\x85\u2028\u2029")


def clean_input(text: object, max_chars: int = MAX_INPUT_CHARS) -> str:
    """`text` made safe to process: a string of at most `max_chars` characters, without lone
    surrogates, control, format, private-use or unassigned characters (line breaks and tabs become
    spaces). `None` and non-strings become "" (the caller decides whether that is an error)."""
    if not isinstance(text, str):
        return ""
    clipped = text[: max_chars * 2]  # bound the work first
    kept = []
    for char in clipped:
        if char in _KEPT_AS_SPACE:
            kept.append(" ")
        elif char.isascii() and char.isprintable() or unicodedata.category(char) not in _DROPPED_CATEGORIES:
            kept.append(char)
    return "".join(kept).strip()[:max_chars].rstrip()
