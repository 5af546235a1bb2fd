"""The questions of one message: residents often ask two or three things at once.

"淮安住院一年最多报多少？去市外住院起付线又是多少？" asks two figures; "孩子今年毕业了。医保还能用到什么
时候？要续交吗？" states something and then asks two things that lean on it. `question_parts(text)` splits
a message at its clause ends into the questions it asks, in order, each with the statements made
before it (`context`), so that an answer can be found for each; `topic_of` gives what a question is
about, against which a later elliptical one ("报几成？") is read; `elliptical_subject` and
`figures_asked` let one that names only a subject ("其他病种呢？") ask the figures of the one before, as
`parallel_subject` does for one that asks again of another subject ("低保户的又是多少？", "市里定的又有
几种？"); `contrasted_topic` drops from the topic what that subject replaces (职工医保 for 居民医保, 省里定
for 市里定).

A clause is a question when it ends in a question mark, holds a question word, ends with a question
particle, or asks by repeating a verb around 不 (能不能, 报不报). The words are a data file
(`corpus/lexicon/questions.txt`). A message of keywords ("淮安 住院 起付线 比例") is one question.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from corpus import LEXICON_DIR
from corpus.word_classes import load_word_classes

QUESTIONS_PATH = LEXICON_DIR / "questions.txt"
FIGURE_ASKS_PATH = LEXICON_DIR / "figure_asks.txt"  # the ways residents name the figure they ask for
_CLAUSE = re.compile(r"[^？?；;。！!\n]+[？?；;。！!\n]*")
_QUESTION_MARKS = "？?"
_A_NOT_A = re.compile(r"(.)[不没]\1")  # 能不能, 要不要, 报不报, 有没有
_SOFTENERS = "啊呀哈啦嘞哦呗的了 ，,、"  # trailing sounds after a question particle (能报不啊)
MIN_QUESTION_CHARS = 2  # 门诊呢 is a question; a lone 吗 is not


@dataclass(frozen=True)
class Part:
    """One question of a message, with the statements made before it."""

    text: str
    context: str = ""

    @property
    def read_with_context(self) -> str:
        """The question with the statements it leans on, as one text to look up."""
        return f"{self.context}{self.text}" if self.context else self.text


_CONTRASTS = ("contrast_scheme", "contrast_care", "contrast_place")


def _words() -> dict[str, tuple[str, ...]]:
    return load_word_classes(QUESTIONS_PATH, ("ask", "tail", "gone_tail", *_CONTRASTS))


def is_question(clause: str) -> bool:
    """Whether a clause asks something (see the module docstring)."""
    text = clause.strip()
    if not text:
        return False
    if text[-1] in _QUESTION_MARKS:
        return True
    words = _words()
    if any(word in text for word in words["ask"]) or _A_NOT_A.search(text):
        return True
    if any(text.rstrip("。；;！!，, ").endswith(word) for word in words["gone_tail"]):
        return False
    core = text.rstrip("。；;！!" + _SOFTENERS)
    return any(core.endswith(word) and len(core) > len(word) for word in words["tail"])


@lru_cache(maxsize=1)
def _asking_words() -> tuple[str, ...]:
    """Every word that asks: question words and particles, and the names of the figures asked for."""
    words = _words()
    classes = [words["ask"], words["tail"], *load_word_classes(FIGURE_ASKS_PATH).values()]
    return tuple(word for words in classes for word in words)


def topic_of(question: str) -> str:
    """What a question is about: its words before the first that asks (the figure named or a question
    word). Chinese puts the topic first ("长治低保户的大病保险 | 起付线多少"), so a later question that
    names no topic of its own ("报几成？") is about this one."""
    cut = min((i for i in (question.find(w) for w in _asking_words()) if i >= 0), default=len(question))
    return question[:cut].rstrip(" ，,、的是要能可以还有又")


# The figure classes of figure_asks.txt a question asks for (not how a benefit works or what a term means).
_FIGURE_CLASSES = ("deductible", "rate", "cap", "overview", "contribution", "waiting")
_ELLIPSIS_PARTICLE = "呢"
MAX_ELLIPTICAL_CHARS = 12  # "其他病种呢", "学生呢", "三级医院的呢": a noun phrase and 呢, nothing else


@lru_cache(maxsize=1)
def _figure_words() -> tuple[str, ...]:
    """The words of the figure classes, longest first."""
    classes = load_word_classes(FIGURE_ASKS_PATH)
    return tuple(sorted({w for c in _FIGURE_CLASSES for w in classes.get(c, ())}, key=len, reverse=True))


def figures_asked(question: str) -> str:
    """The words naming the figures a question asks for (起付线, 报几成), in their order, longest first
    where they overlap; "" when it names none."""
    words = _figure_words()
    found: list[tuple[int, str]] = []
    taken: set[int] = set()
    for word in words:
        start = question.find(word)
        while start >= 0:
            span = set(range(start, start + len(word)))
            if not span & taken:
                found.append((start, word))
                taken |= span
            start = question.find(word, start + 1)
    return "、".join(dict.fromkeys(word for _, word in sorted(found)))


def elliptical_subject(question: str) -> str | None:
    """The noun phrase of an elliptical question ("其他病种呢" → "其他病种"): a short clause ending in 呢
    that asks nothing of its own (no question word, no figure named); else None. Such a question asks
    what the one before asked, of this subject."""
    core = question.strip().rstrip("？? ，,")
    if not core.endswith(_ELLIPSIS_PARTICLE) or len(core) > MAX_ELLIPTICAL_CHARS:
        return None
    core = core[: -len(_ELLIPSIS_PARTICLE)].lstrip("那还又")
    if not core or any(word in core for word in _words()["ask"]) or figures_asked(core):
        return None
    return core


_AGAIN = "又"  # 市里定的又有几种, 低保户的又是多少: the question before asked again, of another subject
_AGAIN_LEADS = "那还"
_COPULAS = ("是", "有", "为", "该是", "能有")  # what may stand between 又 and its question word
MAX_BARE_ASK_TAIL = 2  # 又有几种: the measure word or particle after the question word


def _bare_ask(rest: str) -> bool:
    """Whether the words after 又 only ask (又是多少, 又有几种): a copula at most, a question word and a
    measure word or particle; 又交上了吗 asks something new."""
    rest = rest.strip().rstrip(_SOFTENERS + "？?")
    for copula in sorted(_COPULAS, key=len, reverse=True):
        if rest.startswith(copula):
            rest = rest[len(copula):]
            break
    return any(rest.startswith(word) and len(rest) <= len(word) + MAX_BARE_ASK_TAIL for word in _words()["ask"])


def parallel_subject(question: str) -> str | None:
    """The subject of a question asked again of another subject ("市里定的又有几种" → "市里定", "低保户
    的又是多少" → "低保户"): the short phrase before 又, naming no figure and no question word, with
    nothing after 又 but the asking (`_bare_ask`); else None. It asks what the question before asked,
    of this subject."""
    core = question.strip().rstrip("？? ，,")
    cut = core.find(_AGAIN)
    if cut <= 0 or not _bare_ask(core[cut + 1:]):
        return None
    subject = core[:cut].lstrip(_AGAIN_LEADS).rstrip("的 ，,")
    if not subject or len(subject) > MAX_ELLIPTICAL_CHARS:
        return None
    if any(word in subject for word in _words()["ask"]) or figures_asked(subject):
        return None
    return subject


MIN_SIBLING_CHARS = 3  # 省里定 / 市里定; shorter words differ in their first character by chance (学生 / 医生)


def _siblings(topic: str, subject: str) -> list[str]:
    """The words of the topic that the subject stands beside, as one of a kind: as long as it, and
    differing only in their first character (省里定 / 市里定, 县级医院 / 市级医院)."""
    n = len(subject)
    if n < MIN_SIBLING_CHARS:
        return []
    return [w for w in dict.fromkeys(topic[i:i + n] for i in range(len(topic) - n + 1))
            if w != subject and w[1:] == subject[1:]]


def contrasted_topic(topic: str, subject: str) -> str:
    """The topic of the question before, without the words the elliptical subject replaces: a subject
    naming one word of a contrast (居民医保) drops the topic's other words of it (职工医保); a subject
    standing beside a word of the topic as one of a kind (市里定 beside 省里定) drops that word."""
    for sibling in _siblings(topic, subject):
        topic = topic.replace(sibling, "")
    words = _words()
    for name in _CONTRASTS:
        said = [w for w in words[name] if w in subject]
        if not said:
            continue
        for word in words[name]:  # longest first: 城乡居民医保 goes whole, not as 居民 inside it
            if not any(word in s for s in said):
                topic = topic.replace(word, "")
    return topic.strip(" ，,、的")


def question_parts(text: str) -> list[Part]:
    """The questions `text` asks, in order; one part when it asks one thing (or none is marked)."""
    parts: list[Part] = []
    statements: list[str] = []
    for match in _CLAUSE.finditer(text):
        clause = match.group(0).strip()
        body = clause.rstrip("？?；;。！!\n ").strip(" ，,")
        if not body:
            continue
        if is_question(clause) and len(body) >= MIN_QUESTION_CHARS:
            parts.append(Part(body, "，".join(statements) + ("，" if statements else "")))
        else:
            statements.append(body)
    if len(parts) <= 1:
        return [Part(text.strip())]
    return parts
