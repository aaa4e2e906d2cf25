"""Generalisation hierarchies (hierarchies.yaml, m49_regions.yaml) as polars expressions."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import polars as pl

from amanat import rulefiles
from amanat.insights.ctdc.schema import HierarchiesFile, M49File
from amanat.insights.i18n import bilingual, pgettext_lazy

HIERARCHIES_PATH = Path(__file__).resolve().parents[1] / "rules" / "ctdc" / "hierarchies.yaml"
M49_PATH = Path(__file__).resolve().parents[1] / "rules" / "ctdc" / "m49_regions.yaml"


@dataclass(frozen=True)
class Level:
    name: dict[str, str]
    expr: pl.Expr  # from the original column to this level's values (all as text)


@dataclass(frozen=True)
class Hierarchies:
    default_k: int
    default_quasi_identifiers: tuple[str, ...]
    suppressed_value: str
    source: dict

    def levels(self, column: str) -> list[Level]:
        """Levels 1..n for `column` (level 0 is the original value); the last one suppresses all."""
        return _levels(column, self.suppressed_value)


@cache
def load_hierarchies() -> Hierarchies:
    data = _hierarchy_data()
    return Hierarchies(
        default_k=data.default_k,
        default_quasi_identifiers=tuple(data.default_quasi_identifiers),
        suppressed_value=data.suppressed_value,
        source=data.source,
    )


def _hierarchy_data() -> HierarchiesFile:
    return rulefiles.load(HIERARCHIES_PATH, HierarchiesFile)


@cache
def m49_maps() -> dict[str, dict[str, str]]:
    """{'subregion': {country: sub-region}, 'region': {country: region}} (English names)."""
    data = rulefiles.load(M49_PATH, M49File)
    subregion, region = {}, {}
    for name, sub in data.subregions.items():
        if sub.region not in data.regions:  # a typo would silently leave countries unmapped
            raise rulefiles.RuleFileError(
                [
                    rulefiles.problem_at(
                        M49_PATH, f"subregions.{name}.region", f"unknown region {sub.region!r}"
                    )
                ]
            )
        for code in sub.countries:
            subregion[code] = name
            region[code] = sub.region
    return {"subregion": subregion, "region": region}


def as_text(column: str) -> pl.Expr:
    return pl.col(column).cast(pl.String)


def _levels(column: str, suppressed_value: str) -> list[Level]:
    spec = _hierarchy_data().hierarchies.get(column)
    levels: list[Level] = []
    if spec and spec.maps is not None:
        expr = as_text(column)
        for step in spec.maps:
            expr = expr.replace({str(k): str(v) for k, v in step.map.items()})
            levels.append(Level(dict(step.name), expr))
    if spec and spec.periods is not None:
        year = pl.col(column).cast(pl.Int64, strict=False)
        for step in spec.periods:
            width = step.width
            start = (year // width) * width
            label = pl.format("{}--{}", start, start + width - 1)
            levels.append(Level(dict(step.name), label))
    if spec and spec.m49 is not None:
        maps = m49_maps()
        for step in spec.m49:
            levels.append(Level(dict(step.name), as_text(column).replace(maps[step.level])))
    suppressed = bilingual(pgettext_lazy("anonymisation level", "Suppressed"))
    levels.append(Level(suppressed, pl.lit(suppressed_value, dtype=pl.String)))
    return levels
