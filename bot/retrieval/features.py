"""Features of a (question, unit) pair for the learned ranking stage.

Three kinds of evidence, each a small number per candidate unit:

- **match scores** of six channels: BM25 and dense similarity of the question to the unit's body,
  to its headings (section path + title) and to its similar questions (the best of them). For each
  channel: the score relative to the best candidate of the question and the reciprocal rank; for
  the dense channels also the raw cosine.
- **agreement with what the question says** (read with `bot.understanding`): the benefit named
  (住院/门诊/大病/缴费/等待期 …) in the unit's headings, body and similar questions, or a unit whose
  headings name only other benefits; the aspect asked (起付线/比例/封顶/金额/时间/材料/地点/流程)
  present in the unit; the employee scheme (职工) named by one side only; the hospital level, the
  person or group and the year named by the question found in the unit.
- **the unit itself**: its kind (qa/article/section/table/text), the recency of its document, and
  whether a newer document of the same city is among fusion's first units (`newer_rival`: a later
  notice usually restates or replaces an older rule, and residents ask for the rule in force).

Everything here is plain numpy and string matching over data loaded once; nothing is tuned per
question.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from bot.answers.evidence import QuestionProfile, figure_kinds_in, mentions, profile_question
from bot.understanding.cities import cities_in
from bot.understanding.intent import classify_intent
from bot.understanding.normalize import normalize
from bot.understanding.slots import BENEFIT_WORDS, GROUP_WORDS, PERSON_WORDS, extract_slots
from corpus import LEXICON_DIR
from corpus.word_classes import alternation, load_word_classes

CHANNELS = ("body_bm25", "title_bm25", "question_bm25", "body_dense", "title_dense", "question_dense")
LEXICAL_CHANNELS = CHANNELS[:3]
DENSE_CHANNELS = CHANNELS[3:]
KINDS = ("qa", "article", "section", "table", "text")
# Reciprocal-rank fusion of the body and question channels (the ranking without a model). Its rank
# (`fusion_rr`) is not read by the models (as a feature it raised the cross-validated hit@1 on the
# similar questions but lowered it on residents' wording): it finds the newer rivals below, and the
# ranking stage keeps fusion's first units among the five it returns.
FUSION_WEIGHTS = {"body_dense": 1.0, "body_bm25": 1.5, "question_dense": 1.5, "question_bm25": 1.5}
FUSION_K = 10
FUSION_DEPTH = 40
RIVAL_DEPTH = 5  # how many of fusion's first units a newer document of the same city is looked for in

# The aspect a question asks about: words a resident uses for it, and what a unit that answers it
# says (corpus/lexicon/aspects.txt); a month number also states a time.
ASPECT_NAMES = ("deductible", "rate", "cap", "premium", "time", "materials", "place", "process")
_ASPECT_WORDS = load_word_classes(LEXICON_DIR / "aspects.txt",
                                  tuple(f"{side}_{a}" for a in ASPECT_NAMES for side in ("ask", "states")))
ASPECTS: dict[str, tuple[tuple[str, ...], str]] = {
    a: (_ASPECT_WORDS[f"ask_{a}"], alternation(_ASPECT_WORDS[f"states_{a}"]) + (r"|\d+月" if a == "time" else ""))
    for a in ASPECT_NAMES
}
EMPLOYEE_WORDS = ("职工医保", "职工基本医疗", "城镇职工", "职工")
_BENEFIT_PATTERNS = {b: re.compile("|".join(re.escape(w) for w in sorted(ws, key=len, reverse=True)))
                     for b, ws in BENEFIT_WORDS.items()}
_ASPECT_UNIT = {a: re.compile(pattern) for a, (_, pattern) in ASPECTS.items()}
_YEAR = re.compile(r"(20\d\d)\s*年")

FEATURES: tuple[str, ...] = (
    *(f"{c}_{part}" for c in CHANNELS for part in ("rel", "rr")),
    *(f"{c}_cos" for c in DENSE_CHANNELS),
    "fusion_rr",
    "benefit_heading", "benefit_body", "benefit_questions", "benefit_conflict",
    "aspect_match", "employee_conflict", "employee_match", "level_match", "person_match", "year_match",
    *(f"kind_{k}" for k in KINDS),
    "recency", "newer_rival", "newer_rival_cos",
    "cover_heading", "cover_questions", "figure_kind_match", "figure_kind_heading",
)
INDEX = {name: i for i, name in enumerate(FEATURES)}
# Inputs of the confidence calibration beside the top score and its margin (general signals, read
# for the first unit only): how closely one of its similar questions matches the question (the
# cosine), the rarity-weighted share of the question's RARE_TERMS rarest content terms its headings
# and body mention, and whether the question is in the scheme's scope (`bot.understanding.intent`).
CONFIDENCE_FEATURES = ("question_dense_cos", "rare_cover", "in_scope")
RARE_TERMS = 2


@dataclass(frozen=True)
class UnitProfile:
    """What the agreement features read of one unit, computed once when the index loads."""

    heading: str
    body: str
    questions: tuple[str, ...]
    kind: str
    recency: float  # 0 for a document of 2015 or before, 1 for one of 2025 or later
    published_year: int | None
    heading_benefits: frozenset[str]
    employee: bool  # the headings are about the employee scheme
    city: str = ""
    questions_text: str = ""  # the similar questions joined, one a line

    @classmethod
    def of(cls, heading: str, body: str, questions: Sequence[str], kind: str, published: str | None,
           city: str = "") -> UnitProfile:
        year = int(published[:4]) if published and published[:4].isdigit() else None
        recency = min(max(((year or 2015) - 2015) / 10.0, 0.0), 1.0)
        benefits = frozenset(b for b, p in _BENEFIT_PATTERNS.items() if p.search(heading))
        return cls(heading, body, tuple(questions), kind, recency, year, benefits,
                   any(w in heading for w in EMPLOYEE_WORDS), city, "\n".join(questions))


@dataclass(frozen=True)
class QuerySlots:
    """What the question names, as the agreement features compare it."""

    benefits: tuple[str, ...]
    aspects: tuple[str, ...]
    level: str | None
    person_words: tuple[str, ...]
    year: int | None
    employee: bool
    profile: QuestionProfile | None = None  # content terms (rarity-weighted) and the kinds of figure asked
    in_scope: bool = True  # not a topic outside the resident scheme (the understanding's intent)

    @classmethod
    def of(cls, query: str, today: dt.date | None = None) -> QuerySlots:
        text = normalize(query)
        slots = extract_slots(text, today)
        benefits = tuple(dict.fromkeys([*slots.benefits, *([slots.benefit] if slots.benefit else [])]))
        aspects = tuple(a for a, (words, _) in ASPECTS.items() if any(w in text for w in words))
        words: list[str] = []
        if slots.person:
            words += PERSON_WORDS.get(slots.person, ())
        for group in slots.groups:
            words += GROUP_WORDS.get(group, (group,))
        year = slots.dates.year
        if year is None:
            match = _YEAR.search(text)
            year = int(match.group(1)) if match else None
        scope = classify_intent(text, slots, cities_in(text), city_given=True).intent != "out_of_scope"
        return cls(benefits, aspects, slots.level, tuple(dict.fromkeys(words)), year,
                   any(w in text for w in EMPLOYEE_WORDS), profile_question(text), scope)


def _benefit_hits(pattern: re.Pattern[str], text: str) -> int:
    return len(pattern.findall(text))


def agreement(slots: QuerySlots, unit: UnitProfile, questions_text: str | None = None) -> dict[str, float]:
    """The agreement features of one unit with what the question names (zeros where it names nothing)."""
    out: dict[str, float] = {}
    questions = unit.questions if questions_text is None else tuple(q for q in questions_text.split("\n") if q)
    if slots.benefits:
        patterns = [_BENEFIT_PATTERNS[b] for b in slots.benefits if b in _BENEFIT_PATTERNS]
        out["benefit_heading"] = float(any(b in unit.heading_benefits for b in slots.benefits))
        body_hits = sum(_benefit_hits(p, unit.body) for p in patterns)
        out["benefit_body"] = float(np.log1p(min(body_hits, 20)) / np.log1p(20))
        if questions:
            out["benefit_questions"] = sum(any(p.search(q) for p in patterns) for q in questions) / len(questions)
        out["benefit_conflict"] = float(bool(unit.heading_benefits) and not unit.heading_benefits & set(slots.benefits))
    if slots.aspects:
        text = unit.heading + "\n" + unit.body
        out["aspect_match"] = sum(bool(_ASPECT_UNIT[a].search(text)) for a in slots.aspects) / len(slots.aspects)
    out["employee_conflict"] = float(unit.employee and not slots.employee)
    if slots.employee:
        out["employee_match"] = float(unit.employee or "职工" in unit.body)
    if slots.level:
        out["level_match"] = float(slots.level in unit.body or slots.level in unit.heading)
    if slots.person_words:
        text = unit.heading + "\n" + unit.body + "\n" + "\n".join(questions)
        out["person_match"] = float(any(w in text for w in slots.person_words))
    if slots.year:
        out["year_match"] = float(str(slots.year) in unit.body or str(slots.year) in unit.heading
                                  or unit.published_year == slots.year)
    out.update(coverage(slots, unit, questions_text))
    return out


_mentions = lru_cache(maxsize=65536)(mentions)  # a unit's texts come back with every question


def _covered(profile: QuestionProfile, text: str) -> float:
    """The rarity-weighted share of the question's content terms that `text` mentions."""
    total = profile.total_weight
    if not text or total <= 0:
        return 0.0
    return sum(t.weight for t in profile.terms if _mentions(t, text)) / total


def coverage(slots: QuerySlots, unit: UnitProfile, questions_text: str | None = None) -> dict[str, float]:
    """How much of the question the unit covers, in general terms: the share of its content terms
    the unit's headings and its similar questions mention, and whether the unit states a figure of
    the kind asked (an amount, a percentage, a duration, a count, a date …) in its body or its
    headings. `questions_text` replaces the unit's own similar questions (training leaves some out).
    (The same share over the body raised the cross-validated hit@1 but lowered residents' wording:
    dev 0.857 -> 0.843, dev2 0.843 -> 0.828; BM25 and dense over the body already weigh it.)"""
    profile = slots.profile
    if profile is None:
        return {}
    own = unit.questions_text if questions_text is None else questions_text
    out = {"cover_heading": _covered(profile, unit.heading), "cover_questions": _covered(profile, own)}
    if profile.figure_kinds:
        out["figure_kind_match"] = float(bool(profile.figure_kinds & figure_kinds_in(unit.body)))
        out["figure_kind_heading"] = float(bool(profile.figure_kinds & figure_kinds_in(unit.heading)))
    return out


def confidence_inputs(slots: QuerySlots, unit: UnitProfile, row: np.ndarray) -> dict[str, float]:
    """The calibration's further inputs (CONFIDENCE_FEATURES) for the first unit, `row` its FEATURES row."""
    rare_cover = 0.0
    profile = slots.profile
    if profile is not None and profile.terms:
        rare = sorted(profile.terms, key=lambda t: -t.weight)[:RARE_TERMS]
        total = sum(t.weight for t in rare)
        if total > 0:
            text = unit.heading + "\n" + unit.body
            rare_cover = sum(t.weight for t in rare if _mentions(t, text)) / total
    return {"question_dense_cos": float(row[INDEX["question_dense_cos"]]), "rare_cover": rare_cover,
            "in_scope": float(slots.in_scope)}


def channel_features(scores: dict[str, np.ndarray], allowed: np.ndarray) -> dict[str, np.ndarray]:
    """Per-channel features of every unit (arrays over all units; units outside `allowed` get zeros).

    `scores[c]` holds channel c's score of every unit: BM25 (0 = no shared token) or cosine. Also
    `fusion_rr`, the reciprocal rank of each unit in the reciprocal-rank fusion of the body and
    question channels (0 for a unit none of their first `FUSION_DEPTH` lists).
    """
    out: dict[str, np.ndarray] = {}
    n = len(allowed)
    fused = np.zeros(n)
    for channel, values in scores.items():
        values = np.where(allowed, values, -np.inf if channel in DENSE_CHANNELS else 0.0)
        order = np.argsort(-values, kind="stable")
        ranks = np.empty(n, dtype=np.float64)
        ranks[order] = np.arange(1, n + 1)
        if channel in DENSE_CHANNELS:
            finite = np.isfinite(values)
            best = values[order[0]] if finite.any() else 0.0
            out[f"{channel}_cos"] = np.where(finite, values, 0.0)
            out[f"{channel}_rel"] = np.where(finite, values - best, -1.0)  # 0 for the best, below 0 for the rest
            out[f"{channel}_rr"] = np.where(finite, 1.0 / ranks, 0.0)
            listed = finite & (ranks <= FUSION_DEPTH)
        else:
            best = float(values.max()) if n else 0.0
            positive = values > 0
            out[f"{channel}_rel"] = values / best if best > 0 else np.zeros(n)
            out[f"{channel}_rr"] = np.where(positive, 1.0 / ranks, 0.0)
            listed = positive & (ranks <= FUSION_DEPTH)
        if channel in FUSION_WEIGHTS:
            fused += np.where(listed, FUSION_WEIGHTS[channel] / (FUSION_K + ranks), 0.0)
    if n:
        fused = np.where(allowed, fused, 0.0)
        order = np.argsort(-fused, kind="stable")
        ranks = np.empty(n, dtype=np.float64)
        ranks[order] = np.arange(1, n + 1)
        out["fusion_rr"] = np.where(fused > 0, 1.0 / ranks, 0.0)
    return out


def newer_rivals(candidates: Sequence[int], fusion_rr: np.ndarray, profiles: Sequence[UnitProfile],
                 unit_vectors: np.ndarray | None = None, depth: int = RIVAL_DEPTH) -> tuple[np.ndarray, np.ndarray]:
    """For each candidate: 1 when its document is older than another document of its city among
    fusion's first `depth` units (a later notice of the same city usually restates or replaces an
    older rule), and the best cosine of its body to such a newer unit's body (how much the newer
    unit says the same thing; 0 without one or without `unit_vectors`)."""
    newer: list[int] = [u for u in candidates if profiles[u].published_year and fusion_rr[u] >= 1.0 / depth]
    flags = np.zeros(len(candidates))
    cosines = np.zeros(len(candidates))
    for row, u in enumerate(candidates):
        unit = profiles[u]
        if not unit.published_year:
            continue
        rivals = [v for v in newer if profiles[v].city == unit.city and profiles[v].published_year > unit.published_year]
        if rivals:
            flags[row] = 1.0
            if unit_vectors is not None:
                cosines[row] = float(np.max(unit_vectors[rivals] @ unit_vectors[u]))
    return flags, cosines


def feature_matrix(candidates: Sequence[int], channels: dict[str, np.ndarray], slots: QuerySlots,
                   profiles: Sequence[UnitProfile], unit_vectors: np.ndarray | None = None,
                   questions_text: Callable[[int], str] | None = None) -> np.ndarray:
    """One row of FEATURES per candidate unit (indexes into the unit arrays). `questions_text(unit)`
    gives the similar questions a unit is seen with when some are left out (training)."""
    matrix = np.zeros((len(candidates), len(FEATURES)), dtype=np.float64)
    for name, values in channels.items():
        matrix[:, INDEX[name]] = values[list(candidates)]
    for row, unit_index in enumerate(candidates):
        unit = profiles[unit_index]
        own = questions_text(unit_index) if questions_text is not None else None
        for name, value in agreement(slots, unit, own).items():
            matrix[row, INDEX[name]] = value
        if unit.kind in KINDS:
            matrix[row, INDEX[f"kind_{unit.kind}"]] = 1.0
        matrix[row, INDEX["recency"]] = unit.recency
    if "fusion_rr" in channels:
        flags, cosines = newer_rivals(candidates, channels["fusion_rr"], profiles, unit_vectors)
        matrix[:, INDEX["newer_rival"]] = flags
        matrix[:, INDEX["newer_rival_cos"]] = cosines
    return matrix
