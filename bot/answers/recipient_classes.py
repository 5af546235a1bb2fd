"""The classes a city's documents sort a benefit's recipients into (一类/二类 … 医疗救助对象).

Residents and documents name recipients two ways: by the group they belong to (低保户, 五保户, 孤儿:
the understanding's group words) and by the class the documents number them in (一类医疗救助对象,
第三类救助对象). A rules section such as `assistance_classes` holds each class with its members in
the document's own words (`members`: a list of names, with their quote); the groups of a class are
read from those names by the same group reader as a question's (`extract_slots`), so no mapping is
kept twice. A question naming a class by its number is about the groups of that class.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from bot.understanding.slots import extract_slots
from calculators.errors import InputError
from calculators.rules import Param, load_city_rules

# How the number of a class is written: 一类, 第一类, 1类, Ⅰ类.
_NUMERALS = {"一": ("一", "1", "Ⅰ"), "二": ("二", "2", "Ⅱ"), "三": ("三", "3", "Ⅲ"), "四": ("四", "4", "Ⅳ"),
             "五": ("五", "5", "Ⅴ"), "六": ("六", "6", "Ⅵ")}
_CLASS_NAME = re.compile(r"^([一二三四五六])类")


@dataclass(frozen=True, eq=False)  # one object per class read: compared by identity
class RecipientClass:
    name: str  # the document's name of the class: 二类医疗救助对象
    members: Param[Any]  # the document's names of its members, with their quote
    groups: frozenset[str]  # the understanding's groups those names read as

    @property
    def number(self) -> str | None:
        match = _CLASS_NAME.match(self.name)
        return match.group(1) if match else None


def classes_in_force(city: str, section: str, on: dt.date) -> list[RecipientClass]:
    """The classes of the section in force on `on`, in the file's order; none when the city has none."""
    try:
        tree = load_city_rules(city).raw_in_force(section, on)
    except InputError:
        return []
    return [RecipientClass(name, Param[Any].model_validate(node["members"]), _groups_of(tuple(node["members"]["value"])))
            for name, node in tree.items() if isinstance(node, dict) and "members" in node]


@lru_cache(maxsize=64)
def _groups_of(names: tuple[str, ...]) -> frozenset[str]:
    return frozenset(group for name in names for group in extract_slots(name).groups)


def named_classes(text: str, classes: list[RecipientClass], not_before: tuple[str, ...] = ()) -> list[RecipientClass]:
    """The classes the text names by their number (二类, 第二类, 2类); a number followed by a word of
    another kind of class (`not_before`: 一类病种, 三类收费) names none."""
    found = []
    for cls in classes:
        if cls.number is None:
            continue
        numerals = "|".join(re.escape(n) for n in _NUMERALS[cls.number])
        after = f"(?!{'|'.join(re.escape(w) for w in not_before)})" if not_before else ""
        if re.search(f"(?<![\\d一二三四五六七八九十哪几])(?:{numerals})类{after}", text):  # not 哪一类
            found.append(cls)
    return found


def class_of(group: str, classes: list[RecipientClass]) -> RecipientClass | None:
    """The class a group belongs to, if any."""
    return next((cls for cls in classes if group in cls.groups), None)


def member_text(cls: RecipientClass) -> str:
    """The class's members in the document's words: 低保边缘家庭成员，支出型困难家庭中的大重病患者 …"""
    return "，".join(str(name) for name in cls.members.value)
