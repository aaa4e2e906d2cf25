"""The `scoring` block of a guide file, one model per method."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, field_validator, model_validator

from amanat.rulefiles import RuleModel, problem

from ._shared import (
    GRADE_SET_KEYS,
    LEVEL_IDS,
    Identifier,
    Integer,
    NonEmpty,
    NonEmptyList,
    Positive,
    Text,
    as_list,
    unique_ids,
)


class RuleSpec(RuleModel):
    id: Identifier
    description: Text
    citation: NonEmpty


class Clause(RuleModel):
    label: Text
    minimums: dict[str, Any]

    @field_validator("minimums", mode="before")
    @classmethod
    def _grade_sets(cls, raw: Any) -> dict:
        if not isinstance(raw, dict):
            raise problem(f"expected a mapping, found {type(raw).__name__}")
        used: set[str] = set()
        for key, count in raw.items():
            if key not in GRADE_SET_KEYS:
                allowed = ", ".join(sorted(GRADE_SET_KEYS))
                raise problem(f"unknown key '{key}' (allowed: {allowed})", str(key))
            grades = frozenset(key.split("_or_"))
            if grades & used:
                raise problem("grade sets in one clause must not overlap", key)
            used |= grades
            if isinstance(count, bool) or not isinstance(count, int):
                raise problem(f"expected an integer, found {count!r}", key)
            if count < 1:
                raise problem("must be at least 1", key)
        return raw

    def grade_minimums(self) -> tuple[tuple[frozenset[str], int], ...]:
        return tuple((frozenset(key.split("_or_")), count) for key, count in self.minimums.items())


class DimensionRule(RuleSpec):
    clauses: Annotated[list[Clause], Field()]

    @field_validator("clauses", mode="before")
    @classmethod
    def _not_empty(cls, raw: Any) -> list:
        return as_list(raw, allow_empty=False)


class ConclusionRule(RuleSpec):
    condition: Any


class AppliesTo(RuleModel):
    age_min: Integer | None = None
    age_below: Integer | None = None


class DelphiScoring(RuleModel):
    method: Literal["delphi"]
    dimension_rule: DimensionRule
    conclusion_rule: ConclusionRule
    applies_to: AppliesTo = AppliesTo()


class ChecklistScoring(RuleModel):
    method: Literal["checklist"]
    rule: RuleSpec


class CompositeScoring(RuleModel):
    method: Literal["composite"]
    rule: RuleSpec
    feeds: NonEmptyList


class Thresholds(RuleModel):
    medium: Positive
    high: Positive


class LevelSpec(RuleModel):
    id: str
    label: Text
    thresholds: Thresholds

    @model_validator(mode="after")
    def _high_above_medium(self) -> LevelSpec:
        if self.thresholds.high <= self.thresholds.medium:
            raise problem("must be greater than medium", "thresholds", "high")
        return self


class StructuralLevel(RuleModel):
    id: str
    label: Text

    @field_validator("id")
    @classmethod
    def _structural(cls, value: str) -> str:
        if value != "structural":
            raise problem("expected 'structural'")
        return value


class Profiles(RuleModel):
    low: Text
    medium: Text
    high: Text


class Overall(RuleModel):
    thresholds: Thresholds
    at_least_highest_level: Any

    @field_validator("at_least_highest_level")
    @classmethod
    def _boolean(cls, value: Any) -> bool:
        if not isinstance(value, bool):
            raise problem("must be true or false")
        return value


class CategorySpec(RuleModel):
    id: Identifier
    label: Text
    when: Any


class VulnerabilityScoring(RuleModel):
    method: Literal["vulnerability"]
    rule: RuleSpec
    levels: list[LevelSpec]
    structural_level: StructuralLevel
    profiles: Profiles
    overall: Overall
    category_rule: RuleSpec
    categories: list[CategorySpec]

    @field_validator("levels", mode="before")
    @classmethod
    def _three_levels_in_order(cls, raw: Any) -> list:
        levels = as_list(raw)
        if len(levels) != len(LEVEL_IDS):
            raise problem(f"expected the levels {', '.join(LEVEL_IDS)} in this order")
        for i, level in enumerate(levels):
            if isinstance(level, dict) and "id" in level and level["id"] != LEVEL_IDS[i]:
                raise problem(f"expected '{LEVEL_IDS[i]}'", i, "id")
        return levels

    @field_validator("categories")
    @classmethod
    def _unique_categories(cls, categories: list[CategorySpec]) -> list[CategorySpec]:
        unique_ids(categories, "category")
        return categories


SCORING_MODELS = {
    "delphi": DelphiScoring,
    "checklist": ChecklistScoring,
    "composite": CompositeScoring,
    "vulnerability": VulnerabilityScoring,
}
Scoring = DelphiScoring | ChecklistScoring | CompositeScoring | VulnerabilityScoring
