"""What a question asks, and how much of it a piece of document text covers.

A question is read into its content terms (jieba with the policy lexicon; part-of-speech tags keep
nouns, verbs and names and drop question words, particles and pronouns; city and district names
and a few words every passage shares are dropped too), each weighted by its rarity in the corpus
(inverse document frequency over the chunks), the years it names, the figures it names and whether
it asks for a figure (多少, 几, 比例, 标准, 什么时候 …).

`mentions` tells whether a text mentions a term: by canonical token (so 起付线
matches 起付标准), by plain substring (so a term jieba cuts differently still matches) or by the
document words the lexicon gives for an everyday word (生孩子 -> 分娩, 生育).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import jieba.posseg

from bot.answers.scheme_history import HistoryAsk, former_scheme_names, history_ask, history_words
from bot.understanding.numbers import Quantity, extract_dates, extract_numbers, same_value
from corpus import LEXICON_DIR
from corpus.catalogue import CITIES
from corpus.word_classes import alternation, load_word_classes
from ingest.lexicon import (
    canonical_term,
    everyday_targets,
    get_tokenizer,
    load_synonym_groups,
    normalize_for_tokens,
    plain_words,
    policy_terms,
    tokenize,
)

# Part-of-speech tags (jieba/ICTCLAS) of the words that carry a question's content.
CONTENT_TAGS = ("n", "v", "a", "j", "l", "i", "eng", "s", "t", "f", "b", "z")
CONTENT_TAG_EXCLUDED = ("vshi", "vyou")  # 是, 有
QUESTION_TERMS_PATH = LEXICON_DIR / "question_terms.txt"
_W = load_word_classes(QUESTION_TERMS_PATH)
# Words that carry no content of their own in a question about the documents (the stop_* classes).
STOP_TERMS = frozenset(word for name, words in _W.items() if name.startswith("stop_") for word in words)
FIGURE_CUES = _W["figure_cue"]
# What kind of figure a question asks for, by its wording; none found means any kind.
FIGURE_KINDS = ("percent", "money", "duration", "count", "date", "phone", "place")
FIGURE_KIND_CUES: tuple[tuple[str, tuple[str, ...]], ...] = tuple((kind, _W[f"kind_{kind}"]) for kind in FIGURE_KINDS)
# Wording that asks for a rate and nothing else, whatever other cues the question holds.
PERCENT_ASKED = _W["percent_only"]
FIGURE_KIND_UNITS: dict[str, frozenset[str]] = {
    "percent": frozenset({"percent"}),
    "money": frozenset({"money"}),
    "duration": frozenset({"hour", "day", "week", "month"}),  # years read too often as dates (60年代)
    "count": frozenset({"count"}),
    "date": frozenset({"date"}),
}
# What a sentence answering "where" names (an office, a service point, a channel): the "place" kind,
# read only for a question that asks where (states_place), since such words are no figure otherwise.
_PLACE_NOUN = re.compile(alternation(_W["place_noun"]))
# Figures extract_numbers does not read as such: counts in Chinese numerals (三类, 二类 …), phone
# numbers, and an amount named rather than stated (只需缴纳起付标准费用: what is paid is the deductible).
_CLASSIFIERS = alternation(_W["count_classifier"])
_CHINESE_COUNT = re.compile(rf"(?<![第\d])[一二三四五六七八九十两]{{1,3}}{_CLASSIFIERS}")
_POINTS = re.compile(r"[\d一二三四五六七八九十两]+\s*个?百分点")
_PHONE = re.compile(r"(?<![\d.])(?:\d{3,4}-)?\d{7,8}(?![\d.%万元])")
_NAMED_AMOUNT = re.compile(rf"{alternation(_W['pay_verb'])}[^，。；]{{0,12}}{alternation(_W['named_amount'])}")
# A figure stated as nothing ("不设起付线", "不需要另行缴费"), by the aspect it is about: zero_figures.txt.
ZERO_ASPECTS = ("deductible", "cap", "waiting", "contribution")
_ZERO_WORDS = load_word_classes(LEXICON_DIR / "zero_figures.txt", ("none", *ZERO_ASPECTS))
_ZERO_FIGURES = {
    aspect: re.compile(f"(?:{'|'.join(_ZERO_WORDS['none'])}).{{0,2}}?(?:{'|'.join(_ZERO_WORDS[aspect])})")
    for aspect in ZERO_ASPECTS
}
# a measure of time after 个 (几个月, 多少个工作日) asks for a duration, not a count
_HOW_MUCH = alternation(_W["how_much"])
_TIME_AFTER_GE_UNITS = "|".join(re.escape(unit) for unit in _W["time_measure"])
_TIME_AFTER_GE = re.compile(f"{_HOW_MUCH}个(?={_TIME_AFTER_GE_UNITS})")
_COUNT_ASKED = re.compile(f"{_HOW_MUCH}({'|'.join(re.escape(c) for c in _W['count_classifier'])}|个(?!{_TIME_AFTER_GE_UNITS}))")
_QUANTITY_ASKED = re.compile(f"(?!{alternation(_W['not_how_much'])}){_HOW_MUCH}")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
# The cities themselves and their provinces say which documents, not what is asked; district and
# county names stay (南关区医院 is a hospital the 长春 handbook names).
# A framing of the question (请问, 来电咨询, 坐席代问, corpus/lexicon/framing.txt) is left out before reading.
_FRAMING = re.compile(alternation(load_word_classes(LEXICON_DIR / "framing.txt", ("framing",))["framing"]))
_PLACE_NAMES = frozenset(CITIES) | frozenset(f"{city}市" for city in CITIES) | frozenset(_W["document_places"])
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
    variants: tuple[str, ...] = ()  # further surface forms that mention it (a former scheme's other names)

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
    asks_figure: bool  # 多少, 几, 比例, 标准, 什么时候 …: the answer is likely a figure
    needs_figure: bool  # 多少 or 几: an answer without a figure does not answer
    figure_kinds: frozenset[str] = frozenset()  # kinds of figure asked for (FIGURE_KIND_CUES); empty: any
    classifiers: frozenset[str] = frozenset()  # what a count asked for counts in (多少种 -> 种)

    @property
    def total_weight(self) -> float:
        return sum(t.weight for t in self.terms)


# ---------------------------------------------------------------------------------------------
# corpus statistics


@dataclass(frozen=True)
class CorpusStats:
    n_chunks: int
    document_frequency: Counter
    city_text: dict[str, str]  # city -> all its chunk text, normalised, for presence checks
    texts: tuple[str, ...] = ()  # every chunk's text, normalised

    def idf(self, canonical: str) -> float:
        df = self.document_frequency.get(canonical, 0)
        if df == 0:
            return UNKNOWN_TERM_WEIGHT
        return math.log((self.n_chunks + 1) / (df + 0.5))

    def idf_of_forms(self, forms: tuple[str, ...]) -> float:
        """The rarity of a thing said in any of `forms`, counted as text (not as tokens) in the chunks."""
        df = sum(any(form in text for form in forms) for text in self.texts)
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
    texts: list[str] = []
    for chunk in chunks:
        text = f"{chunk.title}\n{chunk.clean_text}"
        df.update(set(tokenize(text, for_search=True)) | set(tokenize(text)))
        texts.append(normalize_for_tokens(text))
        per_city.setdefault(chunk.city, []).append(texts[-1])
    city_text = {city: _spell_out_levels("\n".join(parts)) for city, parts in per_city.items()}
    return CorpusStats(len(chunks), df, city_text, tuple(texts))


@lru_cache(maxsize=1)
def _pos_tokenizer() -> jieba.posseg.POSTokenizer:
    return jieba.posseg.POSTokenizer(get_tokenizer())


@lru_cache(maxsize=1)
def _synonym_variants() -> dict[str, tuple[str, ...]]:
    """canonical -> every surface form of its group (canonical first)."""
    return {group[0]: group for group in load_synonym_groups()}


@lru_cache(maxsize=1024)
def _group_by_prefix(word: str) -> tuple[str, ...]:
    """The synonym group whose canonical term a word abbreviates (封顶 -> 封顶线 最高支付限额 …)."""
    if len(word) < 2:
        return ()
    groups = [g for g in load_synonym_groups() if g[0].startswith(word) and g[0] != word]
    return groups[0] if len(groups) == 1 else ()


def is_policy_term(term: Term) -> bool:
    """Whether the lexicon lists the term (or a synonym of it) as a policy term."""
    lexicon = policy_terms()
    return term.surface in lexicon or term.canonical in lexicon


# ---------------------------------------------------------------------------------------------
# reading a question


def _canonical(word: str) -> str:
    return canonical_term(word) or normalize_for_tokens(word)


def _is_content(word: str, tag: str) -> bool:
    if word in _W["level"]:
        return True  # a hospital level, which the tokenizer may read as a numeral (一级)
    if len(word) >= 2 and everyday_targets(word):
        return True  # the lexicon gives document words for it (最多 -> 最高, 封顶线): it carries content
    if tag in CONTENT_TAG_EXCLUDED or not tag.startswith(CONTENT_TAGS):
        return tag == "ns"
    return True


@lru_cache(maxsize=512)
def profile_question(question: str) -> QuestionProfile:
    """The content terms, years and figures of a question and whether it asks for a figure."""
    stats = corpus_stats()
    text = normalize_for_tokens(question)
    # "一年", "一个" say "per year", "a": only figures other than one are asked about
    figures = tuple(q for q in extract_numbers(text) if q.value != 1 and (q.unit != "plain" or q.value >= 10))
    terms: dict[str, Term] = {}
    for pair in _pos_tokenizer().cut(_FRAMING.sub(" ", text)):
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
    history = history_ask(text)
    if history is not None:
        terms = _history_terms(terms, history, stats)
    counted = _TIME_AFTER_GE.sub("", text)  # "多少个月" is not the count cue "多少个"
    kinds = frozenset(kind for kind, cues in FIGURE_KIND_CUES
                      if any(cue in (counted if kind == "count" else text) for cue in cues))
    if any(cue in text for cue in PERCENT_ASKED):
        kinds = frozenset({"percent"})  # 按缴费标准资助百分之多少: the 标准 is not what is asked
    asks_figure = bool(kinds) or any(cue in text for cue in FIGURE_CUES)
    needs_figure = bool(_QUANTITY_ASKED.search(text))
    classifiers = frozenset(_COUNT_ASKED.findall(text))
    return QuestionProfile(question, tuple(terms.values()), tuple(_YEAR.findall(text)), figures, asks_figure,
                           needs_figure, kinds, classifiers)


def _history_terms(terms: dict[str, Term], history: HistoryAsk, stats: CorpusStats) -> dict[str, Term]:
    """The terms of a question whether a former scheme still exists (还有新农合吗): the scheme under any
    of its names and its ending (废止, 整合) in place of the words that ask it (还有, 合并, 没了)."""
    asking = set(history_words()["still_before"]) | set(history_words()["ended_after"])
    kept = {k: t for k, t in terms.items() if t.surface not in asking and t.canonical not in asking}
    names, endings = former_scheme_names(), history_words()["ended_states"]
    # each keyed by a document form of it, never a token of its own (新农合's token is 城乡居民医保)
    for surface, canonical, forms, tag in ((history.scheme, names[0], names, "n"), (history.cue, endings[0], endings, "v")):
        in_corpus = any(form in text for text in stats.texts for form in forms)
        kept[canonical] = Term(surface, canonical, stats.idf_of_forms(forms), tag, in_corpus, forms)
    return kept


def states_count(text: str, classifiers: frozenset[str]) -> bool:
    """Whether a text states a count in one of the classifiers (18种, 三类 for 种 or 类), directly or
    with the general measure word 个 before a noun ending in it (10个病种, 两个类别 for 种 or 类); one of
    them (1个病种, 一个病种: what a limit is per) and an ordinal (第二个病种) are no count."""
    if not classifiers:
        return True
    pattern = "|".join(re.escape(c) for c in sorted(classifiers))
    normalized = normalize_for_tokens(text)
    if re.search(rf"(?:\d+|[一二三四五六七八九十两]{{1,3}})\s*(?:{pattern})", normalized):
        return True
    several = r"(?<![\d.第])(?:[2-9]|[1-9]\d+)|(?<![一二三四五六七八九十两第])(?:[二三四五六七八九十两][一二三四五六七八九十]{0,2})"
    return bool(re.search(rf"(?:{several})\s*个[\u4e00-\u9fff]{{0,2}}?(?:{pattern})", normalized))


@lru_cache(maxsize=16384)
def figure_kinds_in(text: str) -> frozenset[str]:
    """The kinds of figure a text states (percent, money, duration, count, date, phone); list
    numbers (1.、4.) and bare small numbers are not figures."""
    kinds = {kind for kind, units in FIGURE_KIND_UNITS.items()
             if any(q.unit in units for q in figures_in(text))}
    normalized = normalize_for_tokens(text)
    if extract_dates(normalized):
        kinds.add("date")
    if _CHINESE_COUNT.search(normalized):
        kinds.add("count")
    if _PHONE.search(normalized):
        kinds.add("phone")
    if _NAMED_AMOUNT.search(normalized):
        kinds.add("money")
    if _POINTS.search(normalized):
        kinds.add("percent")  # a rate raised or lowered by percentage points (降低20个百分点)
    return frozenset(kinds)


def states_place(text: str) -> bool:
    """Whether a text names a place, an office or a channel a resident goes to (社区, 服务大厅, 小程序)."""
    return _PLACE_NOUN.search(text) is not None


@lru_cache(maxsize=16384)
def zero_figures_in(text: str) -> frozenset[str]:
    """The aspects (deductible, cap, waiting, contribution) a text states as nothing (不设起付线)."""
    normalized = normalize_for_tokens(text)
    return frozenset(aspect for aspect, pattern in _ZERO_FIGURES.items() if pattern.search(normalized))


# ---------------------------------------------------------------------------------------------
# matching text


@lru_cache(maxsize=4096)
def text_tokens(text: str) -> frozenset[str]:
    """Canonical tokens of a text, whole words and the shorter words inside them."""
    return frozenset(tokenize(text, for_search=True)) | frozenset(tokenize(text))


# "一、二、三级医院" names each level's hospital: spelled out so that 一级医院 matches it.
_INSTITUTIONS = "|".join(re.escape(word) for word in _W["institution"])
_LEVEL_LIST = re.compile(rf"((?:[一二三]级?(?:及以下)?、)+[一二三])级({_INSTITUTIONS})")


# "一级（乡镇卫生院、社区卫生服务中心）医院" and "三级（省级）医院" name one level's hospital.
_LEVEL_WITH_NOTE = re.compile(rf"([一二三])级[（(][^）)]{{1,20}}[）)]({_INSTITUTIONS})")


def _spell_out_levels(text: str) -> str:
    def spelled(match: re.Match[str]) -> str:
        levels = re.findall(r"[一二三]", match.group(1))
        return match.group(0) + "（" + "、".join(f"{level}级{match.group(2)}" for level in levels) + "）"

    text = _LEVEL_LIST.sub(spelled, text)
    return _LEVEL_WITH_NOTE.sub(lambda m: f"{m.group(0)}（{m.group(1)}级{m.group(2)}）", text)


def _variants(term: Term) -> tuple[str, ...]:
    group = _synonym_variants().get(term.canonical) or _group_by_prefix(term.canonical)
    targets = everyday_targets(term.surface)
    target_groups = [v for t in targets for v in _synonym_variants().get(_canonical(t), ())]
    return (term.surface, term.canonical, *term.variants, *group, *targets, *target_groups)


def mentions(term: Term, text: str, tokens: frozenset[str] | None = None) -> bool:
    """Whether `text` mentions the term: as a canonical token, as a substring, by a synonym of the
    lexicon, by the document word for an everyday one, or, for a long lexicon term, by all its
    words."""
    tokens = text_tokens(text) if tokens is None else tokens
    if term.canonical in tokens:
        return True
    normalized = _spell_out_levels(normalize_for_tokens(text))
    if any(variant in normalized for variant in _variants(term)):
        return True
    # a long term said in its parts (门诊慢性病: "慢性病在门诊的用药")
    parts = plain_words(term.surface)
    return len(parts) >= 2 and all(part in normalized for part in parts)


@lru_cache(maxsize=16384)
def figures_in(text: str) -> tuple[Quantity, ...]:
    """The figures a text states; cached, since passages' units come back with every question."""
    return tuple(extract_numbers(normalize_for_tokens(text)))


def mentions_figure(figure: Quantity, text: str) -> bool:
    """Whether `text` states the same value as a figure of the question (6万 = 60000元)."""
    return any(same_value(figure, found) for found in figures_in(text))


def in_city_documents(term: Term, city: str) -> bool:
    """Whether any document of `city` mentions the term at all."""
    city_text = corpus_stats().city_text.get(city, "")
    return any(variant in city_text for variant in _variants(term))
