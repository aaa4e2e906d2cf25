"""Follow-up after assistance: the visit schedule and the visits themselves."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from amanat.assistance import config, events
from amanat.assistance.auditing import audit_case_record
from amanat.assistance.followup_schedule import ScheduleConfig, add_months
from amanat.assistance.models import (
    AnchorKind,
    FollowUpSchedule,
    FollowUpVisit,
    VisitMode,
)
from amanat.assistance.services._common import (
    clean_choice,
    clean_date,
    clean_int,
    clean_text,
    writable_case,
)
from amanat.assistance.services.reintegration import reintegration_record
from amanat.cases.lifecycle import case_follow_up_begin
from amanat.errors import Conflict, ValidationError


def _schedule_config(visit_months, remind_days_before, grace_days) -> ScheduleConfig:
    defaults = config.schedule_defaults()
    months = defaults.visit_months if visit_months in (None, "", []) else visit_months
    if isinstance(months, str):
        months = [part for part in months.replace(";", ",").split(",") if part.strip()]
    if not isinstance(months, list | tuple):
        raise ValidationError(
            _("Give the visit months as a list, e.g. 3, 6, 12, 24, 36."), field="visit_months"
        )
    months = tuple(clean_int(m, "visit_months") for m in months)
    remind = (
        defaults.remind_days_before
        if remind_days_before in (None, "")
        else clean_int(remind_days_before, "remind_days_before")
    )
    grace = defaults.grace_days if grace_days in (None, "") else clean_int(grace_days, "grace_days")
    if len(months) > 24 or any(m > 120 for m in months):
        raise ValidationError(_("At most 24 visits, within 120 months."), field="visit_months")
    if not 0 <= remind <= 180:
        raise ValidationError(
            _("Enter a number of days from 0 to 180."), field="remind_days_before"
        )
    if not 0 <= grace <= 180:
        raise ValidationError(_("Enter a number of days from 0 to 180."), field="grace_days")
    try:
        return ScheduleConfig(visit_months=months, remind_days_before=remind, grace_days=grace)
    except ValueError:
        raise ValidationError(
            _("Visit months must be positive and increasing, e.g. 3, 6, 12, 24, 36."),
            field="visit_months",
        ) from None


@transaction.atomic
def followup_schedule_set(
    *,
    user,
    case_id,
    anchor_kind: str,
    anchor_date: dt.date | str,
    visit_months=None,
    remind_days_before=None,
    grace_days=None,
) -> FollowUpSchedule:
    """Schedule the follow-up visits after return or exit from assistance (or reschedule them:
    visits already held are kept). Exit from assistance moves an Active case to FollowUp."""
    case = writable_case(user, case_id)
    anchor_kind = clean_choice(anchor_kind, AnchorKind.values, "anchor_kind")
    anchor = clean_date(anchor_date, "anchor_date")
    schedule_config = _schedule_config(visit_months, remind_days_before, grace_days)
    schedule, created = FollowUpSchedule.objects.update_or_create(
        case=case,
        defaults={
            "anchor_kind": anchor_kind,
            "anchor_date": anchor,
            "visit_months": list(schedule_config.visit_months),
            "remind_days_before": schedule_config.remind_days_before,
            "grace_days": schedule_config.grace_days,
            "set_by": user,
        },
    )
    existing = {
        v.number: v
        for v in FollowUpVisit.objects.select_for_update().filter(case=case, number__isnull=False)
    }
    for number, months in enumerate(schedule_config.visit_months, start=1):
        due = add_months(anchor, months)
        values = {
            "months_after": months,
            "due_date": due,
            "remind_from": due - dt.timedelta(days=schedule_config.remind_days_before),
            "overdue_after": due + dt.timedelta(days=schedule_config.grace_days),
        }
        visit = existing.pop(number, None)
        if visit is None:
            FollowUpVisit.objects.create(case=case, number=number, **values)
        else:
            for name, value in values.items():
                setattr(visit, name, value)
            visit.save(update_fields=[*values, "updated_at"])
    for visit in existing.values():  # beyond the new schedule
        if visit.visited_on is None:
            visit.delete()
        else:  # held: kept as a visit outside the schedule
            visit.number = visit.months_after = visit.due_date = None
            visit.remind_from = visit.overdue_after = None
            visit.save(
                update_fields=[
                    "number",
                    "months_after",
                    "due_date",
                    "remind_from",
                    "overdue_after",
                    "updated_at",
                ]
            )
    audit_case_record(
        user,
        "followup_schedule.set",
        "followup_schedule",
        schedule.pk,
        ["anchor_kind", "anchor_date", "visit_months", "remind_days_before", "grace_days"],
        case,
        created=created,
    )
    events.FOLLOWUP_SCHEDULED.record(
        case=case,
        actor=user,
        data={
            "anchor_kind": anchor_kind,
            "visits": len(schedule_config.visit_months),
            "rescheduled": not created,
        },
    )
    if anchor_kind == AnchorKind.EXIT:
        case_follow_up_begin(user=user, case=case)
    return schedule


@transaction.atomic
def followup_visit_record(
    *,
    user,
    case_id,
    visited_on: dt.date | str,
    mode: str,
    number: int | None = None,
    notes: str = "",
    answers: dict | None = None,
) -> FollowUpVisit:
    """Record a follow-up visit (a scheduled one by its number, or one outside the schedule) and,
    when answers are given, the reintegration sustainability assessment made at it."""
    case = writable_case(user, case_id)
    visited_on = clean_date(visited_on, "visited_on")
    mode = clean_choice(mode, VisitMode.values, "mode")
    notes = clean_text(notes, "notes")
    if number in (None, ""):
        visit = FollowUpVisit(case=case)
    else:
        visit = (
            FollowUpVisit.objects.select_for_update()
            .filter(case=case, number=clean_int(number, "number"))
            .first()
        )
        if visit is None:
            raise ValidationError(_("No scheduled visit with this number."), field="number")
        if visit.visited_on is not None:
            raise Conflict(_("This visit has already been recorded."), field="number")
    visit.visited_on = visited_on
    visit.mode = mode
    visit.notes = notes
    visit.organisation_id = user.organisation_id
    visit.visited_by = user
    visit.save()
    on_time = None if visit.overdue_after is None else visited_on <= visit.overdue_after
    audit_case_record(
        user,
        "followup_visit.record",
        "followup_visit",
        visit.pk,
        ["visited_on", "mode"] + (["notes"] if notes else []),
        case,
        number=visit.number,
    )
    events.VISIT_RECORDED.record(
        case=case,
        actor=user,
        data={"visit_id": visit.pk, "number": visit.number, "mode": mode, "on_time": on_time},
    )
    if answers:
        reintegration_record(
            user=user, case=case, answers=answers, assessed_on=visited_on, visit=visit
        )
    return visit
