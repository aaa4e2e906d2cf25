"""Small-cell suppression of the coordinator's referral figures (docs/decisions/0666).

The figures count referrals of survivors across organisations, so they are statistics, not a
work queue: every count from 1 to threshold-1 is hidden (None) by the platform's one rule
(`amanat.privacy.suppression`), with secondary suppression along every published line:
- by state: the states with the total (they add up to it);
- by region: each region's states with its region total, each state's regions with the state's
  total, and the region totals with the total (one referral has one region);
- by service type: each type's states with its type total (a referral may ask for several
  services, so type rows do not add up to the total and are not a line with it).
A rate or median is published only when the referrals it is computed from number at least the
threshold: a rate of 0% or 100% over three referrals tells what happened to each of them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from amanat.privacy.suppression import suppress


def crosstab(
    rows: dict[str, Counter],
    columns: Sequence[str],
    threshold: int,
    *,
    column_totals: bool,
) -> tuple[
    dict[str, dict[str, int | None]], dict[str, int | None], dict[str, int | None], int | None
]:
    """Suppress a rows x columns table with its row totals and, if `column_totals`, its column
    totals and grand total as lines. Returns (cells, row totals, column totals, grand total),
    each hidden entry None (column totals and grand total are empty/None without column lines)."""
    keys = list(rows)
    values: list[int] = []
    cell_index: dict[tuple[str, str], int] = {}
    for r in keys:
        for c in columns:
            cell_index[r, c] = len(values)
            values.append(rows[r].get(c, 0))
    row_index = {}
    for r in keys:
        row_index[r] = len(values)
        values.append(sum(rows[r].get(c, 0) for c in columns))
    lines = [[cell_index[r, c] for c in columns] + [row_index[r]] for r in keys]
    col_index: dict[str, int] = {}
    grand = None
    if column_totals:
        for c in columns:
            col_index[c] = len(values)
            values.append(sum(rows[r].get(c, 0) for r in keys))
        grand = len(values)
        values.append(sum(values[row_index[r]] for r in keys))
        lines += [[cell_index[r, c] for r in keys] + [col_index[c]] for c in columns]
        lines.append([row_index[r] for r in keys] + [grand])
        lines.append([col_index[c] for c in columns] + [grand])
    status = suppress(values, lines, threshold)

    def shown(i: int) -> int | None:
        return None if status[i] is not None else values[i]

    cells = {r: {c: shown(cell_index[r, c]) for c in columns if rows[r].get(c, 0)} for r in keys}
    return (
        cells,
        {r: shown(row_index[r]) for r in keys},
        {c: shown(i) for c, i in col_index.items()},
        None if grand is None else shown(grand),
    )


def single(value: int, threshold: int) -> int | None:
    """A count published on its own (no line): primary suppression only."""
    return None if 0 < value < threshold else value


def gated(value: float | None, base: int, threshold: int) -> float | None:
    """A rate or median over `base` referrals: hidden when `base` is under the threshold."""
    return None if base < threshold else value
