"""The extractive answer composer: retrieved passages -> a cited Chinese answer, or a plain refusal.

`compose(question, passages, city)` builds the answer from the documents' own words:

- the units (sentences, table rows) of the passages are scored against the question's content terms
  (`bot.answers.evidence`): the words they share with it, weighted by rarity, what the passage's title or the
  unit's heading adds, the question's own figures (6万, 10万) found by value, and a bonus for a figure
  when the question asks 多少/几/比例/标准/什么时候;
- units are picked greedily, each for the terms it adds, so a question that asks two things gets a
  sentence for each; when the best passage is a Q&A pair whose question matches and whose official
  answer is short, that whole answer is given;
- every passage quoted is numbered in order of first use and its sentences end with [n];
- when two documents of one city give different figures for the same thing, the one published later
  is given and the earlier one is named as superseded.

It declines (`answered=False`, with a `reason`) when the documents do not cover what was asked:
another place, a year the documents do not speak of, a question most of whose content is absent
from the passages, or a 多少 question whose matching sentences hold no figure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.answers.contacts import contact_line
from bot.answers.evidence import (
    QuestionProfile,
    Term,
    figure_kinds_in,
    figures_in,
    in_city_documents,
    is_policy_term,
    mentions,
    mentions_figure,
    profile_question,
    states_count,
    states_place,
    text_tokens,
    zero_figures_in,
)
from bot.answers.facts import OWN_PAY, asked_aspects
from bot.answers.model import Citation
from bot.answers.places import is_destination
from bot.answers.quote_lookup import squeeze
from bot.answers.sentences import Unit, join_units, split_units, states_figures
from bot.answers.supersession import replacement
from bot.retrieval.passage import Passage
from bot.understanding.slots import BENEFIT_WORDS
from bot.retrieval.ranker import RankerError, load_ranker
from corpus import LEXICON_DIR
from corpus.catalogue import UnknownDocument, get_document
from corpus.word_classes import load_word_classes
from ingest.clean import clean_text

# The service answers for residents (城乡居民医保); the documents also give employee (职工医保)
# figures, which count only when the question asks about them.
EMPLOYEE_SCHEME = "职工"
RESIDENT_SCHEME = "居民"  # 城乡居民医保, 居民医保
TABLE_COLUMNS_PATH = LEXICON_DIR / "table_columns.txt"
MAX_PASSAGES = 6  # passages considered, best first
MAX_UNITS = 5  # sentences or rows in one answer
MAX_ANSWER_CHARS = 320  # stop adding units beyond this length
SHORT_QA_ANSWER_CHARS = 300  # a matched Q&A answer this short is given whole
QA_TITLE_MATCH = 0.6  # share of the question's weight a Q&A title must cover to count as matched
CONTEXT_FACTOR = 0.5  # a term found only in the title or heading counts half
FIGURE_BONUS = 2.0  # a unit stating a figure, for a question that asks for one
QUESTION_FIGURE_WEIGHT = 3.0  # a unit stating a figure the question names (6万 -> 60000元)
RANK_PENALTY = 0.15  # per rank of the passage: earlier passages win ties
SAME_DOCUMENT_BONUS = 0.5  # keep an answer within the documents already quoted
MIN_FIRST_GAIN = 1.0  # the best unit must score at least this much
MIN_GAIN = 1.5  # a further unit must add at least this much
MIN_COVERAGE = 0.45  # share of the question's weight the answer must cover
# The ranker's calibrated probability that its first passage is the right one (passages[0].confidence,
# calibrated on residents' wording). It decides a question whose words the documents never use (上班,
# 开门, 要钱), where word coverage has no evidence either way. The threshold is the one the ranker file
# carries: `yibao train-ranker` chooses it on the leave-one-set-out confidences of the resident sets
# (right first passages answered − wrong ones answered, cost 1; training.confidence_on_residents.threshold),
# so that a retrained ranker brings the threshold of its own calibration. RETRIEVAL_DOUBT is used only
# for a ranker file without one (the packaged file's choice when it was set: 0.40).
RETRIEVAL_DOUBT = 0.4


def retrieval_doubt() -> float:
    """The confidence below which the first passage is in doubt: the loaded ranker's, else RETRIEVAL_DOUBT."""
    try:
        ranker = load_ranker()
    except RankerError:
        return RETRIEVAL_DOUBT
    threshold = ranker.answer_threshold if ranker is not None else None
    return RETRIEVAL_DOUBT if threshold is None else threshold
_MARKS = re.compile(r"\[\d+\]")  # citation marks of a rendered answer
GAP_COVERAGE = 0.6  # a policy term absent from the city's documents declines when the answer covers less than this
SUPERSEDE_OVERLAP = 0.8  # share of a unit's question terms another must mention to say the same thing
SCHEME_MISMATCH_FACTOR = 0.3
PLACE = "place"  # the kind of "figure" a where-question asks for: an office, a service point, a channel
ZERO = "zero"  # the figure kind of a figure asked for and stated as nothing
TIE = 1e-9  # gains this close are equal  # a 职工医保 passage for a question that does not ask about 职工医保


@dataclass(frozen=True)
class Supersession:
    """An earlier document's figure that a later document of the same city replaced."""

    current: Passage
    earlier: Passage
    earlier_figures: tuple[str, ...]


@dataclass
class Composition:
    """An extractive answer: text with [n] marks, the passages cited, confidence and the decision."""

    text: str
    used: list[Passage] = field(default_factory=list)
    confidence: float = 0.0
    answered: bool = True
    reason: str | None = None  # why not answered (no_passages, other_place, year_not_covered, topic_not_covered, figure_not_found)
    missing: tuple[str, ...] = ()  # question terms the documents did not cover
    superseded: list[Supersession] = field(default_factory=list)

    def citations(self) -> list[Citation]:
        """The numbered citations of `used`, as the answer JSON lists them."""
        return [
            Citation(
                n=n, doc_id=p.doc_id, city=p.city, title=p.doc_title or p.title, section=p.section,
                published=p.published, source_url=p.source_url, text=p.text,
            )
            for n, p in enumerate(self.used, start=1)
        ]


@dataclass
class _Candidate:
    passage: Passage
    rank: int
    unit: Unit
    direct: frozenset[str]  # canonical terms the unit itself mentions
    context: frozenset[str]  # terms its passage title or heading mentions
    figures: frozenset[str]  # question figures ("n0") and years ("y2026") it states
    figure_kinds: frozenset[str]  # kinds of figure it states (evidence.figure_kinds_in)
    other_scheme: bool = False  # about 职工医保 while the question is not, or about 居民 alone while it asks 职工

    @property
    def has_figure(self) -> bool:
        return bool(self.figure_kinds)


# ---------------------------------------------------------------------------------------------
# public entry point


def compose(question: str, passages: list[Passage], city: str | None, shown: str = "") -> Composition:
    """The extractive answer to `question` from `passages` (best first) for `city`, or a refusal.

    `shown`: what the reader has already been told (an earlier answer of the same message); a unit
    whose words it holds is not told again, so a second question answered from the same passage
    gets the passage's other units that answer it, or a refusal."""
    profile = profile_question(question)
    pool = _same_city(passages, city)
    answer_city = city or (pool[0].city if pool else None)
    if not pool:
        return _decline("no_passages", answer_city, profile)
    other_place = [t for t in profile.terms if t.is_place and not t.in_corpus
                   and not (city is not None and is_destination(question, t.surface))]
    if other_place:
        return _decline("other_place", answer_city, profile, other_place)

    candidates = _candidates(profile, pool)
    if shown:
        told = squeeze(_MARKS.sub("", shown))
        candidates = [c for c in candidates if squeeze(c.unit.text) not in told]
    chosen = _select(profile, candidates)
    if not chosen:
        return _decline("topic_not_covered", answer_city, profile, list(profile.terms))
    chosen = _whole_short_answer(profile, chosen, candidates)
    chosen = _with_lists(chosen, candidates)
    chosen, superseded = _prefer_latest(profile, chosen, candidates)

    verdict = _judge(profile, chosen, answer_city, passages[0].confidence)
    if verdict is not None:
        reason, missing, confidence = verdict
        composition = _decline(reason, answer_city, profile, missing)
        composition.confidence = confidence
        return composition
    return _render(profile, chosen, superseded)


# ---------------------------------------------------------------------------------------------
# candidates and selection


def _same_city(passages: list[Passage], city: str | None) -> list[Passage]:
    """Passages of the asked city only; with no city, those of the best passage's city."""
    if not passages:
        return []
    wanted = city or passages[0].city
    return [p for p in passages if p.city == wanted][:MAX_PASSAGES]


def _is_title_echo(unit: Unit, passage: Passage) -> bool:
    """The Q&A question repeated at the top of its answer."""
    title = clean_text(passage.title)
    return bool(title) and (unit.text == title or (unit.index == 0 and title in unit.text and len(unit.text) <= len(title) + 4))


def _other_scheme(asks_employee: bool, asks_resident: bool, employee_passage: bool, resident_passage: bool,
                  unit: Unit) -> bool:
    """Whether a unit is about the other scheme than the one asked: 职工医保 for a question that does
    not name it; the resident scheme alone for one that names 职工医保 and not the residents'."""
    if not asks_employee:
        return employee_passage or EMPLOYEE_SCHEME in (unit.heading or "")
    return not asks_resident and resident_passage and EMPLOYEE_SCHEME not in (unit.heading or "")


def _candidates(profile: QuestionProfile, passages: list[Passage]) -> list[_Candidate]:
    out: list[_Candidate] = []
    asks_employee = EMPLOYEE_SCHEME in profile.question
    asks_resident = RESIDENT_SCHEME in profile.question.replace(EMPLOYEE_SCHEME, "")
    # a contribution stated as nothing (不需要个人缴费) answers what one pays out of pocket (自己出钱不)
    asked = frozenset("contribution" if a == OWN_PAY else a for a in asked_aspects(profile.question))
    for rank, passage in enumerate(passages):
        title_terms = _matched(profile, passage.title)
        employee_passage = EMPLOYEE_SCHEME in passage.title or EMPLOYEE_SCHEME in passage.section
        resident_passage = not employee_passage and (RESIDENT_SCHEME in passage.title or RESIDENT_SCHEME in passage.section)
        for unit in split_units(passage.text, passage.doc_id):
            if unit.kind in ("heading", "meta") or unit.text[-1] in "？?" or _is_title_echo(unit, passage):
                continue
            heading_terms = _matched(profile, unit.heading) if unit.heading else frozenset()
            figures = frozenset(
                [f"n{i}" for i, f in enumerate(profile.figures) if mentions_figure(f, unit.text)]
                + [f"y{year}" for year in profile.years
                   if year in unit.text or (passage.published or "").startswith(year)]
            )
            out.append(
                _Candidate(passage, rank, unit, _matched(profile, _row_reading(unit)), title_terms | heading_terms,
                           figures, (figure_kinds_in(unit.text) or _column_kinds(unit)) | _nothing_asked(asked, unit.text)
                           | _place_asked(profile, unit.text),
                           _other_scheme(asks_employee, asks_resident, employee_passage, resident_passage, unit))
            )
    return out


def _column_kinds(unit: Unit) -> frozenset[str]:
    """For a row of bare numbers (states_figures), the kinds of figure its header's column names say
    they are (corpus/lexicon/table_columns.txt): 金额 money, 比例 percent."""
    if not unit.header or not states_figures(unit):
        return frozenset()
    columns = load_word_classes(TABLE_COLUMNS_PATH)
    return frozenset(kind for kind, words in columns.items() if any(w in unit.header for w in words))


def _nothing_asked(asked: frozenset[str], text: str) -> frozenset[str]:
    """{ZERO} when the text states as nothing a figure the question asks for ("不设起付线" for 起付线多少)."""
    return frozenset({ZERO}) if asked and asked & zero_figures_in(text) else frozenset()


def _place_asked(profile: QuestionProfile, text: str) -> frozenset[str]:
    """{"place"} when the question asks where (在哪办, 去哪儿) and the text names an office or channel."""
    return frozenset({PLACE}) if PLACE in profile.figure_kinds and states_place(text) else frozenset()


def _row_reading(unit: Unit) -> str:
    """What a unit says as a resident reads it: a table row also says what its table is about
    (its heading, e.g. “（二）住院医疗待遇” over “一级医院 300元 85%”) and what its columns are."""
    if unit.kind == "row" and unit.heading:
        return f"{unit.heading} {unit.read_with_header}"
    return unit.read_with_header


def _matched(profile: QuestionProfile, text: str | None) -> frozenset[str]:
    if not text:
        return frozenset()
    tokens = text_tokens(text)
    return frozenset(t.canonical for t in profile.terms if mentions(t, text, tokens))


def _weights(profile: QuestionProfile) -> dict[str, float]:
    return {t.canonical: t.weight for t in profile.terms}


def _gain(profile: QuestionProfile, c: _Candidate, covered: set[str], context_covered: set[str],
          figures_covered: set[str], figure_found: bool, used: set[str]) -> float:
    weights = _weights(profile)
    gain = sum(weights[t] for t in c.direct - covered)
    gain += CONTEXT_FACTOR * sum(weights[t] for t in (c.context - c.direct) - covered - context_covered)
    gain += QUESTION_FIGURE_WEIGHT * len(c.figures - figures_covered)
    if profile.asks_figure and _answers_figure(profile, c) and not figure_found and (
            c.figures or sum(weights[t] for t in c.direct) >= MIN_GAIN):
        gain += FIGURE_BONUS
    if gain <= 0:
        return 0.0
    if c.other_scheme:
        gain *= SCHEME_MISMATCH_FACTOR
    if c.passage.doc_id in used:
        gain += SAME_DOCUMENT_BONUS
    return gain - RANK_PENALTY * c.rank


def _answers_figure(profile: QuestionProfile, c: _Candidate) -> bool:
    """Whether the unit states a figure of the kind asked (any kind when the question does not say);
    a count asked in a classifier (多少种) needs a count in it (18种, not 一个病种)."""
    if not profile.figure_kinds or ZERO in c.figure_kinds:  # "不设起付线" answers "起付线多少"
        return c.has_figure
    kinds = c.figure_kinds & profile.figure_kinds
    if kinds == {"count"} and not states_count(c.unit.text, profile.classifiers):
        return False
    return bool(kinds)


def _select(profile: QuestionProfile, candidates: list[_Candidate]) -> list[_Candidate]:
    chosen: list[_Candidate] = []
    covered: set[str] = set()
    context_covered: set[str] = set()
    figures_covered: set[str] = set()
    used: set[str] = set()
    length = 0
    while len(chosen) < MAX_UNITS and length < MAX_ANSWER_CHARS:
        best, best_gain, best_overlap = None, MIN_GAIN if chosen else MIN_FIRST_GAIN, 0.0
        weights = _weights(profile)
        for c in candidates:
            if c in chosen:
                continue
            figure_found = any(_answers_figure(profile, x) and (x.direct or x.figures) for x in chosen)
            gain = _gain(profile, c, covered, context_covered, figures_covered, figure_found, used)
            # between units adding the same, the one that also says more of what is already covered
            # answers the question more directly
            overlap = sum(weights[t] for t in c.direct & covered)
            if gain > best_gain + TIE or (best is not None and abs(gain - best_gain) <= TIE and overlap > best_overlap):
                best, best_gain, best_overlap = c, gain, overlap
        if best is None:
            break
        chosen.append(best)
        covered |= best.direct
        context_covered |= best.context
        figures_covered |= best.figures
        used.add(best.passage.doc_id)
        length += len(best.unit.text)
    return chosen


def _whole_short_answer(profile: QuestionProfile, chosen: list[_Candidate],
                        candidates: list[_Candidate]) -> list[_Candidate]:
    """The whole official answer of a matched Q&A pair when it is short.

    The pair is matched when retrieval ranks it first and the composer quotes it (the ranker and the
    words agree), or when its question covers most of the message's words and the composer starts
    with it. Picking its sentences one by one, by words shared with the message, loses what a
    resident's wording does not repeat (申请材料包括 … for 要带什么材料)."""
    top = next((c.passage for c in candidates if c.rank == 0), None)
    if top is not None and _whole_pair(top) and (
            any(c.passage.chunk_id == top.chunk_id for c in chosen) or _ranker_sure(profile, top, candidates)):
        primary = top
    else:
        primary = chosen[0].passage
        if primary.kind != "qa" or _share(profile, _matched(profile, primary.title)) < QA_TITLE_MATCH:
            return chosen
    units = [c for c in candidates if c.passage.chunk_id == primary.chunk_id]
    if sum(len(c.unit.text) for c in units) > SHORT_QA_ANSWER_CHARS:
        return chosen
    # another passage's unit stays when it adds what the pair does not say: enough of the question's
    # words, or the figure asked when the pair states none
    said = frozenset().union(*(c.direct for c in units))
    pair_figure = not profile.asks_figure or any(_answers_figure(profile, c) for c in units)
    weights = _weights(profile)
    others = [c for c in chosen if c.passage.chunk_id != primary.chunk_id
              and (sum(weights[t] for t in c.direct - said) >= MIN_GAIN
                   or (not pair_figure and _answers_figure(profile, c)))]
    return units + others


def _ranker_sure(profile: QuestionProfile, top: Passage, candidates: list[_Candidate]) -> bool:
    """Whether the first passage answers on the ranker's word alone: its calibrated confidence reaches
    the answering threshold and, for a question asking a figure, the pair states one of the kind asked.
    Its pair then answers even when the message shares few words with it (人没了 for 死亡)."""
    if top.confidence is None or top.confidence < retrieval_doubt():
        return False
    return not profile.asks_figure or any(
        _answers_figure(profile, c) for c in candidates if c.passage.chunk_id == top.chunk_id)


_LIST_ITEM = re.compile(r"^(?:\d{1,2}[.．、)）]|[（(][一二三四五六七八九十\d]{1,2}[）)]|[①-⑳]|[一二三四五六七八九十]、)")
_LEAD_END = "：:"


def _with_lists(chosen: list[_Candidate], candidates: list[_Candidate]) -> list[_Candidate]:
    """A sentence that introduces a list ("下列医疗费用不纳入基金支付范围：") says nothing without it:
    its list items follow it, in order, up to the answer's length. The items are the numbered units
    right after it in its passage (or, unnumbered, the one unit that completes it)."""
    out: list[_Candidate] = []
    length = sum(len(c.unit.text) for c in chosen)
    by_place = {(c.passage.chunk_id, c.unit.index): c for c in candidates}
    for c in chosen:
        if c not in out:
            out.append(c)
        if c.unit.kind != "sentence" or c.unit.text[-1] not in _LEAD_END:
            continue
        index = c.unit.index + 1
        while (item := by_place.get((c.passage.chunk_id, index))) is not None and length < MAX_ANSWER_CHARS:
            numbered = bool(_LIST_ITEM.match(item.unit.text))
            if not numbered and index > c.unit.index + 1:
                break
            if item not in out and item not in chosen:
                out.append(item)
                length += len(item.unit.text)
            if not numbered or item.unit.text[-1] in _LEAD_END:
                break
            index += 1
    return out


def _whole_pair(passage: Passage) -> bool:
    """A Q&A chunk holding its pair's question, so its answer whole (not one part of a long answer)."""
    title = clean_text(passage.title)
    first = clean_text(passage.text.strip().split("\n", 1)[0]) if passage.text.strip() else ""
    return passage.kind == "qa" and bool(title) and title in first


def _share(profile: QuestionProfile, terms: frozenset[str] | set[str]) -> float:
    total = profile.total_weight
    if not total:
        return 1.0
    weights = _weights(profile)
    return sum(weights[t] for t in terms) / total


# ---------------------------------------------------------------------------------------------
# documents that disagree


def _figure_values(text: str) -> frozenset[str]:
    return frozenset(f"{q.value}{'%' if q.unit == 'percent' else ''}" for q in figures_in(text))


def _same_thing(profile: QuestionProfile, a: _Candidate, b: _Candidate) -> bool:
    """Whether two units answer the same part of the question: `b` mentions (nearly) every question
    term `a` mentions, and both state a figure of the kind asked."""
    if not a.direct or not _answers_figure(profile, a) or not _answers_figure(profile, b):
        return False
    weights = _weights(profile)
    shared = sum(weights[t] for t in a.direct & b.direct)
    return shared >= SUPERSEDE_OVERLAP * sum(weights[t] for t in a.direct)


def _prefer_latest(profile: QuestionProfile, chosen: list[_Candidate],
                   candidates: list[_Candidate]) -> tuple[list[_Candidate], list[Supersession]]:
    """Where two documents of one city state different figures for the same thing and the rules data
    show the later one replacing the earlier (bot.answers.supersession), keep the later (unless the
    question names the earlier document's year) and note the earlier."""
    result: list[_Candidate] = []
    notes: list[Supersession] = []
    for c in chosen:
        current = c
        if c.has_figure and c.passage.published:
            for other in candidates:
                if (other.passage.doc_id == current.passage.doc_id or not other.passage.published
                        or not _same_thing(profile, current, other)):
                    continue
                if _figure_values(other.unit.text) == _figure_values(current.unit.text):
                    continue
                newer, older = (other, current) if other.passage.published > current.passage.published else (current, other)
                if older.passage.published[:4] in profile.years:
                    continue  # the question asks about the earlier document itself
                if replacement(newer.passage.city, older.unit.text, newer.unit.text) is None:
                    continue  # the rules data show no figure of the earlier one replaced by the later
                current = newer
                differing = _figure_values(older.unit.text) - _figure_values(newer.unit.text)
                notes.append(Supersession(newer.passage, older.passage,
                                          tuple(_display_figures(older.unit.text, differing))))
        if current not in result:
            result.append(current)
    unique_notes = {(n.current.chunk_id, n.earlier.chunk_id): n for n in notes}
    return result, list(unique_notes.values())


def _display_figures(text: str, values: frozenset[str]) -> list[str]:
    shown = []
    for q in figures_in(text):
        key = f"{q.value}{'%' if q.unit == 'percent' else ''}"
        if key in values and q.raw not in shown:
            shown.append(q.raw)
    return shown


# ---------------------------------------------------------------------------------------------
# the decision


def _judge(profile: QuestionProfile, chosen: list[_Candidate], city: str | None,
           retrieval_confidence: float | None = None) -> tuple[str, list[Term], float] | None:
    """None when the chosen units answer the question; else (reason, missing terms, confidence).

    Coverage is measured over the words the documents use: an everyday word no document uses (交钱,
    上班, 咋弄) says nothing about whether they cover the question, and never causes a decline by
    itself. When such words are all that is left uncovered, the ranker's calibrated confidence in its
    first passage decides (retrieval_doubt()); without a ranker the answer stands. Words the documents
    do use but the chosen passages do not (公司, 合并, 北京) decline only with that doubt too, or
    without a ranker: a confident first passage is not overruled by the question's other words."""
    evidence = " ".join(c.unit.read_with_header for c in chosen)
    context = " ".join({c.passage.title for c in chosen} | {c.unit.heading or "" for c in chosen})
    direct = _matched(profile, evidence)
    covered = direct | _matched(profile, context)
    share = _share(profile, covered)
    known_share = _known_share(profile, covered)
    missing = [t for t in profile.terms if t.canonical not in covered]

    documents = {c.passage.published[:4] for c in chosen if c.passage.published}
    documents |= {year for c in chosen for year in _years_in_force(c.passage)}
    for year in profile.years:
        if year not in evidence and year not in context and year not in documents:
            return "year_not_covered", [], share
    if city is not None:
        # a policy term (a benefit, a scheme, a group the lexicon lists) that other cities' documents use
        # and this city's never do: the city has no such policy. An everyday noun (手机, 记录, 兄弟) is no
        # such evidence: it only counts in the coverage below.
        # A benefit named so (长期护理保险) is what the question is about: the question's other words that the
        # passages cover (老人, 钱, 报) do not make an answer about it.
        # A benefit named by a lexicon term no document of the city uses (长期护理保险 in 连云港) is a benefit
        # the documents do not describe there, whatever other cities' documents say.
        absent = [t for t in missing if is_policy_term(t) and not in_city_documents(t, city)
                  and ((t.in_corpus and known_share < GAP_COVERAGE) or _names_benefit(t))]
        if absent:
            return "topic_not_covered", absent, share
    doubt = retrieval_doubt()
    doubtful = retrieval_confidence is None or retrieval_confidence < doubt
    if known_share < MIN_COVERAGE and doubtful:
        return "topic_not_covered", [t for t in missing if t.in_corpus], share
    if share < MIN_COVERAGE and retrieval_confidence is not None and retrieval_confidence < doubt:
        # declined for the doubt on the first passage: the decline names only words the documents use
        # (an everyday word no document uses, 今年 or 一分钱, is no topic the documents lack)
        return "topic_not_covered", [t for t in missing if t.in_corpus], share
    if profile.needs_figure and not any(_answers_figure(profile, c) and c.direct for c in chosen):
        return "figure_not_found", missing, share
    return None


def _names_benefit(term: Term) -> bool:
    """Whether the term is a name of a benefit (长期护理保险, 大病保险, 医疗救助 …)."""
    return any(term.surface in words or term.canonical in words for words in BENEFIT_WORDS.values())


def _years_in_force(passage: Passage) -> set[str]:
    """The years the catalogue says the passage's document is in force for (a 2026 guide covers 2026)."""
    try:
        document = get_document(passage.doc_id)
    except UnknownDocument:
        return set()
    start, end = document.effective_from, document.effective_to
    if start is None:
        return set()
    return {str(year) for year in range(start.year, (end or start).year + 1)}


def _known_share(profile: QuestionProfile, covered: set[str] | frozenset[str]) -> float:
    """The share of the question's weight covered, counting only the words the documents use."""
    known = [t for t in profile.terms if t.in_corpus]
    total = sum(t.weight for t in known)
    if not total:
        return 1.0
    return sum(t.weight for t in known if t.canonical in covered) / total


# ---------------------------------------------------------------------------------------------
# rendering


def _render(profile: QuestionProfile, chosen: list[_Candidate], superseded: list[Supersession]) -> Composition:
    order: list[Passage] = []
    for c in chosen:
        if c.passage.chunk_id not in {p.chunk_id for p in order}:
            order.append(c.passage)
    parts: list[str] = []
    for n, passage in enumerate(order, start=1):
        units = sorted((c.unit for c in chosen if c.passage.chunk_id == passage.chunk_id), key=lambda u: u.index)
        parts.append(_passage_text(units, passage, n))
    text = "".join(parts).strip()
    for note in superseded:
        text += _supersession_sentence(note)
    share = _share(profile, _matched(profile, " ".join(c.unit.read_with_header for c in chosen)))
    return Composition(text=text, used=order, confidence=round(min(1.0, 0.4 + 0.6 * share), 2),
                       answered=True, superseded=superseded)


def _passage_text(units: list[Unit], passage: Passage, n: int) -> str:
    """One passage's units in their order: each run of rows of one table as a table under its column
    names (the heading it sits under before it), the sentences around them as prose ending in [n]."""
    out: list[str] = []
    prose: list[Unit] = []
    shown: set[str] = set()
    i = 0
    while i < len(units):
        j = i
        while j < len(units) and units[j].kind == "row" and units[j].header == units[i].header:
            j += 1
        table = _as_table(units[i:j]) if j > i else None
        if table is None:
            prose.append(units[i])
            i += 1
            continue
        if prose:
            out.append(f"{join_units(_with_headings(prose, passage, shown))}[{n}]")
            prose = []
        heading = units[i].heading
        lead = f"{heading}\n\n" if heading and heading not in shown and heading != clean_text(passage.title) else ""
        if heading:
            shown.add(heading)
        out.append(f"\n\n{lead}{table}\n\n（表格出自[{n}]）\n\n")
        i = j
    if prose:
        out.append(f"{join_units(_with_headings(prose, passage, shown))}[{n}]")
    return "".join(out)


def _as_table(rows: list[Unit]) -> str | None:
    """Rows of one table under their column names as a markdown table, or None when their cells do
    not line up with the column names. Rows whose document cells were kept (tab-separated) take the
    names of their columns (sentences.column_names); others split at spaces under the last header line."""
    if not rows or not rows[0].header or any(r.header != rows[0].header for r in rows):
        return None
    if all(r.columns and len(r.columns) == len(rows[0].columns) for r in rows):
        header = list(rows[0].columns)
        cells = [list(r.cells) for r in rows]
    else:
        header = rows[0].header.split("；")[-1].split(" ")
        cells = [r.text.split(" ") for r in rows]
    # the columns are sure when the first row fills them all; a later row may leave the last one to a
    # cell merged over several rows (淮安's 年度基金支付限额 240000元 for every level)
    if len(header) < 2 or len(cells[0]) != len(header) or any(not len(header) - 1 <= len(c) <= len(header)
                                                                for c in cells):
        return None
    cells = [row + [""] * (len(header) - len(row)) for row in cells]  # a merged cell left empty under the row above
    kept = [i for i, name in enumerate(header) if name or any(row[i] for row in cells)]  # an empty column is none
    lines = [f"| {' | '.join(header[i] for i in kept)} |", f"|{'---|' * len(kept)}"]
    lines += [f"| {' | '.join(row[i] for i in kept)} |" for row in cells]
    return "\n".join(lines)


def _with_headings(units: list[Unit], passage: Passage, shown: set[str] | None = None) -> list[Unit]:
    """Units with the heading each one sits under shown before it, once (`shown`: the headings the
    answer has shown already; the ones shown here are added to it)."""
    out: list[Unit] = []
    shown = shown if shown is not None else set()
    shown.add(clean_text(passage.title))
    for unit in units:
        heading = unit.heading
        if heading and heading not in shown and heading not in unit.text and len(heading) >= 4 and unit.kind != "row":
            out.append(Unit(heading, "heading", unit.index, None))
            shown.add(heading)
        if unit.header and unit.header not in shown and not any(u.text == unit.header for u in units):
            # a table row is read under its column names
            out.append(Unit(unit.header, "heading", unit.index, None))
            shown.add(unit.header)
        out.append(unit)
    return out


def _year(passage: Passage) -> str:
    return passage.published[:4] if passage.published else ""


def _in_force_label(passage: Passage) -> str:
    """'2026年度政策' when the catalogue gives the year the document takes effect, else its date."""
    try:
        effective = get_document(passage.doc_id).effective_from
    except UnknownDocument:
        effective = None
    if effective is not None:
        return f"{effective.year}年度政策"
    return f"{_year(passage)}年发布的文件"


def _supersession_sentence(note: Supersession) -> str:
    current = note.current.doc_title or note.current.title
    earlier = note.earlier.doc_title or note.earlier.title
    figures = "、".join(note.earlier_figures)
    was = f"为{figures}" if figures else "的规定与此不同"
    return (f"以上按{_in_force_label(note.current)}（《{current}》）；"
            f"{_year(note.earlier)}年《{earlier}》中{was}，已被取代。")


def _decline(reason: str, city: str | None, profile: QuestionProfile, missing: list[Term] | None = None
             ) -> Composition:
    missing_terms = tuple(t.surface for t in (missing or []))
    where = f"{city}的" if city else ""
    if reason == "year_not_covered" and profile.years:
        body = f"现有{where}医保政策文件没有涉及{'、'.join(y + '年' for y in profile.years)}的规定"
    elif reason == "figure_not_found":
        body = f"现有{where}医保政策文件提到了相关内容，但没有给出所问的具体数额或比例"
    elif reason == "other_place":
        body = f"本服务只覆盖连云港、淮安、长春、长治、随州的医保政策文件，不涉及“{'、'.join(missing_terms)}”"
    elif missing_terms:
        body = f"现有{where}医保政策文件没有涉及“{'、'.join(missing_terms[:4])}”的内容"
    else:
        body = f"现有{where}医保政策文件没有涉及这个问题"
    text = f"抱歉，{body}，无法根据文件回答。"
    line = contact_line(city) if city else None
    if line:
        text += line
    return Composition(text=text, used=[], confidence=0.0, answered=False, reason=reason, missing=missing_terms)
