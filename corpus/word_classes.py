"""Word-class files of `corpus/lexicon/`: one class a line, `name: word word …`, `#` for comments.

A class names every way residents express one thing (the figure they ask for, the place they go for
care …); code reads classes by name and never lists their words itself.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path


class WordClassesError(ValueError):
    """A word-class file cannot be read as documented."""


@lru_cache(maxsize=64)
def load_word_classes(path: Path, names: tuple[str, ...] | None = None) -> dict[str, tuple[str, ...]]:
    """class name -> its words, longest first; `names`, when given, are the only classes the file may hold."""
    classes: dict[str, tuple[str, ...]] = {}
    for number, raw in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        name, sep, words = line.partition(":")
        name = name.strip()
        if not sep or not name or not words.split():
            raise WordClassesError(f"{path}:{number}: expected `name: word …`")
        if names is not None and name not in names:
            raise WordClassesError(f"{path}:{number}: unknown class {name!r}; expected one of {names}")
        # file order among words of one length, so that reading a file twice gives the same order
        classes[name] = tuple(sorted(dict.fromkeys(words.split()), key=len, reverse=True))
    return classes


def alternation(words: tuple[str, ...] | list[str]) -> str:
    """A regular-expression group matching any of the words (each taken literally)."""
    return "(?:" + "|".join(re.escape(word) for word in words) + ")"
