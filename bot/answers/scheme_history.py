"""Questions whether a named former scheme still exists or was replaced (现在还有新农合吗, 合作医疗取消了吗).

Everywhere else the lexicon reads 新农合, 合作医疗 or 城镇居民医保 as the resident scheme that replaced
them (a question about 新农合住院 asks about today's 城乡居民医保). A question about the old scheme's
existence asks about the old scheme itself: what it is asked about is that name and its ending, which
the documents state as 废止, 整合, 合并为 (corpus/lexicon/scheme_history.txt).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from corpus import LEXICON_DIR
from corpus.word_classes import alternation, load_word_classes

HISTORY_PATH = LEXICON_DIR / "scheme_history.txt"
CLASSES = ("former_scheme", "still_before", "ended_after", "ended_states")
_CLAUSE = r"[^,，。;；?？!！]"  # within one clause
ENDED_GAP = 6  # characters between the name and the words asking whether it ended (早就合并没了)


@dataclass(frozen=True)
class HistoryAsk:
    """A question whether a former scheme still exists: the name as typed and the words that ask it."""

    scheme: str
    cue: str


@lru_cache(maxsize=1)
def history_words() -> dict[str, tuple[str, ...]]:
    return load_word_classes(HISTORY_PATH, CLASSES)


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    words = history_words()
    scheme = alternation(words["former_scheme"])
    before = re.compile(f"(?P<cue>{alternation(words['still_before'])})(?P<scheme>{scheme})")
    after = re.compile(f"(?P<scheme>{scheme}){_CLAUSE}{{0,{ENDED_GAP}}}?(?P<cue>{alternation(words['ended_after'])})")
    return before, after


def history_ask(text: str) -> HistoryAsk | None:
    """The former scheme a question asks the existence or replacement of, or None."""
    for pattern in _patterns():
        match = pattern.search(text)
        if match is not None:
            return HistoryAsk(match.group("scheme"), match.group("cue"))
    return None


def former_scheme_names() -> tuple[str, ...]:
    return history_words()["former_scheme"]


def ending_words() -> tuple[str, ...]:
    """The words documents end a scheme with (废止, 整合 …), and the words residents ask it with."""
    words = history_words()
    return tuple(dict.fromkeys((*words["ended_states"], *words["ended_after"])))
