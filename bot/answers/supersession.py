"""Whether a later document of a city replaced a figure an earlier one states, read off the rules data.

Two sentences of one city's documents can state different figures for what looks like the same thing
(连云港's 2017 办法 and 2026 缴费通知). Term overlap cannot tell a replaced figure from a different rule
that shares its words; the rules data can: each parameter of `corpus/rules/` keeps its versions, each
with the document words it comes from. `replacement(city, earlier, later)` is the parameter whose
earlier version the first text quotes and whose later version, of another value, the second quotes;
None when the data show no such replacement.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from bot.answers.quote_lookup import squeeze
from calculators.errors import RulesError
from calculators.rules import Param, load_city_rules
from ingest.clean import clean_text

MIN_SHARED_CHARS = 8  # a sentence this long held whole inside a longer quote still quotes it


@dataclass(frozen=True)
class Replacement:
    """A parameter's earlier version and the later version of another value that replaced it."""

    where: str  # section and key path, e.g. "inpatient.classes.三级.rate"
    earlier: Param[Any]
    later: Param[Any]
    later_from: dt.date


_VERSION = re.compile(r"^(\w+)\[(\d+)\]")  # "inpatient[2].classes…": a section and the index of its version


@lru_cache(maxsize=8)
def _histories(city: str) -> dict[str, tuple[tuple[dt.date, Param[Any], tuple[str, ...]], ...]]:
    """Every parameter's versions in order of taking effect, each with its quotes as cleaned text."""
    try:
        rules = load_city_rules(city)
    except RulesError:
        return {}
    found: dict[str, list[tuple[dt.date, Param[Any], tuple[str, ...]]]] = {}
    for location, param in rules.all_params():
        match = _VERSION.match(location)
        if match is None:
            continue
        section, index = match.group(1), int(match.group(2))
        since = rules.sections[section][index].effective_from
        quotes = tuple(squeeze(clean_text(q, param.doc_id)) for q in param.quotes)
        found.setdefault(section + location[match.end():], []).append((since, param, quotes))
    return {where: tuple(sorted(history, key=lambda h: h[0])) for where, history in found.items()
            if len(history) > 1}


def _quoted(quotes: tuple[str, ...], text: str) -> bool:
    return any(q and (q in text or (len(text) >= MIN_SHARED_CHARS and text in q)) for q in quotes)


def replacement(city: str, earlier: str, later: str) -> Replacement | None:
    """The parameter an earlier sentence states and a later sentence restates with another value."""
    earlier_text, later_text = squeeze(clean_text(earlier)), squeeze(clean_text(later))
    for where, history in _histories(city).items():
        for i, (_, old, old_quotes) in enumerate(history):
            if not _quoted(old_quotes, earlier_text):
                continue
            for since, new, new_quotes in history[i + 1:]:
                if new.value != old.value and _quoted(new_quotes, later_text):
                    return Replacement(where, old, new, since)
    return None
