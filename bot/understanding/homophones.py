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

A near sound is read too, for the long policy terms only (`POLICY_TERM_MIN_CHARS` or more characters):
a stretch of the question, broken by jieba into pieces with at least one single character (a typo
breaks the word), that is no word of the corpus or of jieba and differs from the term in one
character, whose toneless pinyin is the term's or one letter away from it (报销比列 bi lie for 报销比例 bi li;
the front and back nasals, z/zh, n/l), the term being far likelier than the pieces (`MARGIN`).
Two terms that fit equally leave the stretch as typed.
"""

from __future__ import annotations

import math
import re
import threading
from collections import Counter
from dataclasses import dataclass, field
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


NEAR_MAX_CHARS = 6  # the longest policy term a near-sound typo is looked for in


@dataclass(frozen=True)
class Vocabulary:
    words: frozenset[str]  # every word of the corpus and the lexicon
    by_sound: dict[tuple[str, ...], str]  # toneless pinyin -> the corpus word of that sound used most
    domain: frozenset[str]  # the documents' own vocabulary (used far beyond its everyday frequency)
    long_terms: dict[int, tuple[str, ...]] = field(default_factory=dict)  # the lexicon's policy terms of POLICY_TERM_MIN_CHARS or more, by length


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
        by_length: dict[int, list[str]] = {}
        for term in sorted(long_terms):
            if len(term) <= NEAR_MAX_CHARS and _HAN_WORD.match(term):
                by_length.setdefault(len(term), []).append(term)
        return Vocabulary(frozenset(counts), by_sound, domain, {n: tuple(ts) for n, ts in by_length.items()})


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


def _one_letter_apart(a: str, b: str) -> bool:
    """Whether two pinyin syllables are the same or differ by one letter inserted, removed or replaced
    (li/lie, ding/din)."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1:] == short for i in range(len(long)))


def _single_positions(pieces: list[str]) -> set[int]:
    """The character positions of the single-character pieces (where jieba found no word)."""
    positions, at = set(), 0
    for piece in pieces:
        if len(piece) == 1:
            positions.add(at)
        at += len(piece)
    return positions


def _near_term(pieces: list[str], vocab: Vocabulary) -> str | None:
    """The one long policy term the pieces are a near-sound typo of: one character off, of the term's
    sound or one pinyin letter from it, a single-character piece (the typo broke the word there) and
    not the term's first (a first character off is mostly the word before it: 的学生 is no 大学生)."""
    typed = "".join(pieces)
    if typed in vocab.words or _frequency(typed) or not _HAN_WORD.match(typed):
        return None
    singles = _single_positions(pieces)
    found = []
    for term in vocab.long_terms.get(len(typed), ()):
        differing = [i for i, (x, y) in enumerate(zip(term, typed, strict=True)) if x != y]
        if len(differing) == 1 and differing[0] > 0 and differing[0] in singles:
            i = differing[0]
            if _one_letter_apart(lazy_pinyin(typed[i])[0], lazy_pinyin(term[i])[0]):
                found.append(term)
    return found[0] if len(found) == 1 else None


def _near_reading(tokens: list[str], start: int, vocab: Vocabulary) -> tuple[str, int] | None:
    """The long policy term the tokens from `start` are a near-sound typo of, and how many tokens it
    spans: POLICY_TERM_MIN_CHARS to NEAR_MAX_CHARS characters, at least one token a single character."""
    chars = 0
    spans: list[int] = []
    for end in range(start, len(tokens)):
        chars += len(tokens[end])
        if chars > NEAR_MAX_CHARS:
            break
        if chars >= POLICY_TERM_MIN_CHARS and any(len(t) == 1 for t in tokens[start:end + 1]):
            spans.append(end + 1)
    for end in reversed(spans):
        pieces = tokens[start:end]
        target = _near_term(pieces, vocab)
        if target is not None and _log_probability([target]) >= _log_probability(pieces) + MARGIN:
            return target, end - start
    return None


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
        near = _near_reading(tokens, i, vocab)
        if near is not None:  # 报销比列: a long policy term with one character of a near sound
            out.append(near[0])
            i += near[1]
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
