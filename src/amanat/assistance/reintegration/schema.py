"""The shape of the reintegration instrument (`assistance/rules/rss_indicators.yaml`)."""

from __future__ import annotations

from pydantic import Field, field_validator, model_validator

from amanat.assistance.rulemodels import LabelEntry, Versioned
from amanat.rulefiles import RuleModel, problem


def _non_negative(weight: float) -> float:
    if weight < 0:
        raise problem(f"weight {weight} is negative")
    return weight


class DimensionEntry(RuleModel):
    code: str
    weight: float
    label: LabelEntry

    _weight = field_validator("weight")(_non_negative)


class OptionEntry(RuleModel):
    code: str
    value: float | None = None  # None: recorded but not scored
    label: LabelEntry

    @model_validator(mode="after")
    def _in_range(self) -> OptionEntry:
        if self.value is not None and not 0.0 <= self.value <= 1.0:
            raise problem(f"option {self.code}: value {self.value} is outside [0, 1]", "value")
        return self


class IndicatorEntry(RuleModel):
    code: str
    dimension: str
    scale: str
    weight: float
    topics: list[str] = Field(default_factory=list)
    label: LabelEntry
    question: LabelEntry

    _weight = field_validator("weight")(_non_negative)


class InstrumentFile(Versioned):
    disclaimer: LabelEntry
    dimensions: list[DimensionEntry]
    non_answers: list[OptionEntry]
    scales: dict[str, list[OptionEntry]]
    indicators: list[IndicatorEntry]

    @model_validator(mode="after")
    def _references(self) -> InstrumentFile:
        for index, option in enumerate(self.non_answers):
            if option.value is not None:
                raise problem(
                    f"non_answers {option.code}: must have no value", "non_answers", index, "value"
                )
        dimensions = {d.code for d in self.dimensions}
        seen: set[str] = set()
        for index, raw in enumerate(self.indicators):
            where = f"indicator {raw.code}"
            if raw.code in seen:
                raise problem(f"{where}: duplicate code", "indicators", index, "code")
            seen.add(raw.code)
            if raw.dimension not in dimensions:
                raise problem(
                    f"{where}: unknown dimension {raw.dimension!r}",
                    "indicators",
                    index,
                    "dimension",
                )
            if raw.scale not in self.scales:
                raise problem(f"{where}: unknown scale {raw.scale!r}", "indicators", index, "scale")
        for index, dimension in enumerate(self.dimensions):
            if not any(i.dimension == dimension.code for i in self.indicators):
                raise problem(
                    f"dimension {dimension.code}: has no indicators", "dimensions", index, "code"
                )
        return self
