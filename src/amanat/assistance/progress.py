"""Plan progress from its actions: pure Python, no Django.

An action's progress is the percent the caseworker recorded (100 when done); a cancelled action
does not count. The plan's progress is the mean over the actions that count, rounded to a whole
percent, or None when there is none (see docs/decisions/0541-support-plans-and-services.md).
"""

from __future__ import annotations

from collections.abc import Iterable

DONE = "done"
CANCELLED = "cancelled"


def action_progress(status: str, progress: int) -> int | None:
    if status == CANCELLED:
        return None
    if status == DONE:
        return 100
    return max(0, min(100, int(progress)))


def plan_progress(actions: Iterable[tuple[str, int]]) -> int | None:
    values = [
        p for status, progress in actions if (p := action_progress(status, progress)) is not None
    ]
    if not values:
        return None
    return round(sum(values) / len(values))
