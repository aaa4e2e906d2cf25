"""Follow-up visit schedule after return or exit from assistance: pure Python, no Django.

Defaults (visits at 3, 6, 12, 24 and 36 months, reminder and grace windows) come from
`rules/followup_schedule.yaml`; a case may pass its own `ScheduleConfig`.

A visit is `upcoming` until `remind_days_before` its date, then `due` until `grace_days` after
it, then `overdue`; `done` once a visit is recorded for it.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import lru_cache
from pathlib import Path

from pydantic import ConfigDict

from amanat import rulefiles
from amanat.rulefiles import RuleModel

DEFAULT_PATH = Path(__file__).resolve().parent / "rules" / "followup_schedule.yaml"


class VisitStatus(StrEnum):
    UPCOMING = "upcoming"
    DUE = "due"
    OVERDUE = "overdue"
    DONE = "done"


@dataclass(frozen=True)
class ScheduleConfig:
    visit_months: tuple[int, ...]
    remind_days_before: int
    grace_days: int

    def __post_init__(self) -> None:
        months = self.visit_months
        if not months or any(m <= 0 for m in months) or list(months) != sorted(set(months)):
            raise ValueError(
                f"visit_months must be positive, strictly increasing months, got {list(months)}"
            )
        if self.remind_days_before < 0 or self.grace_days < 0:
            raise ValueError("remind_days_before and grace_days must not be negative")


@dataclass(frozen=True)
class ScheduledVisit:
    number: int  # 1-based
    months_after: int
    due_date: date
    status: VisitStatus
    completed_on: date | None
    explanation: str


class ScheduleFile(RuleModel):
    """The file's shape; ScheduleConfig checks the values (order, signs) as before."""

    model_config = ConfigDict(extra="allow")  # `source` and notes for the reader

    visit_months: list[int]
    remind_days_before: int
    grace_days: int


@lru_cache(maxsize=4)
def load_schedule_config(path: Path = DEFAULT_PATH) -> ScheduleConfig:
    data = rulefiles.load(path, ScheduleFile)
    return ScheduleConfig(
        visit_months=tuple(data.visit_months),
        remind_days_before=data.remind_days_before,
        grace_days=data.grace_days,
    )


def add_months(start: date, months: int) -> date:
    """Same day `months` later, or the month's last day when it is shorter (31 Jan + 1 = 28/29 Feb)."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def visit_status(
    due_date: date, today: date, config: ScheduleConfig, completed_on: date | None = None
) -> VisitStatus:
    if completed_on is not None:
        return VisitStatus.DONE
    if today < due_date - timedelta(days=config.remind_days_before):
        return VisitStatus.UPCOMING
    if today <= due_date + timedelta(days=config.grace_days):
        return VisitStatus.DUE
    return VisitStatus.OVERDUE


def build_schedule(
    anchor: date,
    today: date,
    *,
    completed: dict[int, date] | None = None,
    config: ScheduleConfig | None = None,
) -> list[ScheduledVisit]:
    """Visits after `anchor` (date of return or exit from assistance) with their status on `today`.

    `completed` maps a visit number (1-based) to the date it took place.
    """
    config = config or load_schedule_config()
    completed = completed or {}
    unknown = sorted(set(completed) - set(range(1, len(config.visit_months) + 1)))
    if unknown:
        raise ValueError(f"completed visit numbers {unknown} are not in the schedule")
    visits = []
    for number, months in enumerate(config.visit_months, start=1):
        due = add_months(anchor, months)
        done = completed.get(number)
        status = visit_status(due, today, config, done)
        window = (
            f"due from {due - timedelta(days=config.remind_days_before)} "
            f"to {due + timedelta(days=config.grace_days)}"
        )
        reason = {
            VisitStatus.DONE: f"visit recorded on {done}",
            VisitStatus.UPCOMING: f"{window}; today {today} is before the reminder window",
            VisitStatus.DUE: f"{window}; today {today} is inside the window",
            VisitStatus.OVERDUE: f"{window}; today {today} is past the grace window",
        }[status]
        visits.append(
            ScheduledVisit(
                number=number,
                months_after=months,
                due_date=due,
                status=status,
                completed_on=done,
                explanation=f"{months} months after {anchor}: {reason}",
            )
        )
    return visits


def visits_needing_reminder(visits: list[ScheduledVisit]) -> list[ScheduledVisit]:
    """Due and overdue visits, overdue first then by date: the reminder list."""
    pending = [v for v in visits if v.status in (VisitStatus.DUE, VisitStatus.OVERDUE)]
    return sorted(pending, key=lambda v: (v.status != VisitStatus.OVERDUE, v.due_date))
