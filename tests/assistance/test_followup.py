"""Follow-up visits: scheduling after return or exit (configurable), rescheduling, due and
overdue reminders (page, API, command), recording visits."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from amanat.assistance import services
from amanat.assistance.models import FollowUpVisit
from amanat.assistance.selectors import (
    followup_reminders,
    followup_reminders_for_user,
    visit_state,
)
from amanat.cases.lifecycle import case_close
from amanat.cases.models import Case, CaseEvent
from amanat.cli import main
from amanat.errors import Conflict, NotFound, ValidationError
from tests.assistance.helpers import consented_case
from tests.fixtures import make_user

pytestmark = pytest.mark.django_db


def schedule(user, case, anchor="2025-01-31", kind="return", **kwargs):
    return services.followup_schedule_set(
        user=user, case_id=case.pk, anchor_kind=kind, anchor_date=anchor, **kwargs
    )


def visits(case):
    """Visits by number, those outside the schedule (no number) first, on any database."""
    rows = FollowUpVisit.objects.filter(case=case).values_list(
        "number", "months_after", "due_date", "remind_from", "overdue_after", "visited_on"
    )
    return sorted(rows, key=lambda row: (row[0] is not None, row[0] or 0))


def test_default_schedule_is_3_6_12_24_36_months_after_the_anchor(case_manager):
    case = consented_case(case_manager)
    schedule(case_manager, case)
    d = dt.date
    assert [(n, m, due) for n, m, due, *_ in visits(case)] == [
        (1, 3, d(2025, 4, 30)),
        (2, 6, d(2025, 7, 31)),
        (3, 12, d(2026, 1, 31)),
        (4, 24, d(2027, 1, 31)),
        (5, 36, d(2028, 1, 31)),
    ]
    first = visits(case)[0]
    assert (first[3], first[4]) == (d(2025, 4, 16), d(2025, 5, 14))  # 14 days either side
    assert Case.objects.get(pk=case.pk).status == "Active"  # a return keeps the case active


def test_schedule_is_configurable_and_exit_moves_the_case_to_follow_up(case_manager):
    case = consented_case(case_manager)
    schedule(
        case_manager,
        case,
        anchor="2025-06-15",
        kind="exit",
        visit_months="1, 4",
        remind_days_before=7,
        grace_days=30,
    )
    assert visits(case) == [
        (1, 1, dt.date(2025, 7, 15), dt.date(2025, 7, 8), dt.date(2025, 8, 14), None),
        (2, 4, dt.date(2025, 10, 15), dt.date(2025, 10, 8), dt.date(2025, 11, 14), None),
    ]
    assert Case.objects.get(pk=case.pk).status == "FollowUp"
    kinds = list(CaseEvent.objects.filter(case=case).values_list("kind", flat=True))
    assert kinds[-2:] == ["assistance.followup_scheduled", "case.follow_up"]


@pytest.mark.parametrize(
    "kwargs, field",
    [
        ({"visit_months": "6, 3"}, "visit_months"),
        ({"visit_months": [3, 3]}, "visit_months"),
        ({"visit_months": "0, 3"}, "visit_months"),
        ({"visit_months": "three"}, "visit_months"),
        ({"visit_months": [200]}, "visit_months"),
        ({"remind_days_before": -1}, "remind_days_before"),
        ({"grace_days": 400}, "grace_days"),
        ({"anchor": "2999-01-01"}, "anchor_date"),
        ({"anchor": ""}, "anchor_date"),
        ({"kind": "arrival"}, "anchor_kind"),
    ],
)
def test_bad_schedules_are_refused(case_manager, kwargs, field):
    case = consented_case(case_manager)
    with pytest.raises(ValidationError) as error:
        schedule(case_manager, case, **kwargs)
    assert error.value.field == field
    assert FollowUpVisit.objects.count() == 0


def test_rescheduling_keeps_visits_already_held(case_manager):
    case = consented_case(case_manager)
    schedule(case_manager, case, anchor="2024-01-10")
    services.followup_visit_record(
        user=case_manager, case_id=case.pk, number=1, visited_on="2024-04-12", mode="in_person"
    )
    services.followup_visit_record(
        user=case_manager, case_id=case.pk, number=3, visited_on="2025-01-20", mode="phone"
    )
    schedule(case_manager, case, anchor="2024-02-01", visit_months=[3, 6])
    assert [(n, due, held) for n, _m, due, _r, _o, held in visits(case)] == [
        (None, None, dt.date(2025, 1, 20)),  # visit 3 is now outside the schedule
        (1, dt.date(2024, 5, 1), dt.date(2024, 4, 12)),
        (2, dt.date(2024, 8, 1), None),
    ]


def test_status_upcoming_due_overdue_done(case_manager):
    case = consented_case(case_manager)
    schedule(case_manager, case, anchor="2025-01-31")
    visit = FollowUpVisit.objects.get(case=case, number=1)  # due 2025-04-30
    assert visit_state(visit, dt.date(2025, 4, 15)) == "upcoming"
    assert visit_state(visit, dt.date(2025, 4, 16)) == "due"
    assert visit_state(visit, dt.date(2025, 5, 14)) == "due"
    assert visit_state(visit, dt.date(2025, 5, 15)) == "overdue"
    visit.visited_on = dt.date(2025, 6, 1)
    assert visit_state(visit, dt.date(2025, 5, 15)) == "done"


def test_reminders_list_due_and_overdue_of_open_cases_overdue_first(
    case_manager, org, other_case_manager
):
    late = consented_case(case_manager)
    schedule(case_manager, late, anchor="2024-10-01")  # visit 1 due 2025-01-01: overdue
    due = consented_case(case_manager)
    schedule(case_manager, due, anchor="2024-12-05")  # visit 1 due 2025-03-05: due
    later = consented_case(case_manager)
    schedule(case_manager, later, anchor="2025-01-01")  # visit 1 due 2025-04-01: upcoming
    theirs = consented_case(other_case_manager)
    schedule(other_case_manager, theirs, anchor="2024-10-01")
    today = dt.date(2025, 3, 1)
    rows = followup_reminders_for_user(case_manager, today=today)
    assert [(r.case_code, r.number, r.status, r.days_from_due) for r in rows] == [
        (late.code, 1, "overdue", 59),
        (due.code, 1, "due", -4),
    ]
    services.followup_visit_record(
        user=case_manager, case_id=late.pk, number=1, visited_on="2025-02-20", mode="phone"
    )
    case_close(user=case_manager, case_id=due.pk, reason="moved_away")
    assert followup_reminders_for_user(case_manager, today=today) == []
    # "mine": cases whose case worker is the user.
    colleague = make_user(org=org, roles=["case_manager"])
    assert followup_reminders_for_user(colleague, today=dt.date(2025, 4, 1), mine=True) == []
    rows = followup_reminders_for_user(colleague, today=dt.date(2025, 4, 1))
    assert sorted((r.case_code, r.number, r.status) for r in rows) == sorted(
        [(later.code, 1, "due"), (late.code, 2, "due")]
    )
    with pytest.raises(NotFound):
        followup_reminders_for_user(make_user(org=org, roles=["researcher"]))


def test_recording_a_visit_once_and_outside_the_schedule(case_manager):
    case = consented_case(case_manager)
    schedule(case_manager, case, anchor="2025-01-31")
    visit = services.followup_visit_record(
        user=case_manager,
        case_id=case.pk,
        number=1,
        visited_on="2025-06-01",
        mode="phone",
        notes="Работает на стройке",
    )
    event = CaseEvent.objects.get(case=case, kind="assistance.visit_recorded")
    assert event.data == {"visit_id": visit.pk, "number": 1, "mode": "phone", "on_time": False}
    with pytest.raises(Conflict):
        services.followup_visit_record(
            user=case_manager, case_id=case.pk, number=1, visited_on="2025-06-02", mode="phone"
        )
    with pytest.raises(ValidationError) as error:
        services.followup_visit_record(
            user=case_manager, case_id=case.pk, number=9, visited_on="2025-06-02", mode="phone"
        )
    assert error.value.field == "number"
    with pytest.raises(ValidationError) as error:
        services.followup_visit_record(
            user=case_manager, case_id=case.pk, visited_on="2025-06-02", mode="pigeon"
        )
    assert error.value.field == "mode"
    extra = services.followup_visit_record(
        user=case_manager, case_id=case.pk, visited_on="2025-07-02", mode="video"
    )
    assert (extra.number, extra.due_date) == (None, None)
    assert FollowUpVisit.objects.filter(case=case, visited_on__isnull=False).count() == 2


def test_follow_up_is_the_holders_only(case_manager, other_case_manager):
    case = consented_case(case_manager)
    with pytest.raises(NotFound):
        schedule(other_case_manager, case)
    schedule(case_manager, case)
    with pytest.raises(NotFound):
        services.followup_visit_record(
            user=other_case_manager,
            case_id=case.pk,
            number=1,
            visited_on="2025-05-01",
            mode="phone",
        )
    assert FollowUpVisit.objects.filter(visited_on__isnull=False).count() == 0


# --- the command -------------------------------------------------------------------------------


def test_reminders_command_text_and_json(case_manager, org, capsys):
    late = consented_case(case_manager)
    schedule(case_manager, late, anchor="2024-10-01")
    assert main(["followup", "reminders", "--today", "2025-03-01"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines() == [
        "1 follow-up visit(s) due or overdue on 2025-03-01:",
        f"  OVERDUE  {late.code}  visit 1 (3 months) on 2025-01-01: 59 day(s) late, "
        f"case worker {case_manager.username}",
    ]
    assert (
        main(
            [
                "followup",
                "reminders",
                "--today",
                "2025-03-01",
                "--format",
                "json",
                "--organisation",
                str(org.pk),
            ]
        )
        == 0
    )
    assert json.loads(capsys.readouterr().out) == [
        {
            "case_id": late.pk,
            "case_code": late.code,
            "case_worker": case_manager.username,
            "visit_number": 1,
            "months_after": 3,
            "due_date": "2025-01-01",
            "status": "overdue",
            "days_from_due": 59,
        }
    ]
    assert (
        main(
            [
                "followup",
                "reminders",
                "--today",
                "2025-03-01",
                "--organisation",
                "Other organisation that does not exist",
            ]
        )
        == 2
    )
    assert "no such organisation" in capsys.readouterr().err
    assert main(["followup", "reminders", "--today", "1 March"]) == 2
    assert "expected a date as YYYY-MM-DD" in capsys.readouterr().err
    assert main(["followup", "reminders", "--today", "2024-01-01"]) == 0
    assert capsys.readouterr().out == "No follow-up visit due or overdue on 2024-01-01.\n"


def test_reminders_selector_has_no_access_check_of_its_own_but_the_page_has(case_manager):
    case = consented_case(case_manager)
    schedule(case_manager, case, anchor="2024-10-01")
    assert len(followup_reminders(today=dt.date(2025, 3, 1))) == 1
    assert followup_reminders(today=dt.date(2025, 3, 1), organisation_id=999999) == []
