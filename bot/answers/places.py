"""Places outside the five cities: the scheme asked about, or where a resident seeks care.

"北京医保住院报多少" asks about a scheme the service does not cover; "长治居民去太原看门诊" asks about
长治's own 异地就医 rules. The word classes of `corpus/lexicon/places.txt` tell the two apart by the
words right around the place.
"""

from __future__ import annotations

from corpus import LEXICON_DIR
from corpus.word_classes import load_word_classes

PLACES_PATH = LEXICON_DIR / "places.txt"
CLASSES = ("before", "after", "scheme")
_SUFFIXES = ("市", "省", "县", "区", "那边", "这边", "那里", "这里", "那儿", "当地")


def is_destination(question: str, place: str) -> bool:
    """Whether every mention of `place` in `question` names where care is sought, not a scheme."""
    words = load_word_classes(PLACES_PATH, CLASSES)
    found = False
    start = question.find(place)
    while start >= 0:
        before = question[:start]
        after = question[start + len(place):]
        for suffix in _SUFFIXES:  # "太原市的医院", "去北京那边看病"
            if after.startswith(suffix):
                after = after[len(suffix):]
                break
        if any(after.startswith(w) for w in words["scheme"]):
            return False
        if not (any(before.endswith(w) for w in words["before"]) or any(after.startswith(w) for w in words["after"])):
            return False
        found = True
        start = question.find(place, start + len(place))
    return found
