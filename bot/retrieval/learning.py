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
unit is right is fitted on the out-of-fold rankings; the ranking models never see the blind or
development question sets.

The serving mode's confidence is then calibrated again on residents' wording (`recalibrate`): the
labelled resident sets of RESIDENT_SETS (never the blind set), searched as the answering service
searches them with the fitted model, labelled right when the first passage holds the item's source
quote (an item expecting a refusal: never right). It reads the top score, its margin and the general
signals of CONFIDENCE_FEATURES; it is measured leave one set out against the similar-question
calibration (Brier, AUCs, reliability), and the answer/decline threshold that maximises right minus
wrong answers on the held-out confidences is recorded beside it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bot.retrieval.features import CONFIDENCE_FEATURES, DENSE_CHANNELS, FEATURES, LEXICAL_CHANNELS, QuerySlots
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
    return recalibrate(retriever, Ranker(version, models, training), log=say)


# ---------------------------------------------------------------------------------------------
# the confidence on residents' wording

ROOT = Path(__file__).resolve().parents[2]
# Resident-worded labelled question sets (never the blind set): the calibration's data. Paths are
# relative to the checkout (`../shared` is the evaluators' shared folder beside it).
RESIDENT_SETS = {
    "dev": "../shared/eval/dev_questions.jsonl",
    "dev2": "../shared/eval/dev2_questions.jsonl",
    "dev3": "tests/data/dev3_questions.jsonl",
    "regression": "tests/data/regression.jsonl",
}
CALIBRATED_MODE = "hybrid"  # the serving mode; the others keep the calibration on the similar questions
CONFIDENCE_INPUTS = ("top", "margin", *CONFIDENCE_FEATURES)
RELIABILITY_BINS = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)
WRONG_ANSWER_COST = 1.0  # a wrong first passage answered costs as much as a right one gains


@dataclass
class ResidentRow:
    """One labelled resident question as the ranking stage saw it."""

    set: str
    id: str
    outcome: str  # right (the first passage holds the quote), wrong (it does not), decline (expect_refusal)
    inputs: dict[str, float]  # CONFIDENCE_INPUTS
    current: float  # the confidence of the calibration on the similar questions

    @property
    def right(self) -> bool:
        return self.outcome == "right"


def resident_items(sets: dict[str, str] | None = None) -> dict[str, list]:
    """The factual items of each resident set that carry a label (a source quote, or a refusal expected)."""
    import json
    from types import SimpleNamespace

    out: dict[str, list] = {}
    for name, path in (sets or RESIDENT_SETS).items():
        full = (ROOT / path).resolve()
        if "blind" in full.parts:
            raise ValueError(f"{path}: the blind set is never used in training")
        if not full.exists():
            raise ValueError(f"{path}: resident question set not found")
        raw = [json.loads(line) for line in full.read_text(encoding="utf-8").splitlines() if line.strip()]
        items = [SimpleNamespace(id=r["id"], city=r.get("city"), question=r["question"],
                                 source_quote=r.get("source_quote"), expect_refusal=bool(r.get("expect_refusal")))
                 for r in raw if "expected" not in r]  # a calculation item has an expected figure
        out[name] = [i for i in items if i.expect_refusal or i.source_quote]
    return out


def resident_rows(retriever: Retriever, model: LinearModel, mode: str, items: dict[str, list],
                  progress: Callable[[int, int], None] | None = None) -> list[ResidentRow]:
    """Each labelled question searched as the answering service searches it (the understanding's
    normalised text and city), ranked by `model`, with its confidence inputs and label."""
    import unicodedata

    from bot.retrieval.features import confidence_inputs

    def compact(text: str) -> str:  # as bot.evaluation.matching compares a quote: NFKC, whitespace removed
        return "".join(unicodedata.normalize("NFKC", text or "").split())

    def quote_in(quote: str, text: str) -> bool:
        return bool(compact(quote)) and compact(quote) in compact(text)
    from bot.understanding.understand import understand

    rows: list[ResidentRow] = []
    total = sum(len(v) for v in items.values())
    for name, questions in items.items():
        for item in questions:
            u = understand(item.question, city=item.city)
            query = normalise_query(u.normalized)
            city = u.city or detect_city(query)
            if city:
                query = without_places(query) or query
            scores, allowed = retriever.channel_scores(query, city, mode)
            candidates = retriever.candidates(scores, allowed, RANK_CANDIDATES)
            inputs = {"top": -10.0, "margin": 0.0, **dict.fromkeys(CONFIDENCE_FEATURES, 0.0)}
            current, right = 0.0, False
            if candidates:
                slots = QuerySlots.of(query)
                matrix = retriever.features(query, candidates, scores, allowed, None, slots)
                values = model.scores(matrix)
                order = sorted(range(len(candidates)), key=lambda j: (-values[j], retriever.ids[candidates[j]]))
                order = with_fusion_floor(aspect_filter(order, matrix), matrix)
                top, margin = _top_and_margin(values[order])
                first = candidates[order[0]]
                inputs = {"top": top, "margin": margin,
                          **confidence_inputs(slots, retriever.profiles[first], matrix[order[0]])}
                current = model.confidence(values[order])
                right = quote_in(item.source_quote or "", retriever.records[retriever.ids[first]]["text"])
            outcome = "decline" if item.expect_refusal else ("right" if right else "wrong")
            rows.append(ResidentRow(name, item.id, outcome, inputs, current))
            if progress:
                progress(len(rows), total)
    return rows


def _matrix(rows: list[ResidentRow]) -> np.ndarray:
    return np.asarray([[r.inputs[n] for n in CONFIDENCE_INPUTS] for r in rows], dtype=np.float64)


def fit_confidence(rows: list[ResidentRow]) -> tuple[np.ndarray, float]:
    """Logistic regression of right-first on CONFIDENCE_INPUTS (standardised, L2, C=1), returned as
    raw-input coefficients and intercept. An input whose coefficient comes out negative for the top
    score or the margin is left out and the rest refitted: the confidence never falls as either rises."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    x, y = _matrix(rows), np.asarray([r.right for r in rows], dtype=int)
    used = list(range(len(CONFIDENCE_INPUTS)))
    while True:
        scaler = StandardScaler().fit(x[:, used])
        scale = np.where(scaler.scale_ == 0, 1.0, scaler.scale_)
        model = LogisticRegression(C=1.0, max_iter=2000).fit((x[:, used] - scaler.mean_) / scale, y)
        coef = model.coef_[0] / scale
        negative = [used[i] for i, c in enumerate(coef) if c < 0 and used[i] < 2]
        if not negative:
            break
        used = [i for i in used if i not in negative]
    full = np.zeros(len(CONFIDENCE_INPUTS))
    full[used] = coef
    return full, float(model.intercept_[0] - np.dot(coef, scaler.mean_))


def predict_confidence(coef: np.ndarray, intercept: float, rows: list[ResidentRow]) -> np.ndarray:
    z = np.clip(_matrix(rows) @ coef + intercept, -50, 50)
    return 1.0 / (1.0 + np.exp(-z))


def _auc(positive: np.ndarray, negative: np.ndarray) -> float | None:
    from sklearn.metrics import roc_auc_score

    if not len(positive) or not len(negative):
        return None
    y = np.concatenate([np.ones(len(positive)), np.zeros(len(negative))])
    return round(float(roc_auc_score(y, np.concatenate([positive, negative]))), 3)


def confidence_figures(rows: list[ResidentRow], p: np.ndarray) -> dict:
    """Brier score, AUCs of right-first against wrong-first, should-decline and both, and a reliability table."""
    y = np.asarray([r.right for r in rows], dtype=float)
    outcome = np.asarray([r.outcome for r in rows])
    table = []
    for low, high in zip(RELIABILITY_BINS, RELIABILITY_BINS[1:], strict=False):
        inside = (p >= low) & ((p < high) if high < 1.0 else (p <= high))
        if inside.any():
            table.append({"bin": f"{low:.1f}-{high:.1f}", "n": int(inside.sum()),
                          "predicted": round(float(p[inside].mean()), 3), "observed": round(float(y[inside].mean()), 3)})
    right = p[outcome == "right"]
    return {"n": len(rows), "brier": round(float(np.mean((p - y) ** 2)), 4),
            "auc_right_vs_rest": _auc(right, p[outcome != "right"]),
            "auc_right_vs_wrong": _auc(right, p[outcome == "wrong"]),
            "auc_right_vs_decline": _auc(right, p[outcome == "decline"]),
            "reliability": table}


def best_threshold(rows: list[ResidentRow], p: np.ndarray, cost: float = WRONG_ANSWER_COST) -> dict:
    """The threshold (on a 0.05 grid) maximising right-first answered − cost × others answered, on
    held-out confidences; ties go to the lower threshold."""
    y = np.asarray([r.right for r in rows])
    best = None
    for t in np.round(np.arange(0.05, 1.0, 0.05), 2):
        answered = p >= t
        gain = float(np.sum(answered & y) - cost * np.sum(answered & ~y))
        if best is None or gain > best["gain"] + 1e-9:
            best = {"threshold": float(t), "gain": gain, "answered_right": int(np.sum(answered & y)),
                    "answered_wrong": int(np.sum(answered & ~y)), "held_back_right": int(np.sum(~answered & y))}
    return best | {"wrong_answer_cost": cost}


def calibrate_on_residents(rows: list[ResidentRow], model: LinearModel) -> tuple[LinearModel, dict]:
    """`model` with its confidence refitted on every resident row, and the leave-one-set-out figures
    (fit on the other sets, measure on each): the new calibration against the current one."""
    held_out = np.zeros(len(rows))
    sets = list(dict.fromkeys(r.set for r in rows))
    per_set = {}
    for name in sets:
        train = [r for r in rows if r.set != name]
        test_index = [i for i, r in enumerate(rows) if r.set == name]
        coef, intercept = fit_confidence(train)
        held_out[test_index] = predict_confidence(coef, intercept, [rows[i] for i in test_index])
        test = [rows[i] for i in test_index]
        per_set[name] = {"new": confidence_figures(test, held_out[test_index]),
                         "current": confidence_figures(test, np.asarray([r.current for r in test]))}
        for figures in per_set[name].values():
            figures.pop("reliability")
    current = np.asarray([r.current for r in rows])
    coef, intercept = fit_confidence(rows)
    figures = {
        "sets": {name: RESIDENT_SETS.get(name, name) for name in sets},
        "inputs": list(CONFIDENCE_INPUTS),
        "outcomes": {o: sum(r.outcome == o for r in rows) for o in ("right", "wrong", "decline")},
        "leave_one_set_out": {"new": confidence_figures(rows, held_out), "current": confidence_figures(rows, current),
                              "per_set": per_set},
        "threshold": best_threshold(rows, held_out),
        "threshold_current": best_threshold(rows, current),
    }
    calibrated = dataclasses.replace(model, confidence_coef=(float(coef[0]), float(coef[1])),
                                     confidence_intercept=intercept, confidence_features=CONFIDENCE_FEATURES,
                                     confidence_feature_coef=tuple(float(c) for c in coef[2:]))
    return calibrated, figures


def recalibrate(retriever: Retriever, ranker: Ranker, sets: dict[str, str] | None = None,
                log: Callable[[str], None] | None = None) -> Ranker:
    """`ranker` with the serving mode's confidence calibrated on the resident sets (its ranking
    models unchanged) and the figures in its training record."""
    say = log or (lambda message: None)
    model = ranker.model(CALIBRATED_MODE)
    if model is None:
        return ranker
    if model.confidence_features:  # calibrated before: measure against the similar-question calibration kept
        kept = (ranker.training.get("confidence_on_residents") or {}).get("similar_question_calibration")
        if not kept:
            raise ValueError("the ranker file does not keep its similar-question calibration: run `yibao train-ranker`")
        model = dataclasses.replace(model, confidence_coef=tuple(kept["coef"]), confidence_intercept=kept["intercept"],
                                    confidence_features=(), confidence_feature_coef=())
    say(f"{CALIBRATED_MODE}: 在居民问法的标注问题上校准置信度（留一集评估）…")
    rows = resident_rows(retriever, model, CALIBRATED_MODE, resident_items(sets))
    calibrated, figures = calibrate_on_residents(rows, model)
    figures["similar_question_calibration"] = {"coef": [round(c, 8) for c in model.confidence_coef],
                                               "intercept": round(model.confidence_intercept, 8)}
    training = dict(ranker.training) | {"confidence_on_residents": {"mode": CALIBRATED_MODE, **figures}}
    return Ranker(ranker.version, {**ranker.models, CALIBRATED_MODE: calibrated}, training)
