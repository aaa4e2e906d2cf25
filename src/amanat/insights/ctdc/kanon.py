"""k-anonymisation of a CTDC v6 DataFrame: generalise first, then suppress rare combinations.

Generalisation is a greedy full-domain search: at each step the quasi-identifier whose next level
leaves the fewest records in groups smaller than k is coarsened by one level (hierarchies in
hierarchies.yaml). It stops once those records are at most `max_suppressed_fraction` of the data.
The remaining records first have all their quasi-identifiers replaced by '*' (local suppression:
their other columns stay); if the resulting '*' group is still smaller than k, they are dropped.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import polars as pl

from amanat.errors import ValidationError
from amanat.insights.ctdc.hierarchy import Hierarchies, as_text, load_hierarchies
from amanat.insights.i18n import bilingual, pgettext_lazy

DEFAULT_MAX_SUPPRESSED_FRACTION = 0.05


@dataclass(frozen=True)
class GeneralisationStep:
    column: str
    level: int
    name: dict[str, str]
    records_in_small_groups_after: int


@dataclass
class KAnonReport:
    k: int
    quasi_identifiers: tuple[str, ...]
    max_suppressed_fraction: float
    rows_in: int
    records_in_small_groups_before: int
    steps: list[GeneralisationStep] = field(default_factory=list)
    levels: dict[str, int] = field(default_factory=dict)  # final level per quasi-identifier
    level_names: dict[str, dict[str, str]] = field(default_factory=dict)
    rows_locally_suppressed: int = 0  # kept, with every quasi-identifier replaced by '*'
    cells_suppressed: int = 0
    rows_dropped: int = 0
    rows_out: int = 0
    groups: int = 0
    smallest_group: int | None = None
    rule: str = ""

    def as_dict(self) -> dict:
        return asdict(self)


def small_group_mask(frame: pl.DataFrame, columns: list[str], k: int) -> pl.Series:
    """True for records whose combination of `columns` occurs fewer than k times (null = a value)."""
    sizes = frame.select(pl.len().over(columns).alias("size"))["size"]
    return sizes < k


def k_anonymise(
    df: pl.DataFrame,
    quasi_identifiers: list[str] | tuple[str, ...] | None = None,
    k: int | None = None,
    *,
    max_suppressed_fraction: float = DEFAULT_MAX_SUPPRESSED_FRACTION,
    hierarchies: Hierarchies | None = None,
) -> tuple[pl.DataFrame, KAnonReport]:
    """Return a copy of `df` where every quasi-identifier combination occurs at least k times."""
    book = hierarchies or load_hierarchies()
    qis = list(quasi_identifiers or book.default_quasi_identifiers)
    k = book.default_k if k is None else k
    if k < 2:
        raise ValidationError("k must be at least 2", field="k")
    if not 0 <= max_suppressed_fraction <= 1:
        raise ValidationError("max_suppressed_fraction must be between 0 and 1")
    unknown = [c for c in qis if c not in df.columns]
    if unknown or len(set(qis)) != len(qis) or not qis:
        raise ValidationError(
            f"quasi-identifiers must be distinct CTDC columns; unknown: {', '.join(unknown)}",
            field="quasi_identifiers",
        )

    levels = {c: book.levels(c) for c in qis}
    current = {c: 0 for c in qis}
    generalised = df.select([as_text(c).alias(c) for c in qis])
    budget = int(max_suppressed_fraction * df.height)
    violating = int(small_group_mask(generalised, qis, k).sum())
    report = KAnonReport(
        k=k,
        quasi_identifiers=tuple(qis),
        max_suppressed_fraction=max_suppressed_fraction,
        rows_in=df.height,
        records_in_small_groups_before=violating,
    )

    while violating > budget:
        best: tuple[int, int, int, str, pl.DataFrame] | None = None
        for position, column in enumerate(qis):
            next_level = current[column] + 1
            if next_level > len(levels[column]):
                continue
            trial = generalised.with_columns(
                df.with_columns(levels[column][next_level - 1].expr.alias(column)).select(column)
            )
            trial_violating = int(small_group_mask(trial, qis, k).sum())
            # On a tie, a step that keeps some detail beats suppressing a whole column (the
            # last level), then the declared order of the quasi-identifiers decides.
            suppresses = int(next_level == len(levels[column]))
            if best is None or (trial_violating, suppresses, position) < best[:3]:
                best = (trial_violating, suppresses, position, column, trial)
        if best is None:
            break
        violating, _, _, column, generalised = best
        current[column] += 1
        report.steps.append(
            GeneralisationStep(
                column, current[column], levels[column][current[column] - 1].name, violating
            )
        )

    suppressed_value = book.suppressed_value
    rare = small_group_mask(generalised, qis, k)
    if rare.any():
        starred = generalised.with_columns(
            [
                pl.when(pl.lit(rare)).then(pl.lit(suppressed_value)).otherwise(pl.col(c)).alias(c)
                for c in qis
            ]
        )
        all_starred = pl.all_horizontal([pl.col(c) == suppressed_value for c in qis])
        if int(starred.select(all_starred.fill_null(False).sum()).item()) >= k:
            generalised = starred
            report.rows_locally_suppressed = int(rare.sum())
            report.cells_suppressed = int(rare.sum()) * len(qis)
            rare = pl.Series([False] * df.height)
        else:
            report.rows_dropped = int(rare.sum())

    result = df.with_columns(generalised).filter(~rare)
    sizes = result.group_by(qis).len()["len"]
    report.levels = dict(current)
    report.level_names = {
        c: (
            levels[c][current[c] - 1].name
            if current[c]
            else bilingual(pgettext_lazy("anonymisation level", "Original"))
        )
        for c in qis
    }
    report.rows_out = result.height
    report.groups = sizes.len()
    report.smallest_group = int(sizes.min()) if sizes.len() else None
    report.rule = (
        f"every combination of {', '.join(qis)} occurs at least {k} times; generalised by the "
        f"hierarchies in hierarchies.yaml until at most {max_suppressed_fraction:.0%} of records "
        "remained in smaller groups, then those records had their quasi-identifiers suppressed "
        "('*') or, if still fewer than k, were dropped"
    )
    return result, report
