"""Whether a question asks for a channel itself: which number to call, which 微信公众号 to follow, where
to report fraud ("随州医保咨询电话多少", "淮安医保 打哪个电话问", "有没有公众号", "连云港 医保 电话").

`channel_ask(text)` reads what is asked from the word classes of `corpus/lexicon/channels.txt`: the kinds
of channel named (phone, wechat, website; none named: any), whether the question is about reporting
fraud (then reporting channels are wanted, and only then), and the matters it names (参保 or 报销 …),
against which a channel's label is matched. A channel's name counts as asked for when

- a word asking its value follows it, after link words (电话是多少, 公众号叫什么, 热线号码是多少);
- a word asking which one, or whether there is one, comes before it, after modifiers (打哪个电话,
  有没有官方的公众号, 啥电话);
- it ends a string of keywords that asks nothing else (连云港 医保 电话, 长春医保热线; not 我打了热线);
- or the question asks where or whom to ask (去哪咨询, 怎么联系).

A channel named as the means of something else (能用电话缴费吗, 用哪个公众号交费) is not asked for.
`channel_parts(text)` splits a message that asks for a channel and, in another clause, something else
("住院起付线多少，举报电话是多少") into its questions, so that each is answered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from bot.understanding.parts import Part, is_question
from corpus import LEXICON_DIR
from corpus.word_classes import alternation, load_word_classes

CHANNELS_PATH = LEXICON_DIR / "channels.txt"
KINDS = ("phone", "wechat", "website")
MATTER_PREFIX = "matter_"
_CLAUSE_END = "，,；;。？?！!\n"
_END_PARTICLES = "吗呢么嘛呀啊吧的了 "
_COMMA_CLAUSE = re.compile(rf"[^{_CLAUSE_END}]+[{_CLAUSE_END}]*")


@dataclass(frozen=True)
class ChannelAsk:
    kinds: tuple[str, ...]  # the kinds of channel named (phone, wechat, website); () for any kind
    report: bool  # about reporting fraud: reporting channels wanted
    matters: tuple[str, ...]  # the matters named (enrolment, benefit, injury …), in the vocabulary's order


@lru_cache(maxsize=1)
def _words() -> dict[str, tuple[str, ...]]:
    return load_word_classes(CHANNELS_PATH)


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """The channel's name asked for by what follows it, by what comes before it, and as the last keyword."""
    w = _words()
    noun = alternation([*w["phone"], *w["wechat"], *w["website"], *w["any_channel"]])
    not_used = rf"(?!{alternation(w['use'])})"  # 电话缴费: the channel is the means, not the thing asked
    value_after = re.compile(rf"{noun}{not_used}(?:{alternation(w['link'])})?{alternation(w['ask_value'])}")
    which_before = re.compile(rf"{alternation(w['which'])}(?:{alternation(w['modifier'])}){{0,3}}{noun}{not_used}")
    last_keyword = re.compile(rf"{noun}[{re.escape(_END_PARTICLES)}]*$")
    return value_after, which_before, last_keyword


def _squeezed(text: str) -> str:
    """The text without spaces: a keyword string (电话 多少) reads as one phrase."""
    return re.sub(r"\s+", "", text)


def _is_keywords(clause: str) -> bool:
    """A clause of keywords: no question word or mark of its own, and no account of something done
    (我打了热线)."""
    return not is_question(clause) and not any(marker in clause for marker in _words()["statement_marker"])


def asks_for_channel(text: str) -> bool:
    """Whether any clause of `text` asks for a channel (see the module docstring)."""
    value_after, which_before, last_keyword = _patterns()
    ask_where = _words()["ask_where"]
    for clause in _clauses(text):
        squeezed = _squeezed(clause).rstrip(_CLAUSE_END)
        if value_after.search(squeezed) or which_before.search(squeezed):
            return True
        if any(word in squeezed for word in ask_where):
            return True
        if last_keyword.search(squeezed) and _is_keywords(squeezed):
            return True
    return False


def matter_names() -> tuple[str, ...]:
    """Every matter a channel's label or a question may name (the matter_… classes, without the prefix)."""
    return tuple(name[len(MATTER_PREFIX):] for name in _words() if name.startswith(MATTER_PREFIX))


def matters_in(text: str) -> tuple[str, ...]:
    """The matters `text` names (enrolment, benefit, injury …): a channel's label or a question. Words
    naming a person by enrolment (参保人) name none."""
    w = _words()
    for word in w["person_noun"]:
        text = text.replace(word, "")
    return tuple(name[len(MATTER_PREFIX):] for name, words in w.items()
                 if name.startswith(MATTER_PREFIX) and any(word in text for word in words))


def channel_ask(text: str) -> ChannelAsk | None:
    """What channel the question asks for, or None when it asks for none."""
    if not asks_for_channel(text):
        return None
    w = _words()
    squeezed = _squeezed(text)
    kinds = tuple(kind for kind in KINDS if any(word in squeezed for word in w[kind]))
    report = any(word in squeezed for word in w["report"])
    return ChannelAsk(kinds, report, matters_in(squeezed))


def names_reward(text: str) -> bool:
    """Whether the text asks about the reporting reward (最高奖多少)."""
    return any(word in text for word in _words()["reward"])


def _clauses(text: str) -> list[str]:
    return [m.group(0).strip() for m in _COMMA_CLAUSE.finditer(text) if m.group(0).strip(_CLAUSE_END + " ")]


def channel_parts(text: str) -> list[Part]:
    """The questions of a message that asks for a channel in one clause and something else in another
    (住院起付线多少，举报电话是多少), in order, each with the statements before it; [] when it asks for
    no channel, or nothing besides. A clause about the reporting reward joins the channel's question
    (its answer gives the reward with the reporting channels)."""
    parts: list[Part] = []
    statements: list[str] = []
    channel_at: int | None = None
    for clause in _clauses(text):
        body = clause.rstrip(_CLAUSE_END + " ").strip()
        if asks_for_channel(body) or (channel_at is not None and names_reward(body)):
            if channel_at is None:
                channel_at = len(parts)
                parts.append(Part(body, _context(statements)))
            else:  # one channel question: its clauses are answered together
                joined = parts[channel_at]
                parts[channel_at] = Part(f"{joined.text}，{body}", joined.context)
        elif is_question(clause):
            parts.append(Part(body, _context(statements)))
        else:
            statements.append(body)
    if channel_at is None or len(parts) < 2:
        return []
    return parts


def _context(statements: list[str]) -> str:
    return "，".join(statements) + ("，" if statements else "")
