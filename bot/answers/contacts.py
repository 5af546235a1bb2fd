"""The channels the documents name per city (`corpus/contacts.yaml`), and the sentence a refusal ends
with so that the resident knows where to ask next (its phone lines and 微信公众号; a question asking
for a channel is answered from the same data by `bot.answers.channels`)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from bot.understanding.channel_ask import matter_names
from corpus import CORPUS_DIR
from corpus.catalogue import CITIES

CONTACTS_PATH = CORPUS_DIR / "contacts.yaml"
ContactKind = Literal["phone", "wechat", "website", "report", "reward"]
REFUSAL_KINDS = ("phone", "wechat")  # what a refusal names: a line to call or an account to follow


class ContactsError(ValueError):
    """contacts.yaml cannot be read as documented."""


class Contact(BaseModel):
    """One channel (a phone line, a 微信公众号, a website, a reporting line) or the reporting reward,
    with the document text that names it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: ContactKind
    label: str  # what the resident reads, e.g. 随州市医保待遇政策咨询电话
    value: str  # the number or account name
    doc_id: str
    quote: str  # exact text of the document holding `value`
    area: str | None = None  # a district or county the line is for; None for the whole city
    matter: str | None = None  # the one matter the line is for (a matter_… class of channels.txt), or None

    def phrase(self) -> str:
        """'拨打…电话0722-3560608' or '关注…微信公众号'."""
        if self.kind == "wechat":
            return f"关注{self.label}"
        return f"拨打{self.label}{self.value}"


@lru_cache(maxsize=1)
def load_contacts(path: Path = CONTACTS_PATH) -> dict[str, tuple[Contact, ...]]:
    """City -> its channels, in file order."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    result: dict[str, tuple[Contact, ...]] = {}
    for city, entries in (raw.get("contacts") or {}).items():
        if city not in CITIES:
            raise ContactsError(f"{path}: city {city!r} is not one of {', '.join(CITIES)}")
        try:
            result[city] = tuple(Contact(**entry) for entry in entries)
        except (TypeError, ValidationError) as exc:
            raise ContactsError(f"{path}: an entry of {city} is invalid: {exc}") from exc
        unknown = [c.matter for c in result[city] if c.matter is not None and c.matter not in matter_names()]
        if unknown:
            raise ContactsError(f"{path}: {city}: unknown matter {unknown[0]!r}; expected one of {matter_names()}")
    return result


def contacts_for(city: str | None) -> tuple[Contact, ...]:
    """The city's phone lines and 微信公众号 for consultation (reporting lines and lines kept for one
    matter left out); none for an unknown city."""
    if city is None:
        return ()
    return tuple(c for c in load_contacts().get(city, ()) if c.kind in REFUSAL_KINDS and c.matter is None)


def contact_line(city: str | None, area: str | None = None) -> str | None:
    """A Chinese sentence naming where to ask further, or None when the documents name nowhere.

    The city-wide channels are given; with `area`, that district's own line comes first.
    """
    channels = [c for c in contacts_for(city) if c.area is None]
    if area:
        channels = [c for c in contacts_for(city) if c.area == area] + channels
    if not channels:
        return None
    return "如需进一步咨询，可" + "，或".join(c.phrase() for c in channels) + "。"
