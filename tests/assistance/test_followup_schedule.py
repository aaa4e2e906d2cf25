"""Follow-up visit schedule: default months, month arithmetic, due/overdue with grace window."""

from __future__ import annotations

from datetime import date

import pytest

from amanat.assistance.followup_schedule import (
    ScheduleConfig,
    VisitStatus,
    add_months,
    build_schedule,
    load_schedule_config,
    visit_status,
    visits_needing_reminder,
)

RETURNED = date(2024, 1, 31)
CONFIG = ScheduleConfig(visit_months=(3, 6, 12, 24, 36), remind_days_before=14, grace_days=14)


def test_default_config_from_data():
    assert load_schedule_config() == CONFIG


def test_default_visit_dates_clamp_to_month_end():
    visits = build_schedule(RETURNED, date(2024, 2, 1))
    assert [(v.number, v.months_after, v.due_date) for v in visits] == [
        (1, 3, date(2024, 4, 30)),
        (2, 6, date(2024, 7, 31)),
        (3, 12, date(2025, 1, 31)),
        (4, 24, date(2026, 1, 31)),
        (5, 36, date(2027, 1, 31)),
    ]
    assert {v.status for v in visits} == {VisitStatus.UPCOMING}


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2024, 1, 31), 1, date(2024, 2, 29)),  # leap year
        (date(2023, 1, 31), 1, date(2023, 2, 28)),
        (date(2024, 11, 15), 3, date(2025, 2, 15)),  # over the year end
        (date(2024, 3, 1), 36, date(2027, 3, 1)),
    ],
)
def test_add_months(start, months, expected):
    assert add_months(start, months) == expected


@pytest.mark.parametrize(
    ("today", "status"),
    [
        (date(2024, 4, 15), VisitStatus.UPCOMING),  # 15 days before
        (date(2024, 4, 16), VisitStatus.DUE),  # 14 days before: reminder starts
        (date(2024, 4, 30), VisitStatus.DUE),
        (date(2024, 5, 14), VisitStatus.DUE),  # last day of the grace window
        (date(2024, 5, 15), VisitStatus.OVERDUE),
    ],
)
def test_due_and_overdue_boundaries(today, status):
    assert visit_status(date(2024, 4, 30), today, CONFIG) == status


def test_done_visits_are_never_overdue_and_reminders_list_overdue_first():
    today = date(2024, 8, 20)  # visit 1 (30 Apr) overdue, visit 2 (31 Jul) inside grace window
    visits = build_schedule(RETURNED, today)
    assert [v.status for v in visits[:3]] == [
        VisitStatus.OVERDUE,
        VisitStatus.OVERDUE,
        VisitStatus.UPCOMING,
    ]
    visits = build_schedule(RETURNED, date(2024, 8, 10), completed={1: date(2024, 5, 2)})
    assert [v.status for v in visits[:2]] == [VisitStatus.DONE, VisitStatus.DUE]
    assert visits[0].explanation == "3 months after 2024-01-31: visit recorded on 2024-05-02"
    assert visits[1].explanation == (
        "6 months after 2024-01-31: due from 2024-07-17 to 2024-08-14; "
        "today 2024-08-10 is inside the window"
    )
    reminders = visits_needing_reminder(build_schedule(RETURNED, date(2024, 8, 1)))
    assert [(v.number, v.status) for v in reminders] == [
        (1, VisitStatus.OVERDUE),
        (2, VisitStatus.DUE),
    ]


def test_configurable_schedule_and_windows():
    config = ScheduleConfig(visit_months=(1, 2), remind_days_before=0, grace_days=0)
    visits = build_schedule(date(2024, 1, 10), date(2024, 2, 10), config=config)
    assert [(v.due_date, v.status) for v in visits] == [
        (date(2024, 2, 10), VisitStatus.DUE),
        (date(2024, 3, 10), VisitStatus.UPCOMING),
    ]
    assert visit_status(date(2024, 2, 10), date(2024, 2, 11), config) == VisitStatus.OVERDUE


def test_config_from_a_data_file(tmp_path):
    path = tmp_path / "schedule.yaml"
    path.write_text(
        "source: {document: test}\nvisit_months: [1, 12]\nremind_days_before: 7\ngrace_days: 30\n",
        encoding="utf-8",
    )
    assert load_schedule_config(path) == ScheduleConfig((1, 12), 7, 30)


@pytest.mark.parametrize("months", [(), (6, 3), (3, 3), (0, 3)])
def test_bad_config_is_rejected(months):
    with pytest.raises(ValueError, match="visit_months must be positive, strictly increasing"):
        ScheduleConfig(visit_months=months, remind_days_before=1, grace_days=1)


def test_unknown_completed_visit_number():
    with pytest.raises(ValueError, match=r"completed visit numbers \[6\] are not in the schedule"):
        build_schedule(RETURNED, RETURNED, completed={6: RETURNED})
