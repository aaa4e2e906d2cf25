"""Small-cell suppression of the analysis tables, by the platform's one rule
(amanat.privacy.suppression via insights.stats.suppression, ADR 0666): counts from 1 to
threshold-1 are hidden, and secondary suppression keeps a hidden count from being recovered by
subtraction from the row, column or grand totals published with it. Pure: no Django.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from amanat.insights.stats import suppression


@dataclass(frozen=True)
class TwoWay:
    """Which entries of a table with margins are hidden."""

    cells: list[list[bool]]  # [row][column]
    row_totals: list[bool]
    column_totals: list[bool]
    total: bool


def suppress_fixed(
    values: list[int], lines: list[list[int]], threshold: int, fixed: dict[int, bool]
) -> list[bool]:
    """`suppression.suppress` where some entries are already decided by another table of the
    same publication (True: hidden there, False: published there). A fixed hidden entry counts
    as hidden in every line; a fixed published entry is never chosen for secondary suppression
    (hiding it here would protect nothing). Without this, two tables sharing a margin could hide
    different partners of the same small cell, and together give it back."""
    given = list(values)
    for index, hidden in fixed.items():
        # 1 is always a small cell (thresholds are at least 2); 0 is never hidden nor chosen.
        given[index] = 1 if hidden else 0
    status = suppression.suppress(given, lines, threshold)
    result = [s is not None for s in status]
    for index, hidden in fixed.items():
        result[index] = hidden
    return result


def two_way(
    counts: Sequence[Sequence[int]],
    threshold: int,
    *,
    fixed_rows: Sequence[bool] | None = None,
    fixed_columns: Sequence[bool] | None = None,
    fixed_total: bool | None = None,
) -> TwoWay:
    """Suppression of a rows x columns table published with its row, column and grand totals.

    Each row with its total is a line, each column with its total is a line, and the row totals
    (and the column totals) with the grand total are lines; `suppress` repeats until no line has
    exactly one hidden entry. Margins another table publishes too are passed as `fixed_*`
    (True: hidden, False: published) so both tables hide them alike (`suppress_fixed`)."""
    rows = len(counts)
    columns = len(counts[0]) if rows else 0
    values = [int(v) for row in counts for v in row]
    row_totals = [sum(int(v) for v in row) for row in counts]
    column_totals = [sum(int(counts[r][c]) for r in range(rows)) for c in range(columns)]
    base_row = len(values)
    base_column = base_row + rows
    grand = base_column + columns
    values += [*row_totals, *column_totals, sum(row_totals)]
    lines = [[r * columns + c for c in range(columns)] + [base_row + r] for r in range(rows)]
    lines += [[r * columns + c for r in range(rows)] + [base_column + c] for c in range(columns)]
    lines.append([*range(base_row, base_row + rows), grand])
    lines.append([*range(base_column, base_column + columns), grand])
    fixed: dict[int, bool] = {}
    if fixed_rows is not None:
        fixed |= {base_row + r: bool(h) for r, h in enumerate(fixed_rows)}
    if fixed_columns is not None:
        fixed |= {base_column + c: bool(h) for c, h in enumerate(fixed_columns)}
    if fixed_total is not None:
        fixed[grand] = bool(fixed_total)
    hidden = suppress_fixed(values, lines, threshold, fixed)
    return TwoWay(
        cells=[hidden[r * columns : (r + 1) * columns] for r in range(rows)],
        row_totals=hidden[base_row : base_row + rows],
        column_totals=hidden[base_column : base_column + columns],
        total=hidden[grand],
    )


def one_way(counts: Sequence[int], total: int, threshold: int) -> list[bool]:
    """Hidden status of counts published with their total (the total last)."""
    return [
        s is not None
        for s in suppression.suppress([*counts, total], [list(range(len(counts) + 1))], threshold)
    ]


def shown(value, hidden: bool):
    """The value, or None where it is suppressed."""
    return None if hidden else value
