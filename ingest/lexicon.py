"""The policy lexicon: a jieba user dictionary and synonym groups, and the tokenizer built on them.

`corpus/lexicon/userdict.txt` lists policy terms (jieba format, `word freq tag` per line) that must
stay whole tokens (起付线, 大病保险, 门诊慢特病 …). `corpus/lexicon/synonyms.txt` lists one synonym
group per line, the first term canonical; tokenize() maps every variant to its canonical term so
that a question and a passage that name the same thing differently share a token.

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


@lru_cache(maxsize=1)
def load_synonym_groups(path: Path = SYNONYMS_PATH) -> tuple[tuple[str, ...], ...]:
    """The synonym groups in file order; the first term of each group is canonical."""
    groups = []
    seen: dict[str, int] = {}
    for number, line in _data_lines(path):
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
        return tokenizer


def _is_noise(token: str) -> bool:
    """Whitespace or punctuation/symbols only: carries nothing for lexical matching."""
    return all(ch.isspace() or unicodedata.category(ch)[0] in "PSZ" for ch in token)


def normalize_for_tokens(text: str) -> str:
    """Full-width to half-width (NFKC) and ASCII lower case, as both passages and queries need."""
    return unicodedata.normalize("NFKC", text).lower()


def tokenize(text: str, *, for_search: bool = False) -> list[str]:
    """Tokens of `text` for lexical indexing and search.

    Policy terms of the lexicon stay whole, punctuation and whitespace are dropped and every
    synonym variant is replaced by its canonical term. With `for_search=True` jieba's search mode
    also emits the shorter words inside long ones (城乡居民医保 -> 城乡, 居民, 医保, 城乡居民医保).
    """
    tokenizer = get_tokenizer()
    normalized = normalize_for_tokens(text)
    pieces = tokenizer.cut_for_search(normalized) if for_search else tokenizer.cut(normalized)
    canonical = _canonical_map()
    return [canonical.get(piece, piece) for piece in pieces if not _is_noise(piece)]
