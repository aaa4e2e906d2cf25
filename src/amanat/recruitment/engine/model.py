"""The indicator file's shape (`recruitment/rules/indicators.yaml`), validated by amanat.rulefiles."""

from __future__ import annotations

from typing import Literal

from pydantic import field_validator, model_validator

from amanat.rulefiles import RuleModel, check_unique, problem
from amanat.rulefiles.texts import OverlayTexts

# BCP 47 tags: Uzbek is written in Latin and in Cyrillic, with different patterns.
LANGUAGES = ("ru", "en", "kk", "ky", "tg", "uz-Latn", "uz-Cyrl")
Grade = Literal["A", "B", "C"]


class Texts(OverlayTexts):
    en: str
    ru: str


class Negators(RuleModel):
    """Words that cancel a negatable indicator when they stand just before (`before`, e.g. "без",
    "no") or just after (`after`, e.g. Turkic "жоқ", "yo'q") the matched phrase."""

    before: list[str] = []
    after: list[str] = []


class Indicator(RuleModel):
    id: str
    label: Texts
    grade: Grade
    weight: int
    source: str
    negatable: bool = False
    patterns: dict[str, list[str]]
    unless: dict[str, list[str]] = {}
    # ISO 3166-1 alpha-2 code -> beginnings of the matched phrases that name that country
    # (any script): which destinations an advertisement names, for monitoring statistics.
    countries: dict[str, list[str]] = {}

    @field_validator("countries")
    @classmethod
    def _countries(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        for code in value:
            if len(code) != 2 or not code.isascii() or not code.isupper():
                raise problem(f"'{code}' is not an ISO 3166-1 alpha-2 code", code)
        return value

    @field_validator("weight")
    @classmethod
    def _weight(cls, value: int) -> int:
        if not 1 <= value <= 10:
            raise problem("must be between 1 and 10")
        return value

    @field_validator("patterns", "unless")
    @classmethod
    def _languages(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        for language in value:
            if language not in LANGUAGES:
                raise problem(
                    f"unknown language '{language}' (allowed: {', '.join(LANGUAGES)})", language
                )
        return value

    @model_validator(mode="after")
    def _every_language(self) -> Indicator:
        missing = [language for language in LANGUAGES if not self.patterns.get(language)]
        if missing:
            raise problem(f"no patterns for {', '.join(missing)}", "patterns")
        return self


class Levels(RuleModel):
    medium: int
    high: int

    @model_validator(mode="after")
    def _order(self) -> Levels:
        if not 0 < self.medium < self.high:
            raise problem("needs 0 < medium < high")
        return self


class IndicatorFile(RuleModel):
    version: str
    grades: dict[Grade, str]
    levels: Levels
    disclaimer: Texts
    negators: dict[str, Negators]
    # name -> language -> entries: one lexicon per idea ("wages", "travel costs"), referred to
    # as `@name` in patterns, so a new word or form reaches every indicator that uses the idea.
    concepts: dict[str, dict[str, list[str]]] = {}
    indicators: list[Indicator]

    @field_validator("concepts")
    @classmethod
    def _concept_languages(cls, value: dict[str, dict[str, list[str]]]) -> dict:
        for name, entries in value.items():
            for language in entries:
                if language not in LANGUAGES:
                    raise problem(f"unknown language '{language}'", name, language)
            if any("@" in entry for items in entries.values() for entry in items):
                raise problem("a concept cannot refer to another concept", name)
        return value

    @model_validator(mode="after")
    def _known_concepts(self) -> IndicatorFile:
        for index, indicator in enumerate(self.indicators):
            for field in ("patterns", "unless"):
                for language, items in getattr(indicator, field).items():
                    for pattern in items:
                        for token in pattern.split():
                            if token.startswith("@") and token[1:] not in self.concepts:
                                raise problem(
                                    f"unknown concept '{token}'",
                                    "indicators", index, field, language,
                                )  # fmt: skip
        return self

    @field_validator("indicators")
    @classmethod
    def _unique(cls, value: list[Indicator]) -> list[Indicator]:
        return check_unique(value, "id", "duplicate indicator '{}'")
