"""Small-cell suppression of the final Word report (docs/decisions/0666, training amendment).

The final report shows no per-person attributes, so its group figures are statistics: counts of
participants by gender, organisation type, role and country, and the results of each group, are
hidden when the group has fewer than the threshold (`stats_threshold()`), with secondary
suppression: every table's rows add up to a total published elsewhere in the report (the number
of participants, the paired n and mean), so one hidden row is never left alone. The interim report
and the workbook list participants one by one and are the trainer's working documents; they are
not suppressed (nothing would be protected).
"""

from __future__ import annotations

from collections.abc import Sequence

from amanat.privacy.suppression import suppress_rows


def marker(threshold: int) -> str:
    """How a hidden cell reads, as in insights."""
    return f"<{threshold}"


def hidden_rows(counts: Sequence[int], threshold: int | None) -> list[bool]:
    """Which rows are hidden (primary or secondary); nothing is hidden without a threshold."""
    if threshold is None:
        return [False] * len(counts)
    return [status is not None for status in suppress_rows(counts, threshold)]
