"""What a question asks, and how much of it a piece of document text covers.

A question is read into its content terms (jieba with the policy lexicon; part-of-speech tags keep
nouns, verbs and names and drop question words, particles and pronouns; city and district names
and a few words every passage shares are dropped too), each weighted by its rarity in the corpus
(inverse document frequency over the chunks), the years it names, the figures it names and whether
it asks for a figure (多少, 几, 比例, 标准, 什么时候 …).

Coverage is the weighted share of those terms that a text mentions: by canonical token (so 起付线
matches 起付标准) or by plain substring (so a term jieba cuts differently still matches).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

import jieba.posseg

from bot.cities import PLACES
from bot.numbers import Quantity, extract_numbers, same_value
from ingest.lexicon import get_tokenizer, load_synonym_groups, load_user_dict, normalize_for_tokens, tokenize

# Part-of-speech tags (jieba/ICTCLAS) of the words that carry a question's content.
CONTENT_TAGS = ("n", "v", "a", "j", "l", "i", "eng", "s", "t", "f", "b", "z")
CONTENT_TAG_EXCLUDED = ("vshi", "vyou")  # 是, 有
# Words that carry no content of their own in a question about the documents.
STOP_TERMS = frozenset(
    """
    请问 咨询 来电人 坐席 问 问下 问一下 想 想问 提前 知道 了解 告诉 说 说的 是 有 没有 能 能不能 可以 可不可以
    会 会不会 要 需要 需不需要 还要 还 算 按 指 就 都 也 吗 呢 吧 啊 呀 么 嘛 的 了 着 过 得 地 这边 那边 这里
    那里 这种 那种 情况 一般 大概 到底 具体 现在 目前 以前 之前 时候 怎么办 办法 东西 事 一下 一些 里 上 下 中
    我 我们 我家 你 你们 他 她 他们 人家 自己 家里 医保 医疗保险 保险 政策 规定 城乡居民医保 待遇 参保人 参保人员
    打 搜 弄 办 去 来 做 用 让 给 拿 看 找 一共 总共 哪几个 几个 多长时间 多长 是不是 有没有 不能 还有 能报 了能
    本来 没 没弄 行 呢 分别 以及 或者 还是 什么样 哪些 怎样 如何 为什么 时 后 内 到
    """.split()
)
FIGURE_CUES = (
    "多少", "几", "比例", "标准", "什么时候", "何时", "哪天", "哪一天", "多长", "多久", "限额", "封顶", "起付",
    "额度", "上限", "最高", "最多", "百分", "金额", "费用是", "期限", "有效期", "哪一年", "哪年", "多大",
)
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_PLACE_NAMES = frozenset(p for places in PLACES.values() for p in places) | frozenset(
    {"江苏", "江苏省", "吉林", "吉林省", "山西", "山西省", "湖北", "湖北省", "本市", "市区", "市"}
)
SINGLE_CHAR_FACTOR = 0.5  # a one-character word says less than a term
# A word found in no chunk is mostly a colloquial one (媳妇, 交钱, 来不及); it weighs like a common term.
UNKNOWN_TERM_WEIGHT = 1.0


@dataclass(frozen=True)
class Term:
    """A content word of a question: its surface form, canonical form, weight and tag."""

    surface: str
    canonical: str
    weight: float
    tag: str
    in_corpus: bool

    @property
    def is_place(self) -> bool:
        return self.tag == "ns"


@dataclass(frozen=True)
class QuestionProfile:
    """What a question asks, read once."""

    question: str
    terms: tuple[Term, ...]
    years: tuple[str, ...]
    figures: tuple[Quantity, ...]
    asks_figure: bool

    @property
    def total_weight(self) -> float:
        return sum(t.weight for t in self.terms)


@dataclass
class Coverage:
    """Which terms of a question a text mentions."""

    matched: set[str] = field(default_factory=set)  # canonical forms
    weight: float = 0.0
    share: float = 0.0

    def missing(self, profile: QuestionProfile) -> list[Term]:
        return [t for t in profile.terms if t.canonical not in self.matched]


# ---------------------------------------------------------------------------------------------
# corpus statistics


@dataclass(frozen=True)
class CorpusStats:
    n_chunks: int
    document_frequency: Counter
    city_text: dict[str, str]  # city -> all its chunk text, normalised, for presence checks

    def idf(self, canonical: str) -> float:
        df = self.document_frequency.get(canonical, 0)
        if df == 0:
            return UNKNOWN_TERM_WEIGHT
        return math.log((self.n_chunks + 1) / (df + 0.5))


@lru_cache(maxsize=1)
def corpus_stats() -> CorpusStats:
    """Document frequencies of canonical tokens over the corpus's chunks (computed once)."""
    from ingest.chunking import chunk_corpus

    chunks = chunk_corpus()
    df: Counter = Counter()
    per_city: dict[str, list[str]] = {}
    for chunk in chunks:
        text = f"{chunk.title}\n{chunk.clean_text}"
        df.update(set(tokenize(text, for_search=True)) | set(tokenize(text)))
        per_city.setdefault(chunk.city, []).append(normalize_for_tokens(text))
    return CorpusStats(len(chunks), df, {city: "\n".join(parts) for city, parts in per_city.items()})


@lru_cache(maxsize=1)
def _pos_tokenizer() -> jieba.posseg.POSTokenizer:
    return jieba.posseg.POSTokenizer(get_tokenizer())


@lru_cache(maxsize=1)
def _synonym_variants() -> dict[str, tuple[str, ...]]:
    """canonical -> every surface form of its group (canonical first)."""
    return {group[0]: group for group in load_synonym_groups()}


@lru_cache(maxsize=1)
def _lexicon_terms() -> frozenset[str]:
    words = {word for word, _, _ in load_user_dict()}
    words.update(term for group in load_synonym_groups() for term in group)
    return frozenset(words)


def is_policy_term(term: Term) -> bool:
    """Whether the lexicon lists the term (or a synonym of it) as a policy term."""
    lexicon = _lexicon_terms()
    return term.surface in lexicon or term.canonical in lexicon


# ---------------------------------------------------------------------------------------------
# reading a question


def _canonical(word: str) -> str:
    tokens = tokenize(word)
    return tokens[0] if len(tokens) == 1 else normalize_for_tokens(word)


def _is_content(word: str, tag: str) -> bool:
    if tag in CONTENT_TAG_EXCLUDED or not tag.startswith(CONTENT_TAGS):
        return tag == "ns"
    return True


@lru_cache(maxsize=512)
def profile_question(question: str) -> QuestionProfile:
    """The content terms, years and figures of a question and whether it asks for a figure."""
    stats = corpus_stats()
    text = normalize_for_tokens(question)
    figures = tuple(q for q in extract_numbers(text) if q.unit != "plain" or q.value >= 10)
    terms: dict[str, Term] = {}
    for pair in _pos_tokenizer().cut(text):
        word, tag = pair.word.strip(), pair.flag
        if not word or word in STOP_TERMS or word in _PLACE_NAMES or re.search(r"\d", word):
            continue
        if not _is_content(word, tag):
            continue
        canonical = _canonical(word)
        if canonical in STOP_TERMS or canonical in terms:
            continue
        weight = stats.idf(canonical)
        if len(word) == 1:
            weight *= SINGLE_CHAR_FACTOR
        in_corpus = stats.document_frequency.get(canonical, 0) > 0 or any(
            word in city_text for city_text in stats.city_text.values()
        )
        terms[canonical] = Term(word, canonical, weight, tag, in_corpus)
    asks_figure = any(cue in text for cue in FIGURE_CUES)
    return QuestionProfile(question, tuple(terms.values()), tuple(_YEAR.findall(text)), figures, asks_figure)


# ---------------------------------------------------------------------------------------------
# matching text


@lru_cache(maxsize=4096)
def text_tokens(text: str) -> frozenset[str]:
    """Canonical tokens of a text, whole words and the shorter words inside them."""
    return frozenset(tokenize(text, for_search=True)) | frozenset(tokenize(text))


def mentions(term: Term, text: str, tokens: frozenset[str] | None = None) -> bool:
    """Whether `text` mentions the term: as a canonical token, as a substring, or by a synonym."""
    tokens = text_tokens(text) if tokens is None else tokens
    if term.canonical in tokens:
        return True
    normalized = normalize_for_tokens(text)
    if term.surface in normalized or term.canonical in normalized:
        return True
    return any(variant in normalized for variant in _synonym_variants().get(term.canonical, ()))


def coverage(profile: QuestionProfile, text: str) -> Coverage:
    tokens = text_tokens(text)
    result = Coverage()
    for term in profile.terms:
        if mentions(term, text, tokens):
            result.matched.add(term.canonical)
            result.weight += term.weight
    total = profile.total_weight
    result.share = result.weight / total if total else 1.0
    return result


def figures_in(text: str) -> list[Quantity]:
    return extract_numbers(normalize_for_tokens(text))


def mentions_figure(figure: Quantity, text: str) -> bool:
    """Whether `text` states the same value as a figure of the question (6万 = 60000元)."""
    return any(same_value(figure, found) for found in figures_in(text))


def in_city_documents(term: Term, city: str) -> bool:
    """Whether any document of `city` mentions the term at all."""
    city_text = corpus_stats().city_text.get(city, "")
    if term.surface in city_text or term.canonical in city_text:
        return True
    return any(variant in city_text for variant in _synonym_variants().get(term.canonical, ()))
