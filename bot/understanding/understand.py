"""Understanding one message: normalised text, city, intent and slots, and merging a follow-up.

`understand(text, today=None, city=None)` -> `Understanding` is pure (no index, no model): the
answering layer routes on `intent`, asks for missing slots, and keeps the `Understanding` in the
session so that `merge_followup(previous, new)` can read 那二级医院呢 / 如果花了8万呢 / 我是学生 /
那长春呢 against the turn before.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from bot.understanding.cities import cities_in, spell_cities
from bot.understanding.homophones import correct_homophones
from bot.understanding.intent import Intent, classify_intent
from bot.understanding.normalize import normalize, was_truncated
from bot.understanding.slots import Dates, Slots, extract_slots
from calculators.errors import InputError
from corpus.catalogue import CITIES

CitySource = Literal["argument", "text", "previous"]

# Slots that change together: a follow-up that gives one of them replaces the whole group
# (a new total drops the old 甲/乙类 split; a new hospital drops the old tier and grade).
SLOT_GROUPS: tuple[tuple[str, ...], ...] = (
    ("amount", "amounts", "amount_per", "amount_basis", "months", "class_a", "class_b", "class_c"),
    ("level", "grade", "tier", "facility"),
    ("person", "age"),
    ("benefit", "benefits"),
    ("household", "household_size"),
    ("out_of_area", "filing", "out_of_area_kind"),
)
# Intents whose slots a follow-up continues.
CONTINUABLE: tuple[Intent, ...] = ("calculation", "policy", "comparison")
CALCULABLE_BENEFITS = ("inpatient", "critical_illness", "outpatient", "two_diseases", "chronic_disease",
                       "assistance", "long_term_care", "maternity")


class Understanding(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str  # the message as received
    normalized: str
    truncated: bool = False
    today: dt.date
    city: str | None = None  # the city the answer is for
    city_source: CitySource | None = None
    cities: list[str] = Field(default_factory=list)  # covered cities the text names, in order
    intent: Intent
    reason: str
    slots: Slots = Field(default_factory=Slots)
    followup_of: str | None = None  # the previous message this one was merged into

    def to_dict(self) -> dict[str, Any]:
        data = self.model_dump(mode="json", exclude={"slots"})
        data["slots"] = self.slots.filled()
        return data


def understand(text: str, today: dt.date | None = None, city: str | None = None) -> Understanding:
    """Read one message. `city` (chosen by the resident in the page) wins over a city in the text.

    Raises `InputError` (field `city`) when `city` is not one of the five covered cities.
    """
    if city is not None and city not in CITIES:
        raise InputError("city", f"不支持的城市“{city}”", accepted=CITIES)
    today = today or dt.date.today()
    normalized = correct_homophones(spell_cities(normalize(text)))
    cities = cities_in(normalized)
    slots = extract_slots(normalized, today)
    result = classify_intent(normalized, slots, cities, city_given=city is not None)
    if city is not None:
        chosen, source = city, "argument"
    elif len(cities) == 1:
        chosen, source = cities[0], "text"
    else:
        chosen, source = None, None
    return Understanding(
        text=text, normalized=normalized, truncated=was_truncated(text), today=today, city=chosen,
        city_source=source, cities=cities, intent=result.intent, reason=result.reason, slots=slots,
    )


def merge_followup(previous: Understanding, new: Understanding) -> Understanding:
    """`new` read as a follow-up of `previous`: the previous intent and slots, changed where `new` speaks.

    - 那二级医院呢: the hospital (level, tier, grade, facility) is replaced;
    - 如果花了8万呢: the amount is replaced (and an old 甲/乙类 split dropped); a policy question
      about a benefit that can be computed becomes a calculation once it has an amount;
    - 我是学生: the person is filled or replaced;
    - 那长春呢: the city switches.
    When `previous` was not a question (greeting, out of scope), `new` is returned unchanged.
    """
    if previous.intent not in CONTINUABLE:
        return new
    slots = _merge_slots(previous.slots, new.slots)
    intent: Intent = previous.intent
    if new.intent in CONTINUABLE and new.intent != "policy":
        intent = new.intent
    if intent == "policy" and slots.amount is not None and slots.benefit in CALCULABLE_BENEFITS:
        intent = "calculation"
    if new.city_source == "argument" or new.cities:
        city, source, cities = new.city, new.city_source, new.cities
    else:
        city, source, cities = previous.city, ("previous" if previous.city else None), previous.cities
    if intent == "comparison" and len(new.cities) == 1:
        intent = "calculation" if slots.amount is not None else "policy"
    return Understanding(
        text=new.text, normalized=new.normalized, truncated=new.truncated, today=new.today, city=city,
        city_source=source, cities=cities, intent=intent, reason=f"追问，沿用上一轮：{previous.reason}",
        slots=slots, followup_of=previous.normalized,
    )


def _merge_slots(old: Slots, new: Slots) -> Slots:
    merged = old.model_copy(deep=True)
    grouped = {name for group in SLOT_GROUPS for name in group}
    for group in SLOT_GROUPS:
        if any(_said(getattr(new, name)) for name in group):
            for name in group:
                setattr(merged, name, getattr(new, name))
    for name in Slots.model_fields:
        if name in grouped or name == "dates":
            continue
        value = getattr(new, name)
        if _said(value):
            setattr(merged, name, value)
    merged.dates = _merge_dates(old.dates, new.dates)
    return merged


def _merge_dates(old: Dates, new: Dates) -> Dates:
    merged = old.model_copy(deep=True)
    for name in Dates.model_fields:
        value = getattr(new, name)
        if _said(value):
            setattr(merged, name, value)
    return merged


def _said(value: object) -> bool:
    return value is not None and value != []
