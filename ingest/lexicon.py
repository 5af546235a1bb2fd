"""The policy lexicon: a jieba user dictionary and synonym groups, and the tokenizer built on them.

`corpus/lexicon/userdict.txt` lists policy terms (jieba format, `word freq tag` per line) that must
stay whole tokens (起付线, 大病保险, 门诊慢特病 …). `corpus/lexicon/synonyms.txt` holds two kinds of line:

- a synonym group, terms separated by whitespace, the first canonical: tokenize() maps every variant
  to its canonical term so that a question and a passage that name the same thing differently share
  a token (起付标准 -> 起付线);
- an everyday word and the document words for it, `word => doc-word doc-word …`: residents say
  生孩子 where the documents say 分娩 or 生育; tokenize() keeps the word and adds the document words
  (one way only: a passage that says 分娩 does not gain 生孩子).

A lexicon term of four characters or more also brings the words inside it (异地就医备案 -> 异地备案,
异地就医, 备案), so that a question naming only a part, or the parts apart, still matches.

Lines starting with `#` and blank lines are ignored in both files.
"""

from __future__ import annotations

import logging
import threading
import unicodedata
from functools import lru_cache
from pathlib import Path

import jieba

from corpus import LEXICON_DIR

USER_DICT_PATH = LEXICON_DIR / "userdict.txt"
SYNONYMS_PATH = LEXICON_DIR / "synonyms.txt"

_tokenizer_lock = threading.Lock()


class LexiconError(ValueError):
    """A lexicon file that cannot be read as documented."""


def _data_lines(path: Path) -> list[tuple[int, str]]:
    lines = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            lines.append((number, stripped))
    return lines


@lru_cache(maxsize=1)
def load_user_dict(path: Path = USER_DICT_PATH) -> tuple[tuple[str, int, str], ...]:
    """The user dictionary entries as (word, freq, tag)."""
    entries = []
    for number, line in _data_lines(path):
        parts = line.split()
        if len(parts) != 3 or not parts[1].isdigit():
            raise LexiconError(f"{path}:{number}: expected 'word freq tag', got {line!r}")
        entries.append((parts[0], int(parts[1]), parts[2]))
    return tuple(entries)


EXPANSION_MARK = "=>"
COMPOUND_MIN_CHARS = 4
EVERYDAY_FREQ = 3000  # jieba frequency of an everyday word and its document words  # a lexicon term this long also brings the words inside it


@lru_cache(maxsize=1)
def load_synonym_groups(path: Path = SYNONYMS_PATH) -> tuple[tuple[str, ...], ...]:
    """The synonym groups in file order; the first term of each group is canonical."""
    groups = []
    seen: dict[str, int] = {}
    for number, line in _data_lines(path):
        if EXPANSION_MARK in line:
            continue
        terms = tuple(line.split())
        if len(terms) < 2:
            raise LexiconError(f"{path}:{number}: a synonym group needs at least two terms, got {line!r}")
        for term in terms:
            if term in seen:
                raise LexiconError(
                    f"{path}:{number}: {term!r} already appears in the group on line {seen[term]}"
                )
            seen[term] = number
        groups.append(terms)
    return tuple(groups)


@lru_cache(maxsize=1)
def load_everyday_words(path: Path = SYNONYMS_PATH) -> dict[str, tuple[str, ...]]:
    """Everyday words mapped to the document words for them (`word => doc-word …` lines)."""
    words: dict[str, tuple[str, ...]] = {}
    for number, line in _data_lines(path):
        if EXPANSION_MARK not in line:
            continue
        left, _, right = line.partition(EXPANSION_MARK)
        word, targets = left.strip(), tuple(right.split())
        if not word or " " in word or not targets:
            raise LexiconError(f"{path}:{number}: expected 'word => doc-word doc-word …', got {line!r}")
        if word in words:
            raise LexiconError(f"{path}:{number}: {word!r} is listed twice")
        words[word] = targets
    return words


def load_synonyms(path: Path = SYNONYMS_PATH) -> dict[str, str]:
    """Every variant term mapped to the canonical (first) term of its group."""
    return {variant: group[0] for group in load_synonym_groups(path) for variant in group[1:]}


@lru_cache(maxsize=1)
def _canonical_map() -> dict[str, str]:
    return load_synonyms()


@lru_cache(maxsize=1)
def get_tokenizer() -> jieba.Tokenizer:
    """A jieba tokenizer of its own (the global one is left untouched) with the lexicon loaded once."""
    with _tokenizer_lock:
        jieba.setLogLevel(logging.WARNING)  # no 'Building prefix dict' chatter on stderr
        tokenizer = jieba.Tokenizer()
        tokenizer.initialize()
        for word, freq, tag in load_user_dict():
            tokenizer.add_word(word, freq, tag)
        dict_words = {word for word, _, _ in load_user_dict()}
        for group in load_synonym_groups():
            for term in group:
                if term not in dict_words:
                    # no frequency given: jieba picks one high enough to keep the term whole
                    tokenizer.add_word(term, None, "nz")
                    dict_words.add(term)
        for word, targets in load_everyday_words().items():
            if word not in dict_words and len(word) >= 2 and not tokenizer.FREQ.get(word):
                # frequent enough to win over a word across its edge (顺产生孩子: 顺产 生孩子, not 产生)
                tokenizer.add_word(word, EVERYDAY_FREQ, "nz")
                dict_words.add(word)
            for term in (word, *targets):
                if term not in dict_words and len(tokenizer.lcut(term)) != 1:
                    tokenizer.add_word(term, None, "nz")
                    dict_words.add(term)
        return tokenizer


@lru_cache(maxsize=1)
def policy_terms() -> frozenset[str]:
    """The policy terms the lexicon lists: the user dictionary's terms and every term of a synonym group."""
    words = {word for word, _, _ in load_user_dict()}
    words.update(term for group in load_synonym_groups() for term in group)
    return frozenset(words)


@lru_cache(maxsize=1)
def lexicon_terms() -> frozenset[str]:
    """Every word the lexicon lists: dictionary terms, synonyms, everyday words and their targets."""
    words = set(policy_terms())
    for word, targets in load_everyday_words().items():
        words.update((word, *targets))
    return frozenset(words)


@lru_cache(maxsize=1)
def _plain_tokenizer() -> jieba.Tokenizer:
    """jieba with its own dictionary only: how a long lexicon term reads as ordinary words."""
    with _tokenizer_lock:
        jieba.setLogLevel(logging.WARNING)
        tokenizer = jieba.Tokenizer()
        tokenizer.initialize()
        return tokenizer


@lru_cache(maxsize=4096)
def plain_words(term: str) -> tuple[str, ...]:
    """A long lexicon term read as ordinary words of two characters or more (门诊慢性病 -> 门诊,
    慢性病); empty for a short term or a word the lexicon does not list."""
    if len(term) < COMPOUND_MIN_CHARS or term not in lexicon_terms():
        return ()
    return tuple(w for w in _plain_tokenizer().lcut(term, HMM=False) if len(w) >= 2 and w != term)


@lru_cache(maxsize=4096)
def inner_words(term: str) -> tuple[str, ...]:
    """The words inside a long lexicon term (异地就医备案 -> 异地, 就医, 备案, 异地就医): its ordinary
    words of two characters or more, and the lexicon terms it contains."""
    if len(term) < COMPOUND_MIN_CHARS or term not in lexicon_terms():
        return ()
    words = list(plain_words(term))
    words += [w for w in sorted(lexicon_terms(), key=term.find) if w in term and len(w) >= 2]
    return tuple(dict.fromkeys(w for w in words if w != term and not _is_noise(w)))


def everyday_targets(word: str) -> tuple[str, ...]:
    """The document words for an everyday word (its own entry, else its canonical term's)."""
    everyday = load_everyday_words()
    return everyday.get(word) or everyday.get(_canonical_map().get(word, ""), ())


@lru_cache(maxsize=4096)
def _additions(piece: str) -> tuple[str, ...]:
    """What a token brings besides its canonical form: the words inside a long lexicon term and the
    document words for an everyday word of two characters or more (each in canonical form; one
    character, 交 or 报, says too little to search by)."""
    canonical = _canonical_map()
    out = list(inner_words(piece))
    if len(piece) >= 2:
        out += everyday_targets(piece)
    main = canonical.get(piece, piece)
    return tuple(dict.fromkeys(canonical.get(w, w) for w in out if canonical.get(w, w) != main))


def _is_noise(token: str) -> bool:
    """Whitespace or punctuation/symbols only: carries nothing for lexical matching."""
    return all(ch.isspace() or unicodedata.category(ch)[0] in "PSZ" for ch in token)


def normalize_for_tokens(text: str) -> str:
    """Full-width to half-width (NFKC) and ASCII lower case, as both passages and queries need."""
    return unicodedata.normalize("NFKC", text).lower()


def canonical_term(word: str) -> str | None:
    """The canonical form of a word jieba keeps whole (起付标准 -> 起付线); None for several words."""
    pieces = [p for p in get_tokenizer().lcut(normalize_for_tokens(word)) if not _is_noise(p)]
    if len(pieces) != 1:
        return None
    return _canonical_map().get(pieces[0], pieces[0])


def tokenize(text: str, *, for_search: bool = False) -> list[str]:
    """Tokens of `text` for lexical indexing and search.

    Policy terms of the lexicon stay whole, punctuation and whitespace are dropped and every
    synonym variant is replaced by its canonical term; a long lexicon term is followed by the words
    inside it and an everyday word by the document words for it. With `for_search=True` jieba's search mode
    also emits the shorter words inside long ones (城乡居民医保 -> 城乡, 居民, 医保, 城乡居民医保).
    """
    tokenizer = get_tokenizer()
    normalized = normalize_for_tokens(text)
    pieces = tokenizer.cut_for_search(normalized) if for_search else tokenizer.cut(normalized)
    canonical = _canonical_map()
    tokens: list[str] = []
    for piece in pieces:
        if _is_noise(piece):
            continue
        tokens.append(canonical.get(piece, piece))
        tokens.extend(_additions(piece))
    return tokens
