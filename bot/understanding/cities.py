"""Which city a question is about, read from its text: city names and their districts/counties.

The place names are those the documents mention (赣榆区, 东海县 … in the 连云港 notice; 朝阳区 …
绿园区 and 九台 … 公主岭 in the 长春 handbook; 随县 in the 随州 brochure) plus the other districts
and counties of each city. Names that are also ordinary words are listed only with their suffix
(长子县, not 长子 "eldest son"; 二道区, not 二道).

`spell_cities(text)` reads a pinyin-keyboard misspelling of a covered city's name (随洲, 淮按,
连云岗: the same toneless pinyin, at least one character in common) as that name. Only the five
city names are read so: district names sound like real places elsewhere (榆树 / 玉树).
"""

from __future__ import annotations

import re
from functools import lru_cache

from pypinyin import lazy_pinyin

from corpus.catalogue import CITIES

PLACES: dict[str, tuple[str, ...]] = {
    "连云港": (
        "连云港", "连云区", "海州", "赣榆", "东海", "灌云", "灌南", "徐圩", "墟沟", "新浦",
    ),
    "淮安": (
        "淮安", "清江浦", "淮阴", "洪泽", "涟水", "盱眙", "金湖",
    ),
    "长春": (
        "长春", "朝阳区", "南关区", "宽城区", "二道区", "绿园区", "双阳", "九台", "榆树", "德惠", "农安",
        "公主岭", "净月", "汽开区",
    ),
    "长治": (
        "长治", "潞州", "上党区", "屯留", "潞城", "襄垣", "平顺", "黎城", "壶关", "长子县", "武乡", "沁县", "沁源",
    ),
    "随州": (
        "随州", "曾都", "随县", "广水", "大洪山",
    ),
}

_PATTERN = re.compile("|".join(sorted((re.escape(p) for ps in PLACES.values() for p in ps), key=len, reverse=True)))
_CITY_OF = {place: city for city, places in PLACES.items() for place in places}

assert set(PLACES) == set(CITIES), "every catalogue city needs its place names"


def cities_in(text: str) -> list[str]:
    """The cities the text names (by city, district or county name), in order of first mention."""
    found: list[str] = []
    for match in _PATTERN.finditer(text or ""):
        city = _CITY_OF[match.group(0)]
        if city not in found:
            found.append(city)
    return found


def detect_city(text: str) -> str | None:
    """The one city the text is about, or None when it names none or several."""
    found = cities_in(text)
    return found[0] if len(found) == 1 else None


def without_places(text: str) -> str:
    """The text with every city, district and county name taken out (once a city filter applies,
    the names only add noise to matching: every passage of that city is about it)."""
    stripped = _PATTERN.sub(" ", text or "")
    stripped = re.sub(r"(?<=\s)[市区县](?=\s|$)|^[市区县](?=\s)", " ", stripped)  # a suffix left alone: 淮安市 -> 市
    return " ".join(stripped.split())


@lru_cache(maxsize=1)
def _city_sounds() -> dict[tuple[str, ...], str]:
    return {tuple(lazy_pinyin(city)): city for city in CITIES}


@lru_cache(maxsize=1)
def _city_characters() -> frozenset[str]:
    return frozenset("".join(CITIES))


_HAN = re.compile(r"^[\u4e00-\u9fff]+$")


def spell_cities(text: str) -> str:
    """`text` with each misspelt covered city name (same sound, a character shared) written right."""
    if not text:
        return text
    sounds = _city_sounds()
    letters = _city_characters()
    out, i = [], 0
    lengths = sorted({len(c) for c in CITIES}, reverse=True)
    while i < len(text):
        for size in lengths:
            window = text[i:i + size]
            # only a window sharing a character with a city name can be one misspelt (pinyin is slow)
            maybe = len(window) == size and not letters.isdisjoint(window) and _HAN.match(window)
            city = sounds.get(tuple(lazy_pinyin(window))) if maybe else None
            if city is not None and window != city and set(window) & set(city):
                out.append(city)
                i += size
                break
        else:
            out.append(text[i])
            i += 1
    return "".join(out)
