"""Assistance endpoints under /api/cases/{id}/... and /api/assistance/... Thin: parse, call one
service or selector, present. Errors are the domain's (JSON 4xx naming the field)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from ninja import Query, Router, Schema, Status

from amanat.assistance import presenters, selectors, services
from amanat.assistance.stats import assistance_statistics, statistics_as_dict
from amanat.cases import lifecycle
from amanat.cases.approvals.api import pending_response
from amanat.cases.approvals.models import ApprovalRequest
from amanat.core.keyset import check_page_limit
from amanat.errors import ValidationError

cases = Router(tags=["assistance"])
assistance = Router(tags=["assistance"])


class AssessmentIn(Schema):
    stage: str = "intake"
    assessed_on: dt.date | None = None
    respondent_group: str | None = None
    reintegration_setting: str = ""
    answers: dict[str, Any]
    notes: str = ""


class PlanIn(Schema):
    plan_type: str
    objectives: str
    planned_end_date: dt.date | None = None
    agreed_with_person: bool = False
    agreed_on: dt.date | None = None
    assessment: int | None = None


class PlanPatch(Schema):
    plan_type: str | None = None
    objectives: str | None = None
    planned_end_date: dt.date | None = None
    agreed_with_person: bool | None = None
    agreed_on: dt.date | None = None


class PlanEndIn(Schema):
    outcome: str
    actual_end_date: dt.date | None = None


class ActionIn(Schema):
    description: str
    responsible_organisation: int
    need: int
    service_type: str | None = None
    spl_type: str | None = None
    planned_end_date: dt.date | None = None
    referral: int | None = None


class ActionPatch(Schema):
    status: str | None = None
    progress: int | None = None
    note: str | None = None
    actual_end_date: dt.date | None = None


class ServiceIn(Schema):
    service_type: str
    delivered_on: dt.date
    description: str = ""
    action: int | None = None
    cost: Decimal | None = None
    currency: str = ""
    completes_action: bool = False
    referral: int | None = None


class ScheduleIn(Schema):
    anchor_kind: str
    anchor_date: dt.date
    visit_months: list[int] | None = None
    remind_days_before: int | None = None
    grace_days: int | None = None


class VisitIn(Schema):
    visited_on: dt.date
    mode: str
    number: int | None = None
    notes: str = ""
    answers: dict[str, Any] | None = None


class ScoreIn(Schema):
    answers: dict[str, Any]
    assessed_on: dt.date | None = None
    visit: int | None = None


class CloseIn(Schema):
    reason: str
    note: str = ""


class ReopenIn(Schema):
    note: str


class TransferIn(Schema):
    to_organisation: int
    to_case_worker: int | None = None
    note: str = ""


class ServicesQuery(Schema):
    referral: int | None = None


class RemindersQuery(Schema):
    mine: bool = False
    today: dt.date | None = None
    # With `limit` (then `cursor`): one keyset page, the next cursor in X-Next-Cursor (ADR 0030).
    limit: int = 0
    cursor: str = ""


class StatisticsQuery(Schema):
    date_from: dt.date | None = None
    date_to: dt.date | None = None


# --- needs assessments -------------------------------------------------------------------------


@cases.get("/{case_id}/needs-assessments", response=list[dict])
def list_assessments(request, case_id: str):
    return [
        presenters.assessment_dict(a) for a in selectors.needs_assessments(request.user, case_id)
    ]


@cases.post("/{case_id}/needs-assessments", response={201: dict})
def create_assessment(request, case_id: str, payload: AssessmentIn):
    created = services.needs_assessment_record(
        user=request.user, case_id=case_id, **payload.model_dump()
    )
    read = selectors.needs_assessment_read(request.user, case_id, created.pk)
    return Status(201, presenters.assessment_dict(read))


@cases.get("/{case_id}/needs-assessments/{assessment_id}", response=dict)
def get_assessment(request, case_id: str, assessment_id: str):
    return presenters.assessment_dict(
        selectors.needs_assessment_read(request.user, case_id, assessment_id)
    )


# --- support plans -----------------------------------------------------------------------------


@cases.get("/{case_id}/plans", response=list[dict])
def list_plans(request, case_id: str):
    return [presenters.plan_dict(*row) for row in selectors.support_plans(request.user, case_id)]


@cases.post("/{case_id}/plans", response={201: dict})
def create_plan(request, case_id: str, payload: PlanIn):
    data = payload.model_dump()
    data["assessment_id"] = data.pop("assessment")
    plan = services.support_plan_create(user=request.user, case_id=case_id, **data)
    return Status(
        201, presenters.plan_dict(*selectors.support_plan_read(request.user, case_id, plan.pk))
    )


@cases.get("/{case_id}/plans/{plan_id}", response=dict)
def get_plan(request, case_id: str, plan_id: str):
    return presenters.plan_dict(*selectors.support_plan_read(request.user, case_id, plan_id))


@cases.patch("/{case_id}/plans/{plan_id}", response=dict)
def update_plan(request, case_id: str, plan_id: str, payload: PlanPatch):
    services.support_plan_update(
        user=request.user,
        case_id=case_id,
        plan_id=plan_id,
        changes=payload.model_dump(exclude_unset=True),
    )
    return presenters.plan_dict(*selectors.support_plan_read(request.user, case_id, plan_id))


@cases.post("/{case_id}/plans/{plan_id}/end", response=dict)
def end_plan(request, case_id: str, plan_id: str, payload: PlanEndIn):
    services.support_plan_end(
        user=request.user, case_id=case_id, plan_id=plan_id, **payload.model_dump()
    )
    return presenters.plan_dict(*selectors.support_plan_read(request.user, case_id, plan_id))


@cases.post("/{case_id}/plans/{plan_id}/actions", response={201: dict})
def add_action(request, case_id: str, plan_id: str, payload: ActionIn):
    data = payload.model_dump()
    action = services.plan_action_add(
        user=request.user,
        case_id=case_id,
        plan_id=plan_id,
        responsible_organisation_id=data.pop("responsible_organisation"),
        need_id=data.pop("need"),
        referral_id=data.pop("referral"),
        **data,
    )
    _plan, actions, _progress = selectors.support_plan_read(request.user, case_id, plan_id)
    return Status(201, presenters.action_dict(next(a for a in actions if a.pk == action.pk)))


@cases.patch("/{case_id}/actions/{action_id}", response=dict)
def update_action(request, case_id: str, action_id: str, payload: ActionPatch):
    action = services.plan_action_update(
        user=request.user,
        case_id=case_id,
        action_id=action_id,
        **payload.model_dump(exclude_unset=True),
    )
    _plan, actions, _progress = selectors.support_plan_read(request.user, case_id, action.plan_id)
    return presenters.action_dict(next(a for a in actions if a.pk == action.pk))


# --- services delivered ------------------------------------------------------------------------


@cases.get("/{case_id}/services", response=list[dict])
def list_services(request, case_id: str, params: Query[ServicesQuery]):
    rows = selectors.services_delivered(request.user, case_id, referral_id=params.referral)
    return [presenters.service_dict(s) for s in rows]


@cases.post("/{case_id}/services", response={201: dict})
def record_service(request, case_id: str, payload: ServiceIn):
    data = payload.model_dump()
    service = services.service_delivery_record(
        user=request.user,
        case_id=case_id,
        action_id=data.pop("action"),
        referral_id=data.pop("referral"),
        **data,
    )
    return Status(201, presenters.service_dict(service))


# --- follow-up and scores ----------------------------------------------------------------------


def _followup(request, case_id) -> dict:
    schedule, rows = selectors.followup_visits(request.user, case_id)
    return {
        "schedule": presenters.schedule_dict(schedule),
        "visits": [presenters.visit_dict(r) for r in rows],
    }


@cases.get("/{case_id}/visits", response=dict)
def list_visits(request, case_id: str):
    return _followup(request, case_id)


@cases.put("/{case_id}/followup", response=dict)
def set_schedule(request, case_id: str, payload: ScheduleIn):
    services.followup_schedule_set(user=request.user, case_id=case_id, **payload.model_dump())
    return _followup(request, case_id)


@cases.post("/{case_id}/visits", response={201: dict})
def record_visit(request, case_id: str, payload: VisitIn):
    visit = services.followup_visit_record(
        user=request.user, case_id=case_id, **payload.model_dump()
    )
    _schedule, rows = selectors.followup_visits(request.user, case_id)
    return Status(201, presenters.visit_dict(next(r for r in rows if r.visit.pk == visit.pk)))


@cases.get("/{case_id}/scores", response=list[dict])
def list_scores(request, case_id: str):
    return [
        presenters.score_dict(s) for s in selectors.reintegration_trajectory(request.user, case_id)
    ]


@cases.post("/{case_id}/scores", response={201: dict})
def record_score(request, case_id: str, payload: ScoreIn):
    data = payload.model_dump()
    record = services.reintegration_assessment_record(
        user=request.user, case_id=case_id, visit_id=data.pop("visit"), **data
    )
    return Status(
        201,
        presenters.score_dict(
            selectors.reintegration_assessment_read(request.user, case_id, record.pk), personal=True
        ),
    )


@cases.get("/{case_id}/scores/{score_id}", response=dict)
def get_score(request, case_id: str, score_id: str):
    return presenters.score_dict(
        selectors.reintegration_assessment_read(request.user, case_id, score_id), personal=True
    )


# --- case life cycle ---------------------------------------------------------------------------


@cases.post("/{case_id}/close", response=dict)
def close_case(request, case_id: str, payload: CloseIn):
    result = lifecycle.case_close(user=request.user, case_id=case_id, **payload.model_dump())
    if isinstance(result, ApprovalRequest):  # the closure waits for a supervisor (ADR 1620)
        return pending_response(result)
    return presenters.case_status_dict(result)


@cases.post("/{case_id}/reopen", response=dict)
def reopen_case(request, case_id: str, payload: ReopenIn):
    return presenters.case_status_dict(
        lifecycle.case_reopen(user=request.user, case_id=case_id, **payload.model_dump())
    )


@cases.post("/{case_id}/transfer", response=dict)
def transfer_case(request, case_id: str, payload: TransferIn):
    case = lifecycle.case_transfer(
        user=request.user,
        case_id=case_id,
        to_organisation_id=payload.to_organisation,
        to_case_worker_id=payload.to_case_worker,
        note=payload.note,
    )
    return presenters.case_status_dict(case)


# --- reminders and statistics ------------------------------------------------------------------


@assistance.get("/reminders", response=list[dict])
def reminders(request, response: HttpResponse, params: Query[RemindersQuery]):
    check_page_limit(params.limit)
    if not params.limit and not params.cursor:
        rows = selectors.followup_reminders_for_user(
            request.user, today=params.today, mine=params.mine
        )
        return [presenters.reminder_dict(r) for r in rows]
    page = selectors.followup_reminders_page(
        request.user,
        today=params.today,
        mine=params.mine,
        cursor=params.cursor,
        per_page=params.limit or 50,
    )
    if page.next_cursor:
        response["X-Next-Cursor"] = page.next_cursor
    return [presenters.reminder_dict(r) for r in page.items]


@assistance.get("/statistics", response=dict)
def statistics(request, params: Query[StatisticsQuery]):
    if params.date_from and params.date_to and params.date_from > params.date_to:
        raise ValidationError("date_from must not be after date_to.", field="date_from")
    return statistics_as_dict(
        assistance_statistics(request.user, date_from=params.date_from, date_to=params.date_to)
    )


ROUTERS = (("/cases", cases), ("/assistance", assistance))
