"""Generalisation hierarchies (hierarchies.yaml, m49_regions.yaml) as polars expressions."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import polars as pl
import yaml

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
        default_k=int(data["default_k"]),
        default_quasi_identifiers=tuple(data["default_quasi_identifiers"]),
        suppressed_value=str(data["suppressed_value"]),
        source=data["source"],
    )


@cache
def _hierarchy_data() -> dict:
    return yaml.safe_load(HIERARCHIES_PATH.read_text(encoding="utf-8"))


@cache
def m49_maps() -> dict[str, dict[str, str]]:
    """{'subregion': {country: sub-region}, 'region': {country: region}} (English names)."""
    data = yaml.safe_load(M49_PATH.read_text(encoding="utf-8"))
    subregion, region = {}, {}
    for name, sub in data["subregions"].items():
        for code in sub["countries"]:
            subregion[code] = name
            region[code] = sub["region"]
    return {"subregion": subregion, "region": region}


def as_text(column: str) -> pl.Expr:
    return pl.col(column).cast(pl.String)


def _levels(column: str, suppressed_value: str) -> list[Level]:
    spec = _hierarchy_data()["hierarchies"].get(column, {})
    levels: list[Level] = []
    if "maps" in spec:
        expr = as_text(column)
        for step in spec["maps"]:
            expr = expr.replace({str(k): str(v) for k, v in step["map"].items()})
            levels.append(Level(step["name"], expr))
    if "periods" in spec:
        year = pl.col(column).cast(pl.Int64, strict=False)
        for step in spec["periods"]:
            width = int(step["width"])
            start = (year // width) * width
            label = pl.format("{}--{}", start, start + width - 1)
            levels.append(Level(step["name"], label))
    if "m49" in spec:
        maps = m49_maps()
        for step in spec["m49"]:
            levels.append(Level(step["name"], as_text(column).replace(maps[step["level"]])))
    suppressed = bilingual(pgettext_lazy("anonymisation level", "Suppressed"))
    levels.append(Level(suppressed, pl.lit(suppressed_value, dtype=pl.String)))
    return levels
