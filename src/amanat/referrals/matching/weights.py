"""Load and validate the matching weights (rules/matching/weights.yaml)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any

from pydantic import AfterValidator, model_validator

from amanat import rulefiles
from amanat.rulefiles import RuleFileError, RuleModel, problem

DEFAULT_PATH = Path(__file__).resolve().parents[1] / "rules" / "matching" / "weights.yaml"
FACTORS = ("need_fit", "region", "language", "capacity", "response_time")


class WeightsError(RuleFileError):
    """The weights file is malformed: each problem names the file, line and place."""


@dataclass(frozen=True)
class MatchingWeights:
    weights: dict[str, float]  # normalised to sum 1
    region: dict[str, float]
    language: dict[str, float]
    capacity: dict[str, float]
    response_time_unknown: float
    factor_labels: dict[str, dict[str, str]]
    exclusion_labels: dict[str, dict[str, str]]


def _unit(value: float) -> float:
    if not 0.0 <= value <= 1.0:
        raise problem(f"{value} is outside [0, 1]")
    return value


Unit = Annotated[float, AfterValidator(_unit)]


class Weights(RuleModel):
    need_fit: float
    region: float
    language: float
    capacity: float
    response_time: float

    @model_validator(mode="after")
    def _positive(self) -> Weights:
        values = [getattr(self, f) for f in FACTORS]
        if any(v < 0 for v in values) or sum(values) <= 0:
            raise problem("must be non-negative with a positive sum")
        return self


class RegionValues(RuleModel):
    same_region: Unit
    nationwide: Unit
    same_country: Unit
    cross_border: Unit


class LanguageValues(RuleModel):
    shared: Unit
    not_shared: Unit
    unknown: Unit


class CapacityValues(RuleModel):
    available: Unit
    limited: Unit
    limited_below_share: Unit
    full: Unit
    unknown: Unit


class ResponseTimeValues(RuleModel):
    unknown: Unit


class WeightsFile(RuleModel):
    source: dict[str, Any]
    weights: Weights
    region: RegionValues
    language: LanguageValues
    capacity: CapacityValues
    response_time: ResponseTimeValues
    factor_labels: dict[str, dict[str, str]]
    exclusion_labels: dict[str, dict[str, str]]


@lru_cache(maxsize=8)
def load_weights(path: Path = DEFAULT_PATH) -> MatchingWeights:
    data = rulefiles.load(path, WeightsFile, error=WeightsError)
    raw = data.weights.model_dump()
    total = sum(raw.values())
    return MatchingWeights(
        weights={f: raw[f] / total for f in FACTORS},
        region=data.region.model_dump(),
        language=data.language.model_dump(),
        capacity=data.capacity.model_dump(),
        response_time_unknown=data.response_time.unknown,
        factor_labels=data.factor_labels,
        exclusion_labels=data.exclusion_labels,
    )
