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


def two_way(counts: Sequence[Sequence[int]], threshold: int) -> TwoWay:
    """Suppression of a rows x columns table published with its row, column and grand totals.

    Each row with its total is a line, each column with its total is a line, and the row totals
    (and the column totals) with the grand total are lines; `suppress` repeats until no line has
    exactly one hidden entry."""
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
    status = suppression.suppress(values, lines, threshold)
    hidden = [s is not None for s in status]
    return TwoWay(
        cells=[hidden[r * columns : (r + 1) * columns] for r in range(rows)],
        row_totals=hidden[base_row : base_row + rows],
        column_totals=hidden[base_column : base_column + columns],
        total=hidden[grand],
    )


def shown(value, hidden: bool):
    """The value, or None where it is suppressed."""
    return None if hidden else value
