"""The shapes of the CTDC rule files (`insights/rules/ctdc/*.yaml`), read through amanat.rulefiles.

The loaders (`codebook`, `hierarchy`, `from_cases`) turn these models into the dataclasses their
callers use; checks that need more than one file stay in the loaders.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field, field_validator

from amanat.rulefiles import RuleModel, problem

COLUMN_KINDS = ("year", "category", "multi_category", "country", "binary", "text")

Bilingual = dict[str, str]  # {"en": ..., "ru": ...}


class Column(RuleModel):
    name: str
    number: int | None = None
    kind: str
    required: bool = True
    values: list[str | int] = Field(default_factory=list)
    also_accepted: dict[str, str] = Field(default_factory=dict)
    separator: str | None = None

    @field_validator("kind")
    @classmethod
    def _known_kind(cls, kind: str) -> str:
        if kind not in COLUMN_KINDS:
            raise problem(f"unknown kind {kind!r} (known: {', '.join(COLUMN_KINDS)})")
        return kind


class Member(RuleModel):
    column: str
    label: Bilingual


class Group(RuleModel):
    label: Bilingual
    members: list[Member]
    not_specified: list[str] = Field(default_factory=list)


class YearRange(RuleModel):
    min: int


class Labels(RuleModel):
    variables: dict[str, Bilingual] = Field(default_factory=dict)
    categories: dict[str, Bilingual] = Field(default_factory=dict)


class CodebookFile(RuleModel):
    source: dict[str, Any]
    missing_codes: list[str | int]
    ignored_columns: list[str] = Field(default_factory=list)
    column_aliases: dict[str, str] = Field(default_factory=dict)
    year_range: YearRange
    country_unknown_codes: list[str | int]
    country_missing_codes: list[str | int]
    columns: list[Column]
    multi_select_groups: dict[str, Group]
    labels: Labels = Field(default_factory=Labels)


class MapStep(RuleModel):
    name: Bilingual
    map: dict[str | int, str | int]


class PeriodStep(RuleModel):
    name: Bilingual
    width: int = Field(gt=0)


class M49Step(RuleModel):
    name: Bilingual
    level: str

    @field_validator("level")
    @classmethod
    def _known_level(cls, level: str) -> str:
        if level not in ("subregion", "region"):
            raise problem(f"unknown level {level!r} (known: subregion, region)")
        return level


class Hierarchy(RuleModel):
    maps: list[MapStep] | None = None
    periods: list[PeriodStep] | None = None
    m49: list[M49Step] | None = None


class HierarchiesFile(RuleModel):
    source: dict[str, Any]
    default_k: int = Field(ge=1)
    default_quasi_identifiers: list[str]
    suppressed_value: str
    hierarchies: dict[str, Hierarchy]


class Subregion(RuleModel):
    label: Bilingual
    region: str
    countries: list[str]


class M49File(RuleModel):
    source: dict[str, Any]
    regions: dict[str, Bilingual]
    subregions: dict[str, Subregion]


class Relation(RuleModel):
    category: str
    column: str


class Channels(RuleModel):
    personal_contacts: list[str]


class CaseMappingFile(RuleModel):
    source: dict[str, Any]
    datasource: str
    majority_age: int
    gender: dict[str, str]
    age_bands: list[tuple[int, int | None, str]]
    exploitation: dict[str, list[str]]
    exploitation_columns: list[str]
    sex_and_labour: str
    means_of_control: dict[str, str]
    means_of_control_not_specified: str
    labour_industry: dict[str, str]
    labour_industry_other: str
    labour_from_exploitation: dict[str, str]
    labour_not_specified: str
    recruiter_relationship: dict[str, Relation]
    recruitment_channels: Channels
