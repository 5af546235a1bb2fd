"""A figure asked of the resident scheme as a whole: "医保一年最多报多少", "居民医保起付线多少".

Such a question names no benefit: besides the figure asked (the classes of `figure_asks.txt`, and
多少钱, 几成) its words are the scheme by any of its names (医保, 基本医保, 新农合, 合作医疗, 居民 …:
`intents.txt` scheme, the resident scheme's synonym group, `question_terms.txt` scheme_resident), the
scheme paying (报销, 赔付: scheme_pays), the city, and at most a time (今年, 一年到头: calc_words.txt whole_year) or a hospital level
(三级医院). Residents asking this way mean the scheme's principal benefit, the inpatient stay; any other
content word (双通道药品, 家庭病床, 学生) names what the figure is of, and the question is not of this kind.
"""

from __future__ import annotations

from functools import lru_cache

from bot.answers.evidence import QUESTION_TERMS_PATH, profile_question
from bot.understanding.slots import Slots
from corpus import LEXICON_DIR
from corpus.word_classes import load_word_classes
from ingest.lexicon import load_synonym_groups

FIGURE_ASKS_PATH = LEXICON_DIR / "figure_asks.txt"
INTENTS_PATH = LEXICON_DIR / "intents.txt"
CALC_WORDS_PATH = LEXICON_DIR / "calc_words.txt"  # whole_year: the year said as a span (一年到头, 全年)
# question_terms.txt classes of the words such a question says besides its figure: how much money or
# what share (多少钱, 几成), the scheme named by its residents and its paying, a hospital level (三级医院:
# the stay's figures are by level)
_WORD_CLASSES = ("kind_money", "kind_percent", "scheme_resident", "scheme_pays", "level", "institution")
_TIME_TAG = "t"  # jieba's part of speech of a time noun (今年, 明年)


@lru_cache(maxsize=1)
def _scheme_words() -> tuple[str, ...]:
    """Every word of such a question that names nothing the figure is of, longest first."""
    terms = load_word_classes(QUESTION_TERMS_PATH)
    intents = load_word_classes(INTENTS_PATH)
    words = {w for ws in load_word_classes(FIGURE_ASKS_PATH).values() for w in ws}
    words |= {w for name in _WORD_CLASSES for w in terms.get(name, ())}
    words |= set(intents.get("scheme", ())) | set(load_word_classes(CALC_WORDS_PATH).get("whole_year", ()))
    canonical = set(intents.get("scheme_group", ()))
    words |= {w for group in load_synonym_groups() if group[0] in canonical for w in group}
    return tuple(sorted(words, key=len, reverse=True))


def _blanked(text: str) -> str:
    """The text with every span of those words blanked (overlapping spans together)."""
    taken = [False] * len(text)
    for word in _scheme_words():
        start = text.find(word)
        while start >= 0:
            for i in range(start, start + len(word)):
                taken[i] = True
            start = text.find(word, start + 1)
    return "".join("，" if t else ch for ch, t in zip(text, taken, strict=True))


def asks_of_whole_scheme(text: str, slots: Slots) -> bool:
    """Whether a figure question names nothing it is of but the resident scheme itself."""
    if slots.benefits or slots.groups or slots.diseases or slots.special_diseases or slots.facility:
        return False
    return all(t.tag == _TIME_TAG for t in profile_question(_blanked(text)).terms)
