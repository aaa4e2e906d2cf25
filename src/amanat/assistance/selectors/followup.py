"""Follow-up visits and the reminders of visits due or overdue."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from amanat.accounts.roles import Perm
from amanat.assistance.access import owner_case
from amanat.assistance.auditing import PURPOSE, audit_case_list
from amanat.assistance.followup_schedule import VisitStatus
from amanat.assistance.models import (
    FollowUpSchedule,
    FollowUpVisit,
)
from amanat.assistance.selectors._common import (
    VisitRow,
    case_scores,
    visit_rows,
    visit_state,
)
from amanat.cases.lifecycle import CLOSED_STATUSES
from amanat.cases.models import Case
from amanat.core.keyset import KeysetPage, keyset_page
from amanat.errors import NotFound
from amanat.privacy.audit import audit_record


def followup_visits(
    user, case_id, *, today: dt.date | None = None
) -> tuple[FollowUpSchedule | None, list[VisitRow]]:
    case = owner_case(user, case_id)
    today = today or timezone.localdate()
    rows = visit_rows(case, today, case_scores(case))
    audit_case_list(user, "followup_visit.list", case, ["notes"], len(rows))
    return followup_schedule(case), rows


@dataclass(frozen=True)
class Reminder:
    case_id: int
    case_code: str
    organisation_id: int
    case_worker: str
    number: int
    months_after: int
    due_date: dt.date
    status: str
    days_from_due: int  # negative: days before the due date; positive: days late


def _pending_due(*, today: dt.date, organisation_id: int | None, case_worker_id: int | None):
    rows = (
        FollowUpVisit.objects.filter(
            visited_on__isnull=True, number__isnull=False, remind_from__lte=today
        )
        .exclude(case__status__in=CLOSED_STATUSES)
        .select_related("case", "case__case_worker")
        .only(
            "number",
            "months_after",
            "due_date",
            "remind_from",
            "overdue_after",
            "visited_on",
            "case__id",
            "case__code",
            "case__owner_organisation_id",
            "case__status",
            "case__case_worker__username",
        )
    )
    if organisation_id is not None:
        rows = rows.filter(case__owner_organisation_id=organisation_id)
    if case_worker_id is not None:
        rows = rows.filter(case__case_worker_id=case_worker_id)
    return rows


def _reminder(v: FollowUpVisit, today: dt.date) -> Reminder:
    return Reminder(
        case_id=v.case.pk,
        case_code=v.case.code,
        organisation_id=v.case.owner_organisation_id,
        case_worker=v.case.case_worker.username if v.case.case_worker else "",
        number=v.number,
        months_after=v.months_after,
        due_date=v.due_date,
        status=visit_state(v, today),
        days_from_due=(today - v.due_date).days,
    )


def followup_reminders(
    *, today: dt.date, organisation_id: int | None = None, case_worker_id: int | None = None
) -> list[Reminder]:
    """Visits due or overdue on `today` for open cases (overdue first, then by due date).

    No access check: callers are `followup_reminders_for_user` and the CLI (machine operator).
    Only case codes and dates: nothing personal is decrypted.
    """
    rows = _pending_due(today=today, organisation_id=organisation_id, case_worker_id=case_worker_id)
    reminders = [_reminder(v, today) for v in rows]
    reminders.sort(key=lambda r: (r.status != VisitStatus.OVERDUE, r.due_date, r.case_code))
    return reminders


def followup_reminders_for_user(
    user, *, today: dt.date | None = None, mine: bool = False
) -> list[Reminder]:
    """Due and overdue visits of the cases the user's organisation holds (or theirs only)."""
    if not user.can(Perm.CASE_VIEW) or user.organisation_id is None:
        raise NotFound()
    today = today or timezone.localdate()
    reminders = followup_reminders(
        today=today, organisation_id=user.organisation_id, case_worker_id=user.pk if mine else None
    )
    audit_record(
        actor=user,
        action="followup.reminders",
        object_type="case",
        fields=["case_code", "due_date"],
        purpose=PURPOSE,
        extra={"count": len(reminders), "mine": mine},
    )
    return reminders


REMINDERS_PER_PAGE = 50


def followup_reminders_page(
    user,
    *,
    today: dt.date | None = None,
    mine: bool = False,
    cursor: str = "",
    page: int | str = 1,
    per_page: int = REMINDERS_PER_PAGE,
) -> KeysetPage:
    """One page of `followup_reminders_for_user`, keyset-paged with a capped count (ADR 0030).

    Order: by `overdue_after`, then due date and id. Every overdue visit (overdue_after before
    today) comes before every visit only due (overdue_after today or later): "overdue first", as
    the whole list, on an index that matches (visit_pending_overdue). The items are Reminders.
    """
    if not user.can(Perm.CASE_VIEW) or user.organisation_id is None:
        raise NotFound()
    today = today or timezone.localdate()
    rows = _pending_due(
        today=today,
        organisation_id=user.organisation_id,
        case_worker_id=user.pk if mine else None,
    )
    found = keyset_page(
        rows,
        order=("overdue_after", "due_date", "id"),
        scope=f"reminders:{today.isoformat()}:{int(mine)}",
        per_page=per_page,
        cursor=cursor,
        page=page,
    )
    found.items = [_reminder(v, today) for v in found.items]
    audit_record(
        actor=user,
        action="followup.reminders",
        object_type="case",
        fields=["case_code", "due_date"],
        purpose=PURPOSE,
        extra={"count": len(found.items), "mine": mine},
    )
    return found


def followup_schedule(case: Case) -> FollowUpSchedule | None:
    """The case's visit schedule, if one was set (the case was read through `owner_case`)."""
    return FollowUpSchedule.objects.filter(case=case).first()


def pending_visits(case: Case) -> list[FollowUpVisit]:
    """Scheduled visits not yet held, in order (notes not decrypted)."""
    return list(
        FollowUpVisit.objects.filter(case=case, number__isnull=False, visited_on__isnull=True)
        .defer("notes")
        .order_by("number")
    )
