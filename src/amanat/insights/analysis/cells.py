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


def layered(
    layers: Sequence[Sequence[Sequence[int]]], published: Sequence[bool], threshold: int
) -> tuple[list[TwoWay], TwoWay]:
    """Suppression of several rows x columns tables (e.g. one per gender) and of their sum (all
    cases), published together: besides each table's own lines, every entry of the sum is a line
    with the same entry of each layer, so no hidden cell of a layer follows from the sum minus
    the other layers. A layer not published (cases with no gender recorded) counts as hidden
    where it is not zero."""
    rows = len(layers[0]) if layers else 0
    columns = len(layers[0][0]) if rows else 0
    size = rows * columns + rows + columns + 1
    total_layer = [
        [sum(layer[r][c] for layer in layers) for c in range(columns)] for r in range(rows)
    ]
    values: list[int] = []
    lines: list[list[int]] = []
    for base, table in enumerate([*layers, total_layer]):
        offset = base * size
        values += [int(v) for row in table for v in row]
        values += [sum(row) for row in table]
        values += [sum(table[r][c] for r in range(rows)) for c in range(columns)]
        values.append(sum(map(sum, table)))
        first_row, first_column, grand = (
            offset + rows * columns,
            offset + rows * columns + rows,
            offset + size - 1,
        )
        lines += [
            [offset + r * columns + c for c in range(columns)] + [first_row + r]
            for r in range(rows)
        ]
        lines += [
            [offset + r * columns + c for r in range(rows)] + [first_column + c]
            for c in range(columns)
        ]
        lines.append([*range(first_row, first_row + rows), grand])
        lines.append([*range(first_column, first_column + columns), grand])
    count = len(layers)
    lines += [[k * size + i for k in range(count + 1)] for i in range(size)]
    fixed = {
        k * size + i: values[k * size + i] != 0
        for k, shown_layer in enumerate(published)
        if not shown_layer
        for i in range(size)
    }
    hidden = suppress_fixed(values, lines, threshold, fixed)

    def unpack(k: int) -> TwoWay:
        block = hidden[k * size : (k + 1) * size]
        return TwoWay(
            cells=[block[r * columns : (r + 1) * columns] for r in range(rows)],
            row_totals=block[rows * columns : rows * columns + rows],
            column_totals=block[rows * columns + rows : size - 1],
            total=block[size - 1],
        )

    return [unpack(k) for k in range(count)], unpack(count)
