"""A whole guide file: languages, source, dimensions, indicators, sections and scoring."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, ValidationInfo, field_validator, model_validator
from pydantic.functional_validators import PlainValidator

from amanat.rulefiles import RuleModel, problem

from ..model import FACT_TYPES, GRADES, METHODS, QUESTION_TYPES
from ._shared import (
    LEVEL_IDS,
    Identifier,
    NonEmpty,
    Number,
    OptionId,
    Positive,
    Refs,
    Text,
    language_list,
    one_of,
    unique_ids,
    version_value,
)
from .scoring import Scoring


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
    grade: Annotated[str, one_of(GRADES)] | None = None
    alternative_grades: Refs = []
    level: Annotated[str, one_of((*LEVEL_IDS, "structural"))] | None = None
    kind: (
        Annotated[str, one_of(("risk", "protective"), "'{}' is not risk or protective")] | None
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
    type: Annotated[str, one_of(QUESTION_TYPES)]
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
        unique_ids(options or [], "option")
        return options


class SectionSpec(RuleModel):
    id: Identifier
    title: Text
    questions: list[QuestionSpec]
    help: Text | None = None
    show_if: Any = None


class GuideFile(RuleModel):
    """A whole guide. `languages` comes first: every label after it must have them all."""

    languages: Annotated[tuple[str, ...], PlainValidator(language_list)]
    id: Identifier
    version: Annotated[Any, PlainValidator(version_value)]
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
        unique_ids(indicators, "indicator")
        return indicators

    @field_validator("sections")
    @classmethod
    def _unique_sections(cls, sections: list[SectionSpec]) -> list[SectionSpec]:
        unique_ids(sections, "section")
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
