"""The ranker's confidence calibrated on residents' wording: the model file's calibration, the
held-out figures, and the property that it never falls as the top score or its margin rises."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from bot.retrieval.features import CONFIDENCE_FEATURES
from bot.retrieval.learning import (
    CALIBRATED_MODE,
    CONFIDENCE_INPUTS,
    ResidentRow,
    best_threshold,
    confidence_figures,
    fit_confidence,
)
from bot.retrieval.ranker import LinearModel, RankerError, load_ranker


def calibrated() -> LinearModel:
    return LinearModel.from_dict({
        "features": ["body_bm25_rel"], "mean": [0.0], "scale": [1.0], "coef": [1.0], "intercept": 0.0,
        "confidence": {"coef": [1.0, 0.5], "intercept": -1.0, "features": ["rare_cover", "in_scope"],
                       "feature_coef": [2.0, 3.0]},
    })


def resident(outcome: str, **inputs: float) -> ResidentRow:
    return ResidentRow("s", "x", outcome, {n: inputs.get(n, 0.0) for n in CONFIDENCE_INPUTS}, 0.5)


def test_the_confidence_adds_the_calibrations_further_inputs():
    # top 1, margin 2: 1·1 + 0.5·2 − 1 + 2·0.5 + 3·1 = 5
    value = calibrated().confidence(np.array([-1.0, 1.0]), {"rare_cover": 0.5, "in_scope": 1.0})
    assert value == pytest.approx(1 / (1 + math.exp(-5)))


def test_a_calibration_reading_an_unknown_input_is_refused():
    raw = calibrated().to_dict()
    raw["confidence"]["features"] = ["shoe_size", "in_scope"]
    with pytest.raises(RankerError, match="confidence"):
        LinearModel.from_dict(raw)


def test_the_packaged_serving_model_is_calibrated_on_the_general_inputs_and_gives_a_probability():
    model = load_ranker().model(CALIBRATED_MODE)
    assert model.confidence_features == CONFIDENCE_FEATURES
    value = model.confidence(np.array([3.0, 1.0, 0.5]), {"question_dense_cos": 0.8, "rare_cover": 1.0, "in_scope": 1.0})
    assert 0.0 <= value <= 1.0


def test_the_packaged_confidence_rises_with_the_top_score_at_a_fixed_margin():
    model = load_ranker().model(CALIBRATED_MODE)
    inputs = {"question_dense_cos": 0.7, "rare_cover": 0.5, "in_scope": 1.0}
    low, high = (model.confidence(np.array([top, top - 1.0]), inputs) for top in (0.0, 4.0))
    assert model.confidence_coef[0] >= 0 and high >= low


def test_the_training_record_holds_the_held_out_figures_of_both_calibrations():
    record = load_ranker().training["confidence_on_residents"]
    held = record["leave_one_set_out"]
    assert set(held["per_set"]) == {"dev", "dev2", "dev3", "regression"}
    assert held["new"]["n"] == held["current"]["n"] == sum(record["outcomes"].values())


def test_a_top_score_that_predicts_wrongly_is_left_out_of_the_fit():
    # right-first when the top score is low: a negative coefficient, so the top score is not used
    rows = [resident("right", top=float(i % 3), rare_cover=1.0) for i in range(20)]
    rows += [resident("wrong", top=float(3 + i % 3), rare_cover=0.0) for i in range(20)]
    coef, _ = fit_confidence(rows)
    assert coef[CONFIDENCE_INPUTS.index("top")] == 0.0


def test_the_figures_give_the_brier_score_aucs_and_reliability_of_a_small_set():
    rows = [resident("right"), resident("right"), resident("wrong"), resident("decline")]
    figures = confidence_figures(rows, np.array([0.9, 0.7, 0.8, 0.1]))
    # (0.01 + 0.09 + 0.64 + 0.01) / 4
    assert figures["brier"] == pytest.approx(0.1875)
    # right 0.9, 0.7 against wrong 0.8: one of two pairs ordered; against decline 0.1: both
    assert (figures["auc_right_vs_wrong"], figures["auc_right_vs_decline"], figures["auc_right_vs_rest"]) == (0.5, 1.0, 0.75)
    assert figures["reliability"] == [{"bin": "0.0-0.2", "n": 1, "predicted": 0.1, "observed": 0.0},
                                      {"bin": "0.6-0.8", "n": 1, "predicted": 0.7, "observed": 1.0},
                                      {"bin": "0.8-1.0", "n": 2, "predicted": 0.85, "observed": 0.5}]


def test_the_threshold_maximises_right_answers_less_wrong_ones():
    rows = [resident("right"), resident("right"), resident("wrong"), resident("decline")]
    best = best_threshold(rows, np.array([0.9, 0.7, 0.3, 0.1]))
    # at 0.35 … 0.7 both right ones are answered and neither other: gain 2; the lowest such is 0.35
    assert (best["threshold"], best["gain"], best["answered_wrong"]) == (0.35, 2.0, 0)


def test_the_answering_threshold_is_the_one_the_ranker_file_carries(tmp_path, monkeypatch):
    from bot.answers.compose import retrieval_doubt

    raw = load_ranker().to_dict()
    raw["training"]["confidence_on_residents"]["threshold"]["threshold"] = 0.25
    path = tmp_path / "ranker.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    monkeypatch.setenv("YIBAO_RANKER_FILE", str(path))
    assert retrieval_doubt() == 0.25


def test_a_ranker_file_without_a_chosen_threshold_leaves_the_default(tmp_path, monkeypatch):
    from bot.answers.compose import RETRIEVAL_DOUBT, retrieval_doubt

    raw = load_ranker().to_dict()
    raw["training"].pop("confidence_on_residents")
    path = tmp_path / "ranker.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    monkeypatch.setenv("YIBAO_RANKER_FILE", str(path))
    assert load_ranker().answer_threshold is None
    assert retrieval_doubt() == RETRIEVAL_DOUBT
