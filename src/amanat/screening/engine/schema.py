"""The shape of a guide file, as pydantic models read by the one rule-file loader.

Checks that need only the file itself live here: keys (unknown keys are errors: a misspelt key
must not silently disable a rule), types, ids, translations in every declared language, grades,
levels and thresholds, duplicate ids within a list. Checks that follow references across the
guide in reading order (conditions, indicator references, fed guides) are in `loader.py`.
Problems keep the wording practitioners know, and name the exact place, e.g. `indicators[4].grade`.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator
from pydantic.functional_validators import PlainValidator

from amanat.rulefiles import RuleModel, problem

from .model import FACT_TYPES, GRADES, METHODS, QUESTION_TYPES

REQUIRED_LANGUAGES = ("en", "ru")
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_.\-]*$")
# Option ids may keep the spelling of a standard picklist (HTCDS values are CamelCase).
OPTION_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")
LANGUAGE_PATTERN = re.compile(r"^[a-z]{2,3}$")
LEVEL_IDS = ("individual", "household", "community")
PROFILE_IDS = ("low", "medium", "high")
GRADE_SET_KEYS = tuple(
    "_or_".join(combo)
    for combo in (("strong",), ("medium",), ("weak",), ("strong", "medium"), ("medium", "weak"),
                  ("strong", "weak"), ("strong", "medium", "weak"))
)  # fmt: skip


def _identifier(pattern: re.Pattern) -> PlainValidator:
    def check(raw: Any) -> str:
        if not isinstance(raw, str) or not pattern.match(raw):
            raise problem(f"'{raw}' is not a valid id (lower-case letters, digits, '_', '.', '-')")
        return raw

    return PlainValidator(check)


def _non_empty(raw: Any) -> str:
    if not isinstance(raw, str) or not raw.strip():
        raise problem("expected a non-empty string")
    return raw


def _integer(minimum: int | None = None) -> PlainValidator:
    def check(raw: Any) -> int:
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise problem(f"expected an integer, found {raw!r}")
        if minimum is not None and raw < minimum:
            raise problem(f"must be at least {minimum}")
        return raw

    return PlainValidator(check)


def _number(raw: Any) -> float:
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        raise problem(f"expected a number, found {raw!r}")
    return raw


def _text(raw: Any, info: ValidationInfo) -> dict[str, str]:
    """A label: every language the guide declares present and non-empty."""
    if not isinstance(raw, dict):
        raise problem("expected a mapping of language code to text, e.g. {en: ..., ru: ...}")
    for code, value in raw.items():
        if not isinstance(code, str) or not LANGUAGE_PATTERN.match(code):
            raise problem(f"'{code}' is not an ISO 639 language code", str(code))
        if not isinstance(value, str) or not value.strip():
            raise problem("translation must be a non-empty string", code)
    languages = (info.context or {}).get("languages", REQUIRED_LANGUAGES)
    for code in languages:
        if code not in raw:
            raise problem(
                f"missing translation '{code}' (the guide declares languages {list(languages)})",
                code,
            )
    return dict(raw)


def _one_of(allowed: tuple[str, ...], sentence: str | None = None) -> PlainValidator:
    def check(raw: Any) -> str:
        if raw not in allowed:
            raise problem(
                sentence.format(raw) if sentence else f"'{raw}' is not one of {', '.join(allowed)}"
            )
        return raw

    return PlainValidator(check)


def _list(raw: Any, *, allow_empty: bool = True) -> list:
    if not isinstance(raw, list):
        raise problem(f"expected a list, found {type(raw).__name__}")
    if not raw and not allow_empty:
        raise problem("must not be empty")
    return raw


def _unique(items: list, what: str) -> None:
    seen: set[str] = set()
    for index, item in enumerate(items):
        if item.id in seen:
            raise problem(f"duplicate {what} id '{item.id}'", index, "id")
        seen.add(item.id)


Identifier = Annotated[str, _identifier(ID_PATTERN)]
OptionId = Annotated[str, _identifier(OPTION_PATTERN)]
NonEmpty = Annotated[str, PlainValidator(_non_empty)]
Integer = Annotated[int, _integer()]
Positive = Annotated[int, _integer(minimum=1)]
Number = Annotated[float, PlainValidator(_number)]
Text = Annotated[dict[str, str], PlainValidator(_text)]
Refs = Annotated[list, PlainValidator(_list)]
NonEmptyList = Annotated[list, PlainValidator(lambda raw: _list(raw, allow_empty=False))]


def _version(raw: Any) -> str | int | float:
    if not isinstance(raw, str | int | float) or isinstance(raw, bool):
        raise problem("expected a version string such as '1.0'")
    return raw


def _languages(raw: Any, info: ValidationInfo) -> tuple[str, ...]:
    languages = tuple(_list(raw, allow_empty=False))
    for i, code in enumerate(languages):
        if not isinstance(code, str) or not LANGUAGE_PATTERN.match(code):
            raise problem(f"'{code}' is not an ISO 639 language code", i)
    for code in REQUIRED_LANGUAGES:
        if code not in languages:
            raise problem(
                f"must include '{code}' (English and Russian are complete in every guide)"
            )
    if isinstance(info.context, dict):
        info.context["languages"] = languages  # the labels after this point need them all
    return languages


class Source(RuleModel):
    document: NonEmpty
    publisher: NonEmpty
    year: Any
    identifier: Any = None
    table: Any = None
    section: Any = None
    url: Any = None
    provenance: Any = None
    notes: Any = None
    method: Any = None


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
        return _list(raw, allow_empty=False)


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
        levels = _list(raw)
        if len(levels) != len(LEVEL_IDS):
            raise problem(f"expected the levels {', '.join(LEVEL_IDS)} in this order")
        for i, level in enumerate(levels):
            if isinstance(level, dict) and "id" in level and level["id"] != LEVEL_IDS[i]:
                raise problem(f"expected '{LEVEL_IDS[i]}'", i, "id")
        return levels

    @field_validator("categories")
    @classmethod
    def _unique_categories(cls, categories: list[CategorySpec]) -> list[CategorySpec]:
        _unique(categories, "category")
        return categories


SCORING_MODELS = {
    "delphi": DelphiScoring,
    "checklist": ChecklistScoring,
    "composite": CompositeScoring,
    "vulnerability": VulnerabilityScoring,
}
Scoring = DelphiScoring | ChecklistScoring | CompositeScoring | VulnerabilityScoring


class DimensionSpec(RuleModel):
    id: Positive
    label: Text


_INDICATOR_KEYS = {
    "delphi": (("id", "dimension", "grade", "label"), ("alternative_grades", "note")),
    "vulnerability": (("id", "level", "kind", "weight", "label"), ("note",)),
}


class IndicatorSpec(RuleModel):
    id: Identifier
    label: Text
    note: Text | None = None
    dimension: Any = None
    grade: Annotated[str, _one_of(GRADES)] | None = None
    alternative_grades: Refs = []
    level: Annotated[str, _one_of((*LEVEL_IDS, "structural"))] | None = None
    kind: (
        Annotated[str, _one_of(("risk", "protective"), "'{}' is not risk or protective")] | None
    ) = None
    weight: Positive | None = None

    @classmethod
    def allowed_keys(cls, context: dict | None = None) -> set[str]:
        required, optional = _INDICATOR_KEYS.get(
            (context or {}).get("method"), (("id", "label"), ("note",))
        )
        return {*required, *optional}

    @classmethod
    def required_keys(cls, context: dict | None = None) -> tuple[str, ...]:
        return _INDICATOR_KEYS.get((context or {}).get("method"), (("id", "label"), ()))[0]

    @model_validator(mode="after")
    def _other_grades(self) -> IndicatorSpec:
        for j, grade in enumerate(self.alternative_grades):
            if grade not in GRADES or grade == self.grade:
                raise problem(
                    f"'{grade}' must be a grade other than '{self.grade}'", "alternative_grades", j
                )
        return self


class OptionSpec(RuleModel):
    id: OptionId
    label: Text
    indicators: Refs = []


class QuestionSpec(RuleModel):
    id: Identifier
    type: Annotated[str, _one_of(QUESTION_TYPES)]
    label: Text
    help: Text | None = None
    options: list[OptionSpec] | None = None
    show_if: Any = None
    indicators: Refs = []
    sets_fact: Any = None
    min: Number | None = None
    max: Number | None = None
    vocabulary: Any = None

    @model_validator(mode="before")
    @classmethod
    def _fits_its_type(cls, raw: Any) -> Any:
        """Options, indicators, facts and bounds only where the question type has them."""
        if not isinstance(raw, dict) or raw.get("type") not in QUESTION_TYPES:
            return raw
        kind = raw["type"]
        if kind in ("single_choice", "multiple_choice"):
            if "options" not in raw:
                raise problem(f"a {kind} question needs options", "options")
            options = raw["options"]
            if not isinstance(options, list):
                raise problem(f"expected a list, found {type(options).__name__}", "options")
            if not options:
                raise problem("must not be empty", "options")
        elif "options" in raw:
            raise problem(f"a {kind} question has no options", "options")
        if "indicators" in raw and kind != "yes_no":
            raise problem(
                "only yes_no questions map to indicators directly; map options instead",
                "indicators",
            )
        sets_fact = raw.get("sets_fact")
        if sets_fact is not None:
            expected = {"number": "number", "yes_no": "bool"}.get(kind)
            if sets_fact not in FACT_TYPES or FACT_TYPES[sets_fact] != expected:
                raise problem(f"'{sets_fact}' cannot be set by a {kind} question", "sets_fact")
        for bound in ("min", "max"):
            if bound in raw and kind != "number":
                raise problem(f"only number questions have '{bound}'", bound)
        return raw

    @field_validator("options")
    @classmethod
    def _unique_options(cls, options: list[OptionSpec] | None) -> list[OptionSpec] | None:
        _unique(options or [], "option")
        return options


class SectionSpec(RuleModel):
    id: Identifier
    title: Text
    questions: list[QuestionSpec]
    help: Text | None = None
    show_if: Any = None


class GuideFile(RuleModel):
    """A whole guide. `languages` comes first: every label after it must have them all."""

    languages: Annotated[tuple[str, ...], PlainValidator(_languages)]
    id: Identifier
    version: Annotated[Any, PlainValidator(_version)]
    title: Text
    description: Text | None = None
    source: Source
    scoring: Scoring = Field(discriminator="method")
    dimensions: list[DimensionSpec] = []
    indicators: list[IndicatorSpec] = []
    sections: list[SectionSpec] = []

    @model_validator(mode="before")
    @classmethod
    def _method_first(cls, raw: Any, info: ValidationInfo) -> Any:
        """The scoring method decides the keys of indicators: read it before them."""
        if not isinstance(raw, dict) or not isinstance(raw.get("scoring"), dict):
            return raw
        method = raw["scoring"].get("method")
        if method not in METHODS:
            if "method" not in raw["scoring"]:
                raise problem("is required", "scoring", "method")
            raise problem(f"'{method}' is not one of {', '.join(METHODS)}", "scoring", "method")
        if isinstance(info.context, dict):
            info.context["method"] = method
        return raw

    @field_validator("dimensions")
    @classmethod
    def _numbered_in_order(cls, dimensions: list[DimensionSpec]) -> list[DimensionSpec]:
        for i, dimension in enumerate(dimensions):
            if dimension.id != i + 1:
                raise problem(
                    f"dimensions are numbered 1, 2, ... in order; expected {i + 1}", i, "id"
                )
        return dimensions

    @field_validator("indicators")
    @classmethod
    def _unique_indicators(cls, indicators: list[IndicatorSpec]) -> list[IndicatorSpec]:
        _unique(indicators, "indicator")
        return indicators

    @field_validator("sections")
    @classmethod
    def _unique_sections(cls, sections: list[SectionSpec]) -> list[SectionSpec]:
        _unique(sections, "section")
        return sections

    @model_validator(mode="after")
    def _fits_its_method(self) -> GuideFile:
        method = self.scoring.method
        dimension_ids = {d.id for d in self.dimensions}
        if method == "delphi":
            if not self.dimensions:
                raise problem("a delphi guide needs dimensions", "dimensions")
            for i, indicator in enumerate(self.indicators):
                if indicator.dimension not in dimension_ids:
                    raise problem(
                        f"unknown dimension '{indicator.dimension}'", "indicators", i, "dimension"
                    )
        if method == "checklist" and not self.indicators:
            raise problem("a checklist guide needs indicators", "indicators")
        return self
