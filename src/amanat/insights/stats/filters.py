"""Filters by period (yearOfRegistration) and place (citizenship and/or country of exploitation)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

import polars as pl

from amanat import rulefiles
from amanat.rulefiles import RuleModel

PLACES_PATH = Path(__file__).resolve().parents[1] / "rules" / "stats" / "places.yaml"
Match = Literal["citizenship", "exploitation", "either", "both", "identification"]
# The rules a CTDC file supports; the platform's own cases add "identification".
MATCH_RULES: tuple[str, ...] = ("citizenship", "exploitation", "either", "both")
YEAR = "yearOfRegistration"
CITIZENSHIP = "citizenship"
EXPLOITATION = "CountryOfExploitation"
# Columns only the platform's cases have (see amanat.insights.ctdc.from_cases).
IDENTIFICATION = "countryOfIdentification"
REGION = "regionOfIdentification"
OWNER = "ownerOrganisationId"  # the organisation holding the case (the platform's cases only)


@dataclass(frozen=True)
class Period:
    start: int
    end: int

    @classmethod
    def parse(cls, text: str) -> Period:
        """'2010-2017' or '2016' (one year)."""
        first, _, last = text.strip().partition("-")
        start = int(first)
        end = int(last) if last else start
        if end < start:
            raise ValueError(f"period {text!r}: end before start")
        return cls(start, end)

    def describe(self) -> str:
        return f"{YEAR} {self.start}-{self.end} (inclusive)"


@dataclass(frozen=True)
class PlaceFilter:
    countries: tuple[str, ...]
    match: Match = "either"

    def __post_init__(self) -> None:
        if self.match not in (*MATCH_RULES, "identification"):
            raise ValueError(f"match must be one of {', '.join(MATCH_RULES)}, not {self.match!r}")

    @classmethod
    def named(cls, name: str) -> PlaceFilter:
        place = load_places()[name]
        return cls(tuple(place["countries"]), place["match"])

    def link_expr(self, country: str) -> pl.Expr:
        """True where a record belongs to `country` under this filter's rule."""
        if self.match == "identification":
            return (pl.col(IDENTIFICATION) == country).fill_null(False)
        by_citizenship = pl.col(CITIZENSHIP) == country
        by_exploitation = pl.col(EXPLOITATION) == country
        return self._combine(by_citizenship, by_exploitation)

    def expr(self) -> pl.Expr:
        countries = list(self.countries)
        if self.match == "identification":
            return pl.col(IDENTIFICATION).is_in(countries).fill_null(False)
        by_citizenship = pl.col(CITIZENSHIP).is_in(countries)
        by_exploitation = pl.col(EXPLOITATION).is_in(countries)
        return self._combine(by_citizenship, by_exploitation)

    def _combine(self, by_citizenship: pl.Expr, by_exploitation: pl.Expr) -> pl.Expr:
        if self.match == "citizenship":
            combined = by_citizenship
        elif self.match == "exploitation":
            combined = by_exploitation
        elif self.match == "both":
            combined = by_citizenship & by_exploitation
        else:
            combined = by_citizenship | by_exploitation
        return combined.fill_null(False)

    def describe(self) -> str:
        rules = {
            "citizenship": "citizenship in",
            "exploitation": "CountryOfExploitation in",
            "either": "citizenship or CountryOfExploitation in",
            "both": "citizenship and CountryOfExploitation in",
            "identification": "country of identification in",
        }
        return f"{rules[self.match]} {', '.join(self.countries)}"


@dataclass(frozen=True)
class Filters:
    period: Period | None = None
    place: PlaceFilter | None = None
    regions: tuple[str, ...] = ()  # ISO 3166-2 regions of identification (the platform's cases)
    organisations: tuple[int, ...] = ()  # ids of the organisations holding the cases (cases only)

    def describe(self) -> list[str]:
        described = [f.describe() for f in (self.period, self.place) if f is not None]
        if self.regions:
            described.append(f"region of identification in {', '.join(self.regions)}")
        if self.organisations:
            ids = ", ".join(str(i) for i in self.organisations)
            described.append(f"organisation holding the case in {ids}")
        return described or ["none"]


def apply_filters(
    df: pl.DataFrame, filters: Filters | None, columns: list[str] | None = None
) -> pl.DataFrame:
    """The rows of `df` in scope of `filters`; only `columns` of them when given.

    Give `columns` whenever the caller needs a few: the platform's frame has about 90 columns
    and one row per case, and filtering it whole copies every column (hundreds of MB at a
    million cases) for a statistic that reads one or two. Lazily, polars filters only the
    columns selected and those the conditions read.
    """
    conditions = []
    if filters is not None and filters.period is not None:
        year = pl.col(YEAR)
        conditions.append(
            year.is_between(filters.period.start, filters.period.end).fill_null(False)
        )
    if filters is not None and filters.place is not None:
        conditions.append(filters.place.expr())
    if filters is not None and filters.regions:
        conditions.append(pl.col(REGION).is_in(list(filters.regions)).fill_null(False))
    if filters is not None and filters.organisations:
        conditions.append(pl.col(OWNER).is_in(list(filters.organisations)).fill_null(False))
    if columns is None:
        return df.filter(*conditions) if conditions else df
    if not conditions:
        return df.select(columns)  # no copy: the frame shares the columns' buffers
    return df.lazy().filter(*conditions).select(columns).collect()


class PlaceSpec(RuleModel):
    label: dict[str, str]
    countries: list[str]
    match: Literal["citizenship", "exploitation", "either", "both"]


class PlacesFile(RuleModel):
    source: Any
    places: dict[str, PlaceSpec]


@cache
def load_places() -> dict[str, dict]:
    return rulefiles.load(PLACES_PATH, PlacesFile).model_dump()["places"]
