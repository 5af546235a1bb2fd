"""Homophone typos of a pinyin keyboard: 医宝 → 医保, 报消 → 报销, 骗宝 → 骗保, 电化 → 电话.

A resident typing pinyin picks a character of the right sound and the wrong meaning. A stretch of
the question that is no word of the corpus and sounds exactly like one (toneless pinyin) is read as
that corpus word when the reading is the likelier text:
- a rare or unknown word (电化, freq 25) for a far commoner one (电话, 8354): `COMMONER` times;
- single characters, or single characters and the word after them (医 宝, 封 丁 线, 大 并 保险), for a
  word of the policy documents' own vocabulary (医保: used in them more than `DOMAIN_SHARE` of its
  everyday frequency, so not 我市 or 使用; or a policy term of the lexicon of `POLICY_TERM_MIN_CHARS`
  or more, whose frequency in jieba is the lexicon's own, not everyday use: 大病保险, 封顶线 — a two-character
  term shares its sound with everyday pairs too often: 不交 is no 补缴) that jieba's unigram model finds far likelier
  than those pieces apart (`MARGIN`; 我是 and 就住 stay: common characters).
A real word that merely sounds like a corpus word (公式 beside 公示) is left as typed.
"""

from __future__ import annotations

import math
import re
import threading
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from pypinyin import lazy_pinyin

from ingest.lexicon import get_tokenizer, lexicon_terms, policy_terms

MIN_CHARS, MAX_CHARS = 2, 4  # the lengths of word a typo is looked for in
COMMONER = 100  # a typed word is read as a corpus word this many times commoner in jieba
DOMAIN_SHARE = 0.05  # corpus uses / jieba frequency of a word of the documents' own vocabulary
POLICY_TERM_MIN_CHARS = 3  # a lexicon term this long is of the documents' own vocabulary by construction
MARGIN = 3.0  # natural-log likelihood (×20) a reading of single characters must gain
_HAN_WORD = re.compile(r"^[\u4e00-\u9fff]+$")
_lock = threading.Lock()


@dataclass(frozen=True)
class Vocabulary:
    words: frozenset[str]  # every word of the corpus and the lexicon
    by_sound: dict[tuple[str, ...], str]  # toneless pinyin -> the corpus word of that sound used most
    domain: frozenset[str]  # the documents' own vocabulary (used far beyond its everyday frequency)


def _frequency(word: str) -> int:
    return int(get_tokenizer().FREQ.get(word) or 0)


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """The corpus's words by sound (built once, from the chunks and the lexicon)."""
    from ingest.chunking import chunk_corpus

    with _lock:
        tokenizer = get_tokenizer()
        counts: Counter[str] = Counter()
        for chunk in chunk_corpus():
            counts.update(w for w in tokenizer.lcut(f"{chunk.title}\n{chunk.clean_text}", HMM=False)
                          if MIN_CHARS <= len(w) <= MAX_CHARS and _HAN_WORD.match(w))
        for term in lexicon_terms():
            counts[term] += 0
        by_sound: dict[tuple[str, ...], str] = {}
        for word, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
            if MIN_CHARS <= len(word) <= MAX_CHARS and _HAN_WORD.match(word):
                by_sound.setdefault(tuple(lazy_pinyin(word)), word)
        long_terms = {term for term in policy_terms() if len(term) >= POLICY_TERM_MIN_CHARS}
        domain = frozenset(w for w, n in counts.items()
                           if w in long_terms or n >= DOMAIN_SHARE * max(_frequency(w), 1))
        return Vocabulary(frozenset(counts), by_sound, domain)


def _log_probability(words: list[str]) -> float:
    tokenizer = get_tokenizer()
    return sum(math.log(max(_frequency(w), 1) / tokenizer.total) for w in words)


def _homophone(typed: str, vocab: Vocabulary) -> str | None:
    if typed in vocab.words or not _HAN_WORD.match(typed):
        return None
    target = vocab.by_sound.get(tuple(lazy_pinyin(typed)))
    return None if target == typed else target


def _reading_of_word(word: str, vocab: Vocabulary) -> str | None:
    """The corpus word a rare typed word (电化) stands for, or None."""
    target = _homophone(word, vocab)
    if target is None:
        return None
    return target if _frequency(word) * COMMONER < _frequency(target) else None


def _reading_of_pieces(pieces: list[str], vocab: Vocabulary) -> str | None:
    """The corpus word a run of single characters, or of single characters and a word (医 宝, 大 并 保险),
    stands for, or None."""
    target = _homophone("".join(pieces), vocab)
    if target is None or target not in vocab.domain:
        return None
    return target if _log_probability([target]) >= _log_probability(pieces) + MARGIN else None


def _windows(tokens: list[str], start: int) -> list[list[str]]:
    """The runs of tokens from `start` that a typo may span, longest first: single characters, the last
    of them possibly followed by a word, MIN_CHARS to MAX_CHARS characters in all."""
    runs: list[list[str]] = []
    chars = 0
    for end in range(start, len(tokens)):
        chars += len(tokens[end])
        if chars > MAX_CHARS:
            break
        if chars >= MIN_CHARS:
            runs.append(tokens[start:end + 1])
        if len(tokens[end]) > 1:
            break  # a word ends the run
    return runs[::-1]


_MAGNITUDES = "十百千万亿"
_NUMERAL_END = re.compile(r"[\d零〇一二两三四五六七八九十百千万亿]$")


def _after_numeral(previous: str, token: str) -> bool:
    """Whether `token` begins with the magnitude of the figure that `previous` ends (15 | 万全)."""
    return token[:1] in _MAGNITUDES and _NUMERAL_END.search(previous) is not None


def correct_homophones(text: str) -> str:
    """`text` with its homophone typos of corpus words read as those words."""
    vocab = vocabulary()
    tokens = get_tokenizer().lcut(text, HMM=False)
    out: list[str] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if out and _after_numeral(out[-1], token):
            out.append(token)  # 15万全是甲类: the 万 of a figure starts no typo (万全 is not 完全)
            i += 1
            continue
        if len(token) >= MIN_CHARS:
            out.append(_reading_of_word(token, vocab) or token)
            i += 1
            continue
        # a run of single characters (and the word after them): the longest window that reads as a corpus word
        for window in _windows(tokens, i):
            target = _reading_of_pieces(window, vocab)
            if target is not None:
                out.append(target)
                i += len(window)
                break
        else:
            out.append(token)
            i += 1
    return "".join(out)
