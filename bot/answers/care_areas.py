"""Which of a city's care areas a question about a stay names: the `inpatient.areas` of its rules.

A city's rules give the figures of a stay away from home by care area (`calculators.vocab.CareArea`:
转诊, 异地安置, 异地急诊, 未备案, 省内异地, 省外), each changing the home figures its own way. A question
names an area by how the resident is there (转诊, 长期居住, 急诊, 没备案 / 未转诊 / 自己去的) and by
where the hospital is (省外, 省内, or just 外地 / 市外 / 去北京): `areas_asked` reads both from the slots
and gives the areas of the city to answer with — the one named, or, when only "elsewhere" is said,
every area the city's rules set apart from home.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.understanding.destinations import province_relation
from bot.understanding.slots import Slots

HOME = "市内"
# The areas named by where the hospital is, by the slots' place.
PLACE_AREAS = {"省外": "省外", "省内": "省内异地"}
# Each area as a resident reads it.
AREA_LABELS = {
    "转诊": "按规定转诊到市外",
    "异地安置": "异地长期居住（异地安置、长期居住、常驻异地工作）",
    "异地急诊": "异地急诊抢救",
    "未备案": "未备案、未转诊的临时外出就医",
    "省内异地": "省内异地",
    "省外": "省外",
}


def away_named(slots: Slots) -> bool:
    """Whether the question says the stay is away from the insured city (an area, a filing, a kind of
    trip); an emergency alone is not (急诊住院 may be at home)."""
    return slots.out_of_area not in (None, "本地") or bool(slots.out_of_area_kind or slots.filing)


def areas_asked(slots: Slots, city: str, areas: Mapping[str, Any], place: str | None = None) -> list[str] | None:
    """The city's care areas the question names, in the rules' order.

    None when it names none (the home figures answer); [] when it names a kind of care elsewhere the
    city's rules do not set apart (the passages answer). `place` is a place outside the five cities
    named as where the stay is (北京): its province decides 省内 or 省外.
    """
    if not away_named(slots):
        return None
    where = slots.out_of_area
    if where == "异地" and place is not None:
        where = province_relation(place, city)
    kind = slots.care_area()
    kind = kind if kind not in (HOME, *PLACE_AREAS.values()) else None
    named = {a for a in (kind, PLACE_AREAS.get(where or "")) if a is not None and a in areas}
    if named:
        return [a for a in areas if a in named]
    if kind is not None:
        return []
    return [a for a in areas if a != HOME]


def area_label(area: str) -> str:
    return AREA_LABELS.get(area, area)
