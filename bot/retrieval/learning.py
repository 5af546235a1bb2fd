"""Training the ranking stage (`yibao train-ranker`): the similar questions are the labelled data.

Every similar question is a training question whose right answer is its own unit. It is scored
against the index twice, and never against its own entry:

- *leave one out*: the question itself is left out of the question channels, the other
  phrasings of its unit stay (as at answer time, when a resident's wording is close to some of them);
- *unit left out*: every question of its unit is left out (a wording none of them covers), so the
  model does not learn to trust the question channels more than the body and headings.

In both, the questions of every other unit are left out too with probability 1/2 (per unit, a
fixed seed per question): a unit without questions is then no sign of being the one asked for (it
would be, if only the asked unit ever lacked them), and the question channels are seen both
present and absent for right and wrong units alike.

The rows (one per candidate unit, label = is the unit asked for) train a pairwise logistic
regression (scikit-learn) per retriever mode: the unit asked for against each other candidate of
its question, so the model learns what puts the right unit above its neighbours. Cross-validation is grouped by unit: the units of a fold are
never seen in training, and hit@1/hit@5 are measured on their questions for both variants (the five
as search returns them: the model's first two and fusion's best others). A
calibration of the top score and its margin over the second into the probability that the first
unit is right is fitted on the out-of-fold rankings. The blind and development question sets play
no part here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from bot.retrieval.features import DENSE_CHANNELS, FEATURES, LEXICAL_CHANNELS, QuerySlots
from bot.retrieval.ranker import LinearModel, Ranker
from bot.retrieval.retriever import (
    RANK_CANDIDATES,
    Retriever,
    aspect_filter,
    normalise_query,
    with_fusion_floor,
)
from bot.understanding.cities import detect_city, without_places
from ingest.embedders import embed_queries

VARIANTS = ("leave_one_out", "unit_left_out")
TRAIN_VARIANTS = ("leave_one_out", "unit_left_out")  # what the model is fitted on; both variants are measured
DROP_OTHER_UNITS = 0.5  # probability that another unit's questions are left out for a training question
SEED = 20261202
MODES = ("hybrid", "bm25", "dense")
FOLDS = 5
REGULARISATION = 1.0  # inverse strength C of the logistic regression's L2 penalty (scikit-learn default)


NOT_READ = ("fusion_rr",)  # used by the ranking stage, not by the model (see bot.retrieval.features)


def mode_features(mode: str) -> tuple[str, ...]:
    """The features a mode's model reads: the channels it searches, and all agreement and unit features."""
    dropped = {"bm25": DENSE_CHANNELS, "dense": LEXICAL_CHANNELS}.get(mode, ())
    return tuple(f for f in FEATURES if f not in NOT_READ and not any(f.startswith(c + "_") for c in dropped))


@dataclass
class QueryRows:
    """The candidate rows of one training question."""

    question: int  # index into the similar questions
    unit: int  # the unit asked for
    variant: str
    features: np.ndarray  # (candidates, FEATURES)
    labels: np.ndarray  # 1 for the unit asked for


def _queries(retriever: Retriever) -> tuple[list[str], list[str | None], np.ndarray]:
    """Each similar question as the retriever reads it (normalised, a city it names taken out), the
    city of its unit (as when the resident chose the city: a question written for one document
    often names no city, and the same rule of another city is no wrong answer to learn from), and
    its vector."""
    texts, cities = [], []
    for q in retriever.extras.questions:
        text = normalise_query(q.text)
        texts.append((without_places(text) or text) if detect_city(text) else text)
        cities.append(q.city)
    vectors = np.array(retriever.extras.question_vectors, dtype=np.float32, copy=True)
    changed = [i for i, (q, t) in enumerate(zip(retriever.extras.questions, texts, strict=True)) if q.text != t]
    if changed:
        vectors[changed] = embed_queries(retriever.embedder, [texts[i] for i in changed])
    return texts, cities, vectors


def training_rows(retriever: Retriever, mode: str, today: dt.date | None = None,
                  progress: Callable[[int, int], None] | None = None) -> list[QueryRows]:
    if retriever.extras is None or not retriever.extras.questions:
        raise ValueError("the index has no similar questions: run `yibao ingest` with corpus/similar_questions/")
    texts, cities, vectors = _queries(retriever)
    units = retriever.question_unit
    rows: list[QueryRows] = []
    total = len(texts) * len(VARIANTS)
    n_units = len(retriever.ids)
    for i, (text, city) in enumerate(zip(texts, cities, strict=True)):
        dropped_units = np.random.default_rng(SEED + i).random(n_units) < DROP_OTHER_UNITS
        for variant in VARIANTS:
            mask = ~dropped_units[units]
            mask[units == units[i]] = variant == "leave_one_out"
            mask[i] = False
            scores, allowed = retriever.channel_scores(text, city, mode, vectors[i], mask)
            candidates = retriever.candidates(scores, allowed, RANK_CANDIDATES)
            slots = QuerySlots.of(text, today)
            matrix = retriever.features(text, candidates, scores, allowed, today, slots, mask)
            labels = np.asarray([c == units[i] for c in candidates], dtype=np.int64)
            rows.append(QueryRows(i, int(units[i]), variant, matrix, labels))
            if progress:
                progress(len(rows), total)
    return rows


def _fit(rows: list[QueryRows], features: tuple[str, ...], regularisation: float) -> LinearModel:
    """A pairwise logistic regression: for each question, the unit asked for against every other
    candidate (and the reverse pair), on standardised features; the coefficients score a unit."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    columns = [FEATURES.index(f) for f in features]
    scaler = StandardScaler().fit(np.vstack([r.features[:, columns] for r in rows]))
    scale = np.where(scaler.scale_ == 0, 1.0, scaler.scale_)
    pairs = []
    for r in rows:
        positive = np.flatnonzero(r.labels)
        if len(positive) == 0 or len(positive) == len(r.labels):
            continue
        x = (r.features[:, columns] - scaler.mean_) / scale
        negatives = x[r.labels == 0]
        pairs.append(x[positive[0]] - negatives)
    diffs = np.vstack(pairs)
    x = np.vstack([diffs, -diffs])
    y = np.concatenate([np.ones(len(diffs)), np.zeros(len(diffs))])
    model = LogisticRegression(C=regularisation, fit_intercept=False, max_iter=2000).fit(x, y)
    return LinearModel(features, scaler.mean_, scale, model.coef_[0], 0.0)


def _ranked(model: LinearModel, rows: QueryRows) -> tuple[list[int], np.ndarray]:
    values = model.scores(rows.features)
    order = aspect_filter(sorted(range(len(values)), key=lambda j: -values[j]), rows.features)
    return with_fusion_floor(order, rows.features), values[order]


def _hit(rows: QueryRows, order: list[int], k: int) -> bool:
    return any(rows.labels[j] for j in order[:k])


def _calibrate(tops: list[tuple[float, float]], correct: list[bool]) -> tuple[tuple[float, float], float]:
    from sklearn.linear_model import LogisticRegression

    if len(set(correct)) < 2:
        return (0.0, 0.0), (5.0 if correct and correct[0] else -5.0)
    model = LogisticRegression(max_iter=1000).fit(np.asarray(tops), np.asarray(correct, dtype=int))
    return (float(model.coef_[0][0]), float(model.coef_[0][1])), float(model.intercept_[0])


def _top_and_margin(values: np.ndarray) -> tuple[float, float]:
    if len(values) == 0:
        return -10.0, 0.0
    return float(values[0]), float(values[0] - values[1]) if len(values) > 1 else 10.0


def train_mode(rows: list[QueryRows], mode: str, folds: int = FOLDS,
               regularisation: float = REGULARISATION) -> tuple[LinearModel, dict]:
    """The model of one mode fitted on every row, and its cross-validated figures (grouped by unit)."""
    from sklearn.model_selection import GroupKFold

    features = mode_features(mode)
    groups = np.asarray([r.unit for r in rows])
    hits = {v: {"hit@1": [], "hit@5": []} for v in VARIANTS}
    tops: list[tuple[float, float]] = []
    correct: list[bool] = []
    brier: list[float] = []
    for train_index, test_index in GroupKFold(n_splits=folds).split(np.zeros(len(rows)), groups=groups):
        model = _fit([rows[i] for i in train_index if rows[i].variant in TRAIN_VARIANTS], features, regularisation)
        for i in test_index:
            order, values = _ranked(model, rows[i])
            hits[rows[i].variant]["hit@1"].append(_hit(rows[i], order, 1))
            hits[rows[i].variant]["hit@5"].append(_hit(rows[i], order, 5))
            tops.append(_top_and_margin(values))
            correct.append(_hit(rows[i], order, 1))
    coef, intercept = _calibrate(tops, correct)
    for (top, margin), right in zip(tops, correct, strict=True):
        p = 1.0 / (1.0 + np.exp(-(coef[0] * top + coef[1] * margin + intercept)))
        brier.append((p - float(right)) ** 2)
    final = _fit([r for r in rows if r.variant in TRAIN_VARIANTS], features, regularisation)
    final = LinearModel(final.features, final.mean, final.scale, final.coef, final.intercept, coef, intercept)
    figures = {
        variant: {name: round(float(np.mean(v)), 3) for name, v in values.items()} | {"questions": len(values["hit@1"])}
        for variant, values in hits.items()
    }
    figures["confidence_brier"] = round(float(np.mean(brier)), 4)
    return final, figures


def train_ranker(retriever: Retriever, folds: int = FOLDS, regularisation: float = REGULARISATION,
                 modes: tuple[str, ...] = MODES, log: Callable[[str], None] | None = None) -> Ranker:
    """A ranker with one model per mode, trained on the similar questions of `retriever`'s index."""
    say = log or (lambda message: None)
    models: dict[str, LinearModel] = {}
    training: dict = {"questions": len(retriever.extras.questions) if retriever.extras else 0,
                      "units": len(set(retriever.question_unit.tolist())) if retriever.extras else 0,
                      "folds": folds, "regularisation": regularisation, "index_version": retriever.pointer.version,
                      "cross_validated": {}}
    for mode in modes:
        say(f"{mode}: 生成训练样本 …")
        rows = training_rows(retriever, mode)
        say(f"{mode}: 训练与交叉验证（按单元分组 {folds} 折）…")
        model, figures = train_mode(rows, mode, folds, regularisation)
        models[mode] = model
        training["cross_validated"][mode] = figures
    version = dt.datetime.now(dt.UTC).strftime("%Y%m%d%H%M%S")
    return Ranker(version, models, training)
