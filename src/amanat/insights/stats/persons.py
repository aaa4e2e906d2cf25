"""Cases, persons and unique persons after cross-organisation links (ADR 0141). Pure: no Django.

- cases: records in scope after the filters;
- persons: distinct person records among them (a person with two cases in one organisation
  counts once);
- unique persons: distinct persons once the coordinator's confirmed links are applied (linked
  records of different organisations count once; links are transitive).

The three figures are published with the platform's one small-cell rule: each of them, and the
two differences that are not published (cases - persons, persons - unique persons) but could be
read off them, are cells; a difference from 1 to threshold-1 (e.g. "one person registered by two
organisations") is hidden by hiding the smaller published figure of its line.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import polars as pl

from amanat.insights.ctdc.from_cases import PERSON
from amanat.insights.stats import suppression
from amanat.insights.stats.filters import Filters, apply_filters

UNIQUE_PERSON = "uniquePersonId"
KEYS = ("cases", "persons", "unique_persons")


def with_unique_persons(frame: pl.DataFrame, representative: dict[int, int]) -> pl.DataFrame:
    """`frame` plus UNIQUE_PERSON: the representative person id of each case's person's
    link component (the person itself when it has no link).

    One new column beside the frame's own (shared, not copied): a join would copy every column
    of the platform's frame on each statistic."""
    unique = pl.col(PERSON).replace(
        pl.Series(list(representative), dtype=pl.Int64),
        pl.Series(list(representative.values()), dtype=pl.Int64),
    )
    return frame.with_columns(unique.alias(UNIQUE_PERSON))


@dataclass(frozen=True)
class PersonCounts:
    cases: int | None  # None when suppressed
    persons: int | None
    unique_persons: int | None
    suppressed: dict[str, str | None]
    threshold: int
    rule: str
    suppression_rule: str
    filters: tuple[str, ...]

    def as_dict(self) -> dict:
        return asdict(self)


RULE = (
    "cases = records in scope; persons = distinct person records among them; unique persons = "
    "distinct persons after the NRM coordinator's confirmed cross-organisation links "
    "(transitive: connected components)"
)


def person_counts(
    df: pl.DataFrame, *, filters: Filters | None = None, threshold: int
) -> PersonCounts:
    scoped = apply_filters(df, filters, [PERSON, UNIQUE_PERSON])
    cases = scoped.height
    persons = scoped[PERSON].n_unique() if cases else 0
    unique = scoped[UNIQUE_PERSON].n_unique() if cases else 0
    values = [cases, persons, unique, cases - persons, persons - unique]
    status = suppression.suppress(values, [[0, 1, 3], [1, 2, 4]], threshold)
    shown = [None if status[i] else values[i] for i in range(3)]
    return PersonCounts(
        cases=shown[0],
        persons=shown[1],
        unique_persons=shown[2],
        suppressed=dict(zip(KEYS, status[:3], strict=True)),
        threshold=threshold,
        rule=RULE,
        suppression_rule=suppression.describe(threshold),
        filters=tuple((filters or Filters()).describe()),
    )
