"""The learned ranking stage: a linear model over `bot.retrieval.features`, loaded from a JSON file.

The file (`corpus/ranker/ranker.json`, written by `yibao train-ranker`) holds, per retriever mode,
the features it reads, their standardisation, the coefficients of a logistic regression that scores
a (question, unit) pair, and a calibration (top score, margin over the second, and for the serving
mode the general signals of `bot.retrieval.features.CONFIDENCE_FEATURES`) that turns the best score
into the probability that the unit ranked first is the right one. No pickle: the
numbers are the model, and anyone can read or diff them.

`YIBAO_RANKER=off` ranks by reciprocal-rank fusion instead (for ablations); a missing file does the
same. `YIBAO_RANKER_FILE` names another model file.
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from bot.retrieval.features import CONFIDENCE_FEATURES, FEATURES, INDEX
from corpus import CORPUS_DIR

RANKER_PATH = CORPUS_DIR / "ranker" / "ranker.json"
RANKER_FORMAT = 1
RANKER_ENV = "YIBAO_RANKER"  # off: fuse by reciprocal rank instead
RANKER_FILE_ENV = "YIBAO_RANKER_FILE"  # another model file (e.g. one just trained, to measure it)


class RankerError(ValueError):
    """A ranker file that cannot be used (wrong format, unknown feature, lengths that disagree)."""


@dataclass(frozen=True)
class LinearModel:
    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    confidence_coef: tuple[float, float] = (1.0, 0.0)
    confidence_intercept: float = 0.0
    # further inputs of the calibration (bot.retrieval.features.CONFIDENCE_FEATURES) and their coefficients
    confidence_features: tuple[str, ...] = ()
    confidence_feature_coef: tuple[float, ...] = ()

    @classmethod
    def from_dict(cls, raw: dict) -> LinearModel:
        features = tuple(raw["features"])
        unknown = [f for f in features if f not in INDEX]
        if unknown:
            raise RankerError(f"ranker model reads unknown features: {', '.join(unknown)}")
        arrays = [np.asarray(raw[k], dtype=np.float64) for k in ("mean", "scale", "coef")]
        if any(a.shape != (len(features),) for a in arrays):
            raise RankerError("ranker model: mean, scale and coef must have one value per feature")
        confidence = raw.get("confidence") or {}
        coef = tuple(float(c) for c in confidence.get("coef", (1.0, 0.0)))
        if len(coef) != 2:
            raise RankerError("ranker model: the confidence calibration takes two coefficients")
        names = tuple(confidence.get("features", ()))
        extra = tuple(float(c) for c in confidence.get("feature_coef", ()))
        if len(names) != len(extra) or any(n not in CONFIDENCE_FEATURES for n in names):
            raise RankerError("ranker model: the confidence calibration's features must be known, one coefficient each")
        return cls(features, arrays[0], np.where(arrays[1] == 0, 1.0, arrays[1]), arrays[2],
                   float(raw["intercept"]), coef, float(confidence.get("intercept", 0.0)), names, extra)

    def to_dict(self) -> dict:
        return {
            "features": list(self.features),
            "mean": [round(float(v), 8) for v in self.mean],
            "scale": [round(float(v), 8) for v in self.scale],
            "coef": [round(float(v), 8) for v in self.coef],
            "intercept": round(self.intercept, 8),
            "confidence": {"coef": [round(c, 8) for c in self.confidence_coef],
                           "intercept": round(self.confidence_intercept, 8)}
            | ({"features": list(self.confidence_features),
                "feature_coef": [round(c, 8) for c in self.confidence_feature_coef]} if self.confidence_features else {}),
        }

    def columns(self) -> list[int]:
        return [INDEX[f] for f in self.features]

    def scores(self, matrix: np.ndarray) -> np.ndarray:
        """The log-odds that each row (a FEATURES row) is the unit asked for."""
        x = (matrix[:, self.columns()] - self.mean) / self.scale
        return x @ self.coef + self.intercept

    def confidence(self, scores: np.ndarray, inputs: dict[str, float] | None = None) -> float:
        """Calibrated probability that the best-scored unit is the right one, from the top score, its
        margin over the second and the calibration's further `inputs` (0 where one is not given)."""
        if len(scores) == 0:
            return 0.0
        ordered = np.sort(scores)[::-1]
        margin = float(ordered[0] - ordered[1]) if len(ordered) > 1 else 10.0
        z = self.confidence_coef[0] * float(ordered[0]) + self.confidence_coef[1] * margin + self.confidence_intercept
        given = inputs or {}
        z += sum(c * float(given.get(n, 0.0)) for n, c in zip(self.confidence_features, self.confidence_feature_coef,
                                                             strict=True))
        return 1.0 / (1.0 + math.exp(-max(min(z, 50.0), -50.0)))


@dataclass(frozen=True)
class Ranker:
    version: str
    models: dict[str, LinearModel]  # by retriever mode
    training: dict  # what `yibao train-ranker` measured (cross-validated figures)

    def model(self, mode: str) -> LinearModel | None:
        return self.models.get(mode)

    @property
    def answer_threshold(self) -> float | None:
        """The confidence below which the first passage is in doubt, as `yibao train-ranker` chose it
        on the resident sets' held-out confidences (None for a file trained without them)."""
        chosen = ((self.training.get("confidence_on_residents") or {}).get("threshold") or {}).get("threshold")
        return float(chosen) if isinstance(chosen, int | float) else None

    def to_dict(self) -> dict:
        return {"format": RANKER_FORMAT, "version": self.version, "feature_set": list(FEATURES),
                "models": {mode: m.to_dict() for mode, m in self.models.items()}, "training": self.training}

    def save(self, path: Path = RANKER_PATH) -> None:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.to_dict(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def parse_ranker(raw: dict) -> Ranker:
    if raw.get("format") != RANKER_FORMAT:
        raise RankerError(f"ranker file format {raw.get('format')!r}: this version reads format {RANKER_FORMAT}")
    models = {mode: LinearModel.from_dict(m) for mode, m in (raw.get("models") or {}).items()}
    return Ranker(str(raw.get("version", "")), models, dict(raw.get("training") or {}))


@lru_cache(maxsize=4)
def _load(path: str, mtime: float) -> Ranker:
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise RankerError(f"cannot read the ranker file {path}: {exc}") from exc
    return parse_ranker(raw)


def load_ranker(path: Path | None = None) -> Ranker | None:
    """The ranker of `path` (default: YIBAO_RANKER_FILE, else the packaged file; reloaded when the
    file changes), or None when there is no file."""
    path = Path(path or os.environ.get(RANKER_FILE_ENV) or RANKER_PATH)
    if not path.exists():
        return None
    return _load(str(path), path.stat().st_mtime)


def ranker_enabled(environ: dict[str, str] | None = None) -> bool:
    env = os.environ if environ is None else environ
    return (env.get(RANKER_ENV) or "on").strip().lower() not in ("off", "0", "false", "no")
