"""The microdata declaration (`insights/rules/microdata/microdata.yaml`): variables, the declared
quasi-identifiers and their generalisation hierarchies, as polars expressions (no Django)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import polars as pl
from pydantic import Field, model_validator

from amanat import rulefiles
from amanat.core import vocabularies
from amanat.insights.ctdc.hierarchy import Level, as_text, m49_maps
from amanat.insights.i18n import bilingual, pgettext_lazy
from amanat.rulefiles import RuleModel, problem

SPEC_PATH = Path(__file__).resolve().parents[1] / "rules" / "microdata" / "microdata.yaml"
Bilingual = dict[str, str]


class LevelEntry(RuleModel):
    name: Bilingual
    map: dict[str, str] = Field(default_factory=dict)
    labels: dict[str, Bilingual] = Field(default_factory=dict)
    country_of_region: bool = False


class QuasiIdentifier(RuleModel):
    label: Bilingual
    vocabulary: str | None = None
    bands: list[tuple[int, int | None, str]] | None = None
    countries: bool = False
    regions: bool = False
    m49: list[str] = Field(default_factory=list)
    periods: list[int] = Field(default_factory=list)
    levels: list[LevelEntry] = Field(default_factory=list)

    @model_validator(mode="after")
    def _one_kind(self) -> QuasiIdentifier:
        kinds = [self.vocabulary is not None, self.bands is not None, self.countries, self.regions]
        kinds.append(bool(self.periods))
        if sum(kinds) != 1:
            raise problem("give exactly one of vocabulary, bands, countries, regions, periods")
        if any(level not in ("subregion", "region") for level in self.m49):
            raise problem("m49 levels are subregion or region", "m49")
        return self


class Variable(RuleModel):
    label: Bilingual
    vocabulary: str | None = None
    binary: str | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> Variable:
        if (self.vocabulary is None) == (self.binary is None):
            raise problem("give exactly one of vocabulary or binary")
        return self


class MicrodataFile(RuleModel):
    source: dict[str, Any]
    default_k: int = Field(ge=2)
    max_suppressed_fraction: float = Field(ge=0, le=1)
    suppressed_value: str
    suppressed_code: int
    missing_code: int
    quasi_identifiers: dict[str, QuasiIdentifier]
    variables: dict[str, Variable]

    @model_validator(mode="after")
    def _names_fit_stata(self) -> MicrodataFile:
        for name in [*self.quasi_identifiers, *self.variables]:
            if len(name) > 32 or not name.isidentifier():
                raise problem(f"{name!r}: a variable name has at most 32 letters, digits or _")
        return self


@cache
def load_spec() -> MicrodataFile:
    return rulefiles.load(SPEC_PATH, MicrodataFile)


@dataclass(frozen=True)
class MicrodataHierarchies:
    """The interface `insights.ctdc.kanon.k_anonymise` expects, over the microdata declaration."""

    default_k: int
    default_quasi_identifiers: tuple[str, ...]
    suppressed_value: str
    source: dict

    def levels(self, column: str) -> list[Level]:
        return qi_levels(column, self.suppressed_value)


def hierarchies() -> MicrodataHierarchies:
    spec = load_spec()
    return MicrodataHierarchies(
        default_k=spec.default_k,
        default_quasi_identifiers=tuple(spec.quasi_identifiers),
        suppressed_value=spec.suppressed_value,
        source=spec.source,
    )


def qi_levels(column: str, suppressed_value: str) -> list[Level]:
    """Levels 1..n of a quasi-identifier (level 0 is the value itself); the last suppresses."""
    qi = load_spec().quasi_identifiers[column]
    levels: list[Level] = []
    expr = as_text(column)
    for step in qi.levels:
        # A region's code starts with its country's (ISO 3166-2), so the country is a slice.
        expr = expr.str.slice(0, 2) if step.country_of_region else expr.replace(dict(step.map))
        levels.append(Level(dict(step.name), expr))
    for width in qi.periods:
        year = pl.col(column).cast(pl.Int64, strict=False)
        start = (year // width) * width
        name = bilingual(pgettext_lazy("anonymisation level", "%(n)s-year periods"), n=width)
        levels.append(Level(name, pl.format("{}-{}", start, start + width - 1)))
    maps = m49_maps() if qi.m49 else {}
    for level in qi.m49:
        name = bilingual(
            pgettext_lazy("anonymisation level", "UN M49 sub-region")
            if level == "subregion"
            else pgettext_lazy("anonymisation level", "UN M49 region")
        )
        levels.append(Level(name, as_text(column).replace(maps[level])))
    suppressed = bilingual(pgettext_lazy("anonymisation level", "Suppressed"))
    levels.append(Level(suppressed, pl.lit(suppressed_value, dtype=pl.String)))
    return levels


def band(value: int | None, bands: list[tuple[int, int | None, str]]) -> str | None:
    if value is None:
        return None
    for low, high, label in bands:
        if value >= low and (high is None or value <= high):
            return label
    return None


def value_labels(name: str) -> dict[str, Bilingual]:
    """Every value the variable may take at any level, with its labels (for the value labels)."""
    spec = load_spec()
    labels: dict[str, Bilingual] = {}
    qi = spec.quasi_identifiers.get(name)
    vocabulary = qi.vocabulary if qi else spec.variables[name].vocabulary
    if vocabulary:
        for item in vocabularies.vocabulary(vocabulary).items:
            labels[item["code"]] = {
                "en": vocabularies.localised(item, "en"),
                "ru": vocabularies.localised(item, "ru"),
            }
    if qi is None:
        return labels
    for low_high_label in qi.bands or []:
        labels[low_high_label[2]] = dict.fromkeys(("en", "ru"), low_high_label[2])
    for step in qi.levels:
        for target in step.map.values():
            labels.setdefault(
                target, step.labels.get(target) or dict.fromkeys(("en", "ru"), target)
            )
    return labels
