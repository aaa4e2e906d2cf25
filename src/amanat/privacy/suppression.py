"""Small-cell suppression: primary (counts 1..threshold-1) and secondary (complementary).

A "line" is a set of published entries that add up, one of them being the total of the others
(a one-way table with its denominator; a row or column of a crosstab with its margin). If exactly
one entry of a line is suppressed, it can be recovered by subtraction, so the smallest other
non-zero entry of that line is suppressed too; this repeats until no line has exactly one
suppressed entry. This stops recovery by simple differencing within a table; it is a heuristic,
not an optimal or linear-programming-audited pattern (see docs/decisions/0601).

The one small-cell rule of the platform (docs/decisions/0666): insights, assistance and any other
statistics call `suppress` (or `suppress_rows`) with the threshold of the single setting
`AMANAT_STATS_THRESHOLD` (amanat.privacy.suppression_config.stats_threshold). Pure: no Django.
"""

from __future__ import annotations

from collections.abc import Sequence

PRIMARY = "primary"
SECONDARY = "secondary"
DEFAULT_THRESHOLD = 10
MINIMUM_THRESHOLD = 2  # a threshold of 1 would suppress nothing


def describe(threshold: int) -> str:
    return (
        f"counts from 1 to {threshold - 1} suppressed (threshold {threshold}); zeros shown; "
        "secondary suppression of the smallest non-zero entry of any row, column or table "
        "where exactly one entry is suppressed, so no suppressed count is recoverable from "
        "its total by subtraction"
    )


def suppress(
    values: Sequence[int], lines: Sequence[Sequence[int]], threshold: int
) -> list[str | None]:
    """Return the suppression status of each entry of `values` (indexes used by `lines`)."""
    if threshold < 1:
        raise ValueError("threshold must be at least 1")
    status: list[str | None] = [PRIMARY if 0 < v < threshold else None for v in values]
    changed = True
    while changed:
        changed = False
        for line in lines:
            hidden = [i for i in line if status[i] is not None]
            if len(hidden) != 1:
                continue
            candidates = [i for i in line if status[i] is None and values[i] > 0]
            if not candidates:
                continue
            chosen = min(candidates, key=lambda i: (values[i], i))
            status[chosen] = SECONDARY
            changed = True
    return status


def suppress_rows(counts: Sequence[int], threshold: int) -> list[str | None]:
    """Suppression of a list of counts with no published total (all rows form one line).

    Used where rows are published without their total (or with a total published elsewhere):
    a single hidden row could be recovered by subtraction from that total, so the smallest other
    non-zero row is hidden with it.
    """
    return suppress(counts, [list(range(len(counts)))], threshold)
