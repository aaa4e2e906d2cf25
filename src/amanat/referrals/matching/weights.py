"""Load and validate the matching weights (weights.yaml)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

DEFAULT_PATH = Path(__file__).resolve().parents[1] / "rules" / "matching" / "weights.yaml"
FACTORS = ("need_fit", "region", "language", "capacity", "response_time")


class WeightsError(ValueError):
    pass


@dataclass(frozen=True)
class MatchingWeights:
    weights: dict[str, float]  # normalised to sum 1
    region: dict[str, float]
    language: dict[str, float]
    capacity: dict[str, float]
    response_time_unknown: float
    factor_labels: dict[str, dict[str, str]]
    exclusion_labels: dict[str, dict[str, str]]


def _unit(section: dict, key: str, where: str) -> float:
    try:
        value = float(section[key])
    except (KeyError, TypeError, ValueError):
        raise WeightsError(f"{where}.{key}: missing or not a number") from None
    if not 0.0 <= value <= 1.0:
        raise WeightsError(f"{where}.{key}: {value} is outside [0, 1]")
    return value


@lru_cache(maxsize=8)
def load_weights(path: Path = DEFAULT_PATH) -> MatchingWeights:
    with Path(path).open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    if "source" not in data:
        raise WeightsError(f"{Path(path).name}: a 'source' block is required")
    raw = data["weights"]
    if set(raw) != set(FACTORS):
        raise WeightsError(f"weights: expected exactly {FACTORS}, got {tuple(raw)}")
    if any(float(raw[f]) < 0 for f in FACTORS) or sum(float(raw[f]) for f in FACTORS) <= 0:
        raise WeightsError("weights: must be non-negative with a positive sum")
    total = sum(float(raw[f]) for f in FACTORS)
    return MatchingWeights(
        weights={f: float(raw[f]) / total for f in FACTORS},
        region={
            k: _unit(data["region"], k, "region")
            for k in ("same_region", "nationwide", "same_country", "cross_border")
        },
        language={
            k: _unit(data["language"], k, "language") for k in ("shared", "not_shared", "unknown")
        },
        capacity={
            k: _unit(data["capacity"], k, "capacity")
            for k in ("available", "limited", "limited_below_share", "full", "unknown")
        },
        response_time_unknown=_unit(data["response_time"], "unknown", "response_time"),
        factor_labels=data["factor_labels"],
        exclusion_labels=data["exclusion_labels"],
    )
