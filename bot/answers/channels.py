"""A question asking for a channel answered from the channels the documents name (`corpus/contacts.yaml`).

"随州医保咨询电话多少", "长春 榆树 医保电话", "淮安举报骗保打什么电话" ask for the channel itself
(`bot.understanding.channel_ask`); the answer lists the city's channels of the kind asked, each cited
by the passage holding its quote, ordered so that the one the resident needs comes first:

- the district's own line when a district or county is named (other districts' lines are left out);
- a line kept for one matter (随县's 外伤住院报备 line, 长春's 登记征缴处) when the question names that
  matter, and only then;
- a city line whose label names the matter asked (随州: a 参保/缴费 question gets 参保政策咨询 first,
  a 报销/待遇 one 待遇政策咨询 first; both are given);
- then the other city lines, then the districts' lines.

Reporting lines (and the reporting reward) are given to a question about reporting fraud and only to
it. A kind of channel the documents do not name for the city (连云港's phone line) is declined, listing
the channels they do name; so is a city whose documents name none, or no reporting channel when one
is asked (then the refusal names the city's consultation channel).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.answers.calc_render import citations_for
from bot.answers.contacts import Contact, load_contacts
from bot.answers.model import Citation
from bot.understanding.channel_ask import ChannelAsk, matters_in
from bot.understanding.cities import PLACES

CONSULTATION_KINDS = ("phone", "wechat", "website")
KIND_NAMES = {"phone": "咨询电话", "wechat": "微信公众号", "website": "网站"}
_AREA_SUFFIXES = "市县区"


@dataclass
class ChannelAnswer:
    text: str
    citations: list[Citation] = field(default_factory=list)
    declined: bool = False  # the documents name no channel of the kind asked for the city (`citations`: those they do)


def channel_answer(city: str, ask: ChannelAsk, text: str) -> ChannelAnswer:
    """The city's channels asked for by `ask` (read from `text`, the question)."""
    entries = load_contacts().get(city, ())
    if ask.report:
        return _reporting(city, entries)
    return _consultation(city, entries, ask, text)


def _reporting(city: str, entries: tuple[Contact, ...]) -> ChannelAnswer:
    lines = [c for c in entries if c.kind == "report"]
    if not lines:
        return ChannelAnswer(f"抱歉，{city}的政策文件没有给出医保基金的举报渠道。", declined=True)
    lines += [c for c in entries if c.kind == "reward"]
    return _listed(f"{city}的政策文件给出的医保基金举报渠道：", lines)


def _consultation(city: str, entries: tuple[Contact, ...], ask: ChannelAsk, text: str) -> ChannelAnswer:
    matters = set(ask.matters)
    offered = [c for c in entries if c.kind in CONSULTATION_KINDS and (c.matter is None or c.matter in matters)]
    if not offered:
        return ChannelAnswer(f"抱歉，{city}的政策文件没有给出医保咨询电话或其他咨询渠道。", declined=True)
    wanted = [c for c in offered if not ask.kinds or c.kind in ask.kinds]
    if not wanted:  # the kind asked is not named: declined, with the channels that are
        missing = "或".join(KIND_NAMES[k] for k in ask.kinds)
        title = f"抱歉，{city}的政策文件没有给出医保{missing}。文件给出的咨询渠道是："
        answer = _listed(title, _ordered(offered, city, matters, text))
        answer.declined = True
        return answer
    kinds = list(dict.fromkeys(c.kind for c in wanted))
    named = "电话" if any(c.matter for c in wanted) and kinds == ["phone"] else "、".join(KIND_NAMES[k] for k in kinds)
    return _listed(f"{city}的政策文件给出的{named}：", _ordered(wanted, city, matters, text))


def _ordered(lines: list[Contact], city: str, matters: set[str], text: str) -> list[Contact]:
    """The lines in the order the resident needs them (see the module docstring)."""
    place = _district_named(city, text)

    def rank(c: Contact) -> int:
        if c.area is not None and place is not None and _is_area(c.area, place):
            return 0
        if c.matter is not None:
            return 1
        if c.area is not None:
            return 4
        return 2 if matters & set(matters_in(c.label)) else 3

    kept = [c for c in lines if c.matter is not None or c.area is None or place is None or _is_area(c.area, place)]
    return sorted(kept, key=rank)


def _district_named(city: str, text: str) -> str | None:
    """The district or county of `city` the question names (榆树, 公主岭市), or None."""
    places = [p for p in PLACES.get(city, ()) if p != city]
    return next((p for p in sorted(places, key=len, reverse=True) if p in text), None)


def _is_area(area: str, place: str) -> bool:
    """Whether a line's area (榆树市) is the place named (榆树)."""
    return area == place or area.rstrip(_AREA_SUFFIXES) == place.rstrip(_AREA_SUFFIXES)


def _listed(title: str, lines: list[Contact]) -> ChannelAnswer:
    steps = [{"citation": {"doc_id": c.doc_id, "quote": c.quote}} for c in lines]
    citations, numbers = citations_for({"steps": steps})
    rows = [title]
    for c in lines:
        mark = f"[{numbers[(c.doc_id, c.quote)]}]"
        value = re.sub(r"\s+", "", c.value)
        if c.value in c.label:
            rows.append(f"- {c.label}{mark}")
        elif c.kind == "reward":
            rows.append(f"- {c.label}{value}{mark}")
        else:
            rows.append(f"- {c.label}：{value}{mark}")
    return ChannelAnswer("\n".join(rows), citations)
