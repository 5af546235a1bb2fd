"""Places outside the five cities named as where care is sought, and the province they lie in.

"长治居民去北京住院" names 北京 as where the stay is, not as the scheme asked about ("北京医保"): a
place of `corpus/lexicon/intents.txt` `other_places` (or of `provinces.txt`) with a word of
`places.txt` `before` right before it (去, 在, 到 …) and one of its `after` shortly after (住院, 看病 …).
Such a care is elsewhere than the insured city; whether in its province or another is read from
`provinces.txt` once the city is known.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal

from corpus import LEXICON_DIR
from corpus.catalogue import CITIES
from corpus.word_classes import alternation, load_word_classes

Relation = Literal["省内", "省外"]
_GAP = "[^,，。?？]"


@lru_cache(maxsize=1)
def _provinces() -> dict[str, tuple[str, ...]]:
    return load_word_classes(LEXICON_DIR / "provinces.txt")


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    care = load_word_classes(LEXICON_DIR / "places.txt", ("before", "after", "scheme"))
    places = set(load_word_classes(LEXICON_DIR / "intents.txt")["other_places"])
    places |= {word for words in _provinces().values() for word in words}
    places -= set(CITIES)
    place_re = re.compile(alternation(sorted(places, key=len, reverse=True)))
    before_re = re.compile(rf"{alternation(care['before'])}了?$")
    after_re = re.compile(rf"^{_GAP}{{0,6}}?{alternation(care['after'])}")
    return place_re, before_re, after_re


@lru_cache(maxsize=1)
def before_chars() -> int:
    """How many characters before a place may hold the word that makes it a destination."""
    care = load_word_classes(LEXICON_DIR / "places.txt", ("before", "after", "scheme"))
    return max(len(word) for word in care["before"]) + 1


def is_care_place(text: str, start: int, end: int) -> bool:
    """Whether the place at text[start:end] is named as where care is sought (去北京住院, 在南京看病)."""
    _, before_re, after_re = _patterns()
    before = text[max(0, start - before_chars()):start]
    return bool(before_re.search(before) and after_re.match(text[end:]))


def care_destinations(text: str) -> list[str]:
    """The places outside the five cities the text names as where care is sought, in order."""
    place_re, _, _ = _patterns()
    found: list[str] = []
    for match in place_re.finditer(text):
        if is_care_place(text, match.start(), match.end()) and match.group(0) not in found:
            found.append(match.group(0))
    return found


def province_relation(place: str, city: str) -> Relation:
    """Whether `place` lies in the province of `city` (省内) or in another (省外)."""
    for words in _provinces().values():
        if city in words:
            return "省内" if place in words else "省外"
    return "省外"
