"""One function per statistic family; each returns a suppressed, self-explaining table.

Single-select variables: the denominator is the records in scope with a value recorded for the
variable ('Unknown' is a recorded answer and has its own row; an empty cell is not counted).
Multi-select groups follow CTDC's rule: the denominator is the people who gave any answer in the
group, so a group's percentages may add up to more than 100.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

import polars as pl

from amanat.insights.ctdc.codebook import MultiSelectGroup, load_codebook
from amanat.insights.i18n import bilingual, pgettext_lazy
from amanat.insights.stats import suppression
from amanat.insights.stats.filters import (
    CITIZENSHIP,
    EXPLOITATION,
    IDENTIFICATION,
    YEAR,
    Filters,
    PlaceFilter,
    apply_filters,
)
from amanat.insights.stats.labels import category_label, country_label, variable_label
from amanat.insights.stats.tables import Cell, CrossTable, StatTable

DenominatorRule = Literal["any_positive", "any_recorded"]
COUNTRY_COLUMNS = (CITIZENSHIP, EXPLOITATION)

MULTI_RULES = {
    "any_positive": (
        "CTDC multi-select rule: denominator = people with at least one answer (value 1) in the "
        "group{not_specified}; a person may count in several rows, so percentages may sum to "
        "more than 100"
    ),
    "any_recorded": (
        "denominator = people with any value (0 or 1) recorded in the group's columns; a person "
        "may count in several rows, so percentages may sum to more than 100"
    ),
}


def _percent(count: int, denominator: int) -> float | None:
    return round(100 * count / denominator, 1) if denominator else None


Labeller = Callable[[str], dict[str, str]]


def _label(column: str, value: str) -> dict[str, str]:
    return country_label(value) if column in COUNTRY_COLUMNS else category_label(value)


def _ordered(column: str, counts: dict[str, int]) -> list[str]:
    book = load_codebook()
    order = book.category_order(column) if column != YEAR and column in book.column_names else ()
    if order:
        return [v for v in order if v in counts] + sorted(v for v in counts if v not in order)
    if column == YEAR:
        return sorted(counts, key=int)
    return sorted(counts, key=lambda v: (-counts[v], v))


def _build(
    *,
    statistic: str,
    title: dict[str, str],
    kind: str,
    keys: list[str],
    labels: list[dict[str, str]],
    counts: list[int],
    records_in_scope: int,
    denominator: int,
    denominator_rule: str,
    threshold: int,
    filters: Filters | None,
    inputs: list[str],
) -> StatTable:
    # Entries: the cells, then the denominator (their total), then the records in scope.
    values = [*counts, denominator, records_in_scope]
    status = suppression.suppress(values, [list(range(len(counts) + 1))], threshold)
    rows = tuple(
        Cell(
            key=key,
            label=label,
            count=None if status[i] else count,
            percent=None if status[i] else _percent(count, denominator),
            suppressed=status[i],
        )
        for i, (key, label, count) in enumerate(zip(keys, labels, counts, strict=True))
    )
    return StatTable(
        statistic=statistic,
        title=title,
        kind=kind,
        rows=rows,
        records_in_scope=None if status[-1] else records_in_scope,
        denominator=None if status[-2] else denominator,
        denominator_rule=denominator_rule,
        suppression_rule=suppression.describe(threshold),
        threshold=threshold,
        filters=tuple((filters or Filters()).describe()),
        inputs=tuple(inputs),
    )


def count_by(
    df: pl.DataFrame,
    column: str,
    *,
    filters: Filters | None = None,
    threshold: int = suppression.DEFAULT_THRESHOLD,
    statistic: str | None = None,
    title: dict[str, str] | None = None,
    labeller: Labeller | None = None,
    order: tuple[str, ...] | None = None,
) -> StatTable:
    """Counts and percentages of a single-select variable.

    `title`, `labeller` (value -> {'en','ru'}) and `order` serve variables outside the CTDC
    codebook (e.g. the platform's trafficking status); by default they come from the codebook.
    """
    scoped = apply_filters(df, filters, [column])
    grouped = scoped.filter(pl.col(column).is_not_null()).group_by(column).len()
    counts = {str(k): int(n) for k, n in zip(grouped[column], grouped["len"], strict=True)}
    if order is not None:
        keys = [v for v in order if v in counts] + sorted(v for v in counts if v not in order)
    else:
        keys = _ordered(column, counts)
    label = labeller or (lambda value: _label(column, value))
    return _build(
        statistic=statistic or column,
        title=title or variable_label(column),
        kind="single",
        keys=keys,
        labels=[label(k) for k in keys],
        counts=[counts[k] for k in keys],
        records_in_scope=scoped.height,
        denominator=sum(counts.values()),
        denominator_rule=(
            f"denominator = records in scope with a value recorded in {column} "
            "('Unknown' counts as a recorded answer; empty or -99 does not)"
        ),
        threshold=threshold,
        filters=filters,
        inputs=[column],
    )


def multi_select(
    df: pl.DataFrame,
    group_name: str | MultiSelectGroup,
    *,
    filters: Filters | None = None,
    threshold: int = suppression.DEFAULT_THRESHOLD,
    rule: DenominatorRule = "any_positive",
) -> StatTable:
    """Counts and percentages of a CTDC multi-select group (one binary column per answer)."""
    if rule not in MULTI_RULES:
        raise ValueError(f"rule must be one of {', '.join(MULTI_RULES)}, not {rule!r}")
    group = load_codebook().groups[group_name] if isinstance(group_name, str) else group_name
    members = group.columns
    scoped = apply_filters(df, filters, list(members))
    if rule == "any_positive":
        answered = pl.any_horizontal([pl.col(c) == 1 for c in members]).fill_null(False)
    else:
        answered = pl.any_horizontal([pl.col(c).is_not_null() for c in members])
    sums = scoped.select(
        answered.sum().alias("__denominator"),
        *[(pl.col(c) == 1).sum().alias(c) for c in members],
    ).row(0, named=True)
    not_specified = (
        f" (not counting {', '.join(group.not_specified)})" if group.not_specified else ""
    )
    return _build(
        statistic=group.name,
        title=group.label,
        kind="multi",
        keys=members,
        labels=[m.label for m in group.members],
        counts=[int(sums[c]) for c in members],
        records_in_scope=scoped.height,
        denominator=int(sums["__denominator"]),
        denominator_rule=MULTI_RULES[rule].format(not_specified=not_specified),
        threshold=threshold,
        filters=filters,
        inputs=members,
    )


def by_country(
    df: pl.DataFrame,
    *,
    filters: Filters | None = None,
    threshold: int = suppression.DEFAULT_THRESHOLD,
) -> StatTable:
    """Records linked to each country of the place filter (default: Central Asia, 'either')."""
    place = (filters.place if filters else None) or PlaceFilter.named("central_asia")
    filters = Filters(period=filters.period if filters else None, place=place)
    read = [c for c in (IDENTIFICATION, CITIZENSHIP, EXPLOITATION) if c in df.columns]
    scoped = apply_filters(df, filters, read)
    countries = list(place.countries)
    sums = scoped.select([place.link_expr(c).sum().alias(c) for c in countries]).row(0)
    return _build(
        statistic="country",
        title=bilingual(pgettext_lazy("statistics", "Country")),
        kind="multi",
        keys=countries,
        labels=[country_label(c) for c in countries],
        counts=[int(n) for n in sums],
        records_in_scope=scoped.height,
        denominator=scoped.height,
        denominator_rule=(
            f"denominator = records in scope; a record counts for a country when its "
            f"{place.describe().rsplit(' in ', 1)[0]} is that country, so a record linked to "
            "two countries counts twice and percentages may sum to more than 100"
        ),
        threshold=threshold,
        filters=filters,
        inputs=[CITIZENSHIP, EXPLOITATION],
    )


def crosstab(
    df: pl.DataFrame,
    row: str,
    col: str,
    *,
    filters: Filters | None = None,
    threshold: int = suppression.DEFAULT_THRESHOLD,
) -> CrossTable:
    """Two-way counts of single-select variables, with margins and secondary suppression."""
    scoped = apply_filters(df, filters, [row, col])
    both = scoped.filter(pl.col(row).is_not_null() & pl.col(col).is_not_null())
    grouped = both.group_by(row, col).len()
    cell = {
        (str(r), str(c)): int(n)
        for r, c, n in zip(grouped[row], grouped[col], grouped["len"], strict=True)
    }
    row_counts: dict[str, int] = {}
    col_counts: dict[str, int] = {}
    for (r, c), n in cell.items():
        row_counts[r] = row_counts.get(r, 0) + n
        col_counts[c] = col_counts.get(c, 0) + n
    row_keys, col_keys = _ordered(row, row_counts), _ordered(col, col_counts)
    n_rows, n_cols = len(row_keys), len(col_keys)
    # Flat entries: cells row-major, then row totals, then column totals, then the grand total.
    values = [cell.get((r, c), 0) for r in row_keys for c in col_keys]
    values += [row_counts[r] for r in row_keys] + [col_counts[c] for c in col_keys]
    values.append(both.height)
    row_total_at, col_total_at, grand_at = (
        n_rows * n_cols,
        n_rows * n_cols + n_rows,
        len(values) - 1,
    )
    lines = [[i * n_cols + j for j in range(n_cols)] + [row_total_at + i] for i in range(n_rows)]
    lines += [[i * n_cols + j for i in range(n_rows)] + [col_total_at + j] for j in range(n_cols)]
    lines.append([row_total_at + i for i in range(n_rows)] + [grand_at])
    lines.append([col_total_at + j for j in range(n_cols)] + [grand_at])
    status = suppression.suppress(values, lines, threshold)
    shown = [None if s else v for v, s in zip(values, status, strict=True)]
    excluded = scoped.height - both.height
    return CrossTable(
        row_variable=row,
        column_variable=col,
        row_keys=tuple(row_keys),
        column_keys=tuple(col_keys),
        counts=tuple(tuple(shown[i * n_cols : (i + 1) * n_cols]) for i in range(n_rows)),
        suppressed=tuple(tuple(status[i * n_cols : (i + 1) * n_cols]) for i in range(n_rows)),
        row_totals=tuple(shown[row_total_at:col_total_at]),
        column_totals=tuple(shown[col_total_at:grand_at]),
        total=shown[grand_at],
        excluded=None if 0 < excluded < threshold else excluded,
        rule=f"records in scope with a value recorded in both {row} and {col}",
        suppression_rule=suppression.describe(threshold),
        threshold=threshold,
        filters=tuple((filters or Filters()).describe()),
    )


StatisticFunction = Callable[..., StatTable]


def _single(column: str, statistic: str) -> StatisticFunction:
    def statistic_function(df: pl.DataFrame, **options) -> StatTable:
        return count_by(df, column, statistic=statistic, **options)

    statistic_function.__name__ = f"by_{statistic}"
    statistic_function.__doc__ = f"Counts and percentages by {column}."
    return statistic_function


def _multi(group: str) -> StatisticFunction:
    def statistic_function(df: pl.DataFrame, **options) -> StatTable:
        return multi_select(df, group, **options)

    statistic_function.__name__ = f"by_{group}"
    statistic_function.__doc__ = f"CTDC multi-select group {group}."
    return statistic_function


by_year = _single(YEAR, "year")
by_gender = _single("gender", "gender")
by_age = _single("ageBroad", "age")
by_majority_status = _single("majorityStatus", "majority_status")
by_citizenship = _single(CITIZENSHIP, "citizenship")
by_country_of_exploitation = _single(EXPLOITATION, "country_of_exploitation")
by_datasource = _single("Datasource", "datasource")
by_type_of_exploitation = _multi("type_of_exploitation")
by_labour_sector = _multi("labour_sector")
by_sexual_exploitation_type = _multi("sexual_exploitation_type")
by_means_of_control = _multi("means_of_control")
by_recruiter_relationship = _multi("recruiter_relationship")

# Every statistic family by name: (df, *, filters=..., threshold=...) -> StatTable.
STATISTICS: dict[str, StatisticFunction] = {
    "country": by_country,
    "year": by_year,
    "gender": by_gender,
    "age": by_age,
    "majority_status": by_majority_status,
    "citizenship": by_citizenship,
    "country_of_exploitation": by_country_of_exploitation,
    "datasource": by_datasource,
    "type_of_exploitation": by_type_of_exploitation,
    "labour_sector": by_labour_sector,
    "sexual_exploitation_type": by_sexual_exploitation_type,
    "means_of_control": by_means_of_control,
    "recruiter_relationship": by_recruiter_relationship,
}
