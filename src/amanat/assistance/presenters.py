"""Plain dicts for the API (and the CLI): what each record shows, nothing more."""

from __future__ import annotations

from amanat.assistance.models import (
    FollowUpSchedule,
    NeedsAssessment,
    PlanAction,
    ReintegrationAssessment,
    ServiceDelivery,
    SupportPlan,
)
from amanat.assistance.selectors import Reminder, VisitRow
from amanat.cases.models import Case


def _org(org) -> dict | None:
    return None if org is None else {"id": org.pk, "name": org.name}


def assessment_dict(assessment: NeedsAssessment, *, personal: bool = True) -> dict:
    data = {
        "id": assessment.pk,
        "case_id": assessment.case_id,
        "stage": assessment.stage,
        "assessed_on": assessment.assessed_on,
        "respondent_group": assessment.respondent_group,
        "reintegration_setting": assessment.reintegration_setting,
        "guide_version": assessment.guide_version,
        "recorded_by": assessment.recorded_by.username,
        "needs": [
            {
                "id": n.pk,
                "category": n.category,
                "service_type": n.service_type,
                "urgency": n.urgency,
                "need_id": n.need_id,
            }
            for n in assessment.needs.all()
        ],
    }
    if personal:
        data["answers"] = assessment.answers
        data["notes"] = assessment.notes
    return data


def action_dict(action: PlanAction) -> dict:
    return {
        "id": action.pk,
        "plan_id": action.plan_id,
        "description": action.description,
        "service_type": action.service_type,
        "spl_type": action.spl_type,
        "need_id": action.need_id,
        "identified_need_id": action.identified_need_id,
        "referral_id": action.referral_id,
        "responsible_organisation": _org(action.responsible_organisation),
        "status": action.status,
        "progress": action.progress,
        "progress_note": action.progress_note,
        "planned_end_date": action.planned_end_date,
        "actual_end_date": action.actual_end_date,
        "services": getattr(action, "service_count", None),
    }


def plan_dict(plan: SupportPlan, actions: list[PlanAction], progress: int | None) -> dict:
    return {
        "id": plan.pk,
        "case_id": plan.case_id,
        "status": plan.status,
        "plan_type": plan.plan_type,
        "objectives": plan.objectives,
        "planned_end_date": plan.planned_end_date,
        "actual_end_date": plan.actual_end_date,
        "agreed_with_person": plan.agreed_with_person,
        "agreed_on": plan.agreed_on,
        "assessment_id": plan.assessment_id,
        "progress": progress,
        "actions": [action_dict(a) for a in actions],
    }


def service_dict(service: ServiceDelivery) -> dict:
    return {
        "id": service.pk,
        "case_id": service.case_id,
        "service_type": service.service_type,
        "delivered_on": service.delivered_on,
        "description": service.description,
        "cost": None if service.cost is None else f"{service.cost:.2f}",
        "currency": service.currency,
        "organisation": _org(service.organisation),
        "recorded_by": service.recorded_by.username,
        "action_id": service.action_id,
        "referral_id": service.referral_id,
    }


def schedule_dict(schedule: FollowUpSchedule | None) -> dict | None:
    if schedule is None:
        return None
    return {
        "anchor_kind": schedule.anchor_kind,
        "anchor_date": schedule.anchor_date,
        "visit_months": schedule.visit_months,
        "remind_days_before": schedule.remind_days_before,
        "grace_days": schedule.grace_days,
    }


def visit_dict(row: VisitRow) -> dict:
    visit = row.visit
    return {
        "id": visit.pk,
        "number": visit.number,
        "months_after": visit.months_after,
        "due_date": visit.due_date,
        "due_from": visit.remind_from,
        "overdue_after": visit.overdue_after,
        "status": str(row.status),
        "visited_on": visit.visited_on,
        "mode": visit.mode,
        "notes": visit.notes,
        "visited_by": visit.visited_by.username if visit.visited_by else None,
        "assessment_id": row.assessment.pk if row.assessment else None,
        "composite": row.assessment.composite if row.assessment else None,
    }


def score_dict(record: ReintegrationAssessment, *, personal: bool = False) -> dict:
    data = {
        "id": record.pk,
        "case_id": record.case_id,
        "visit_id": record.visit_id,
        "assessed_on": record.assessed_on,
        "economic": record.economic,
        "social": record.social,
        "psychosocial": record.psychosocial,
        "composite": record.composite,
        "indicators_scored": record.indicators_scored,
        "indicators_total": record.indicators_total,
        "instrument_version": record.instrument_version,
        "instrument_digest": record.instrument_digest,
    }
    if personal:
        data["answers"] = record.answers
        data["explanation"] = record.explanation
    return data


def case_status_dict(case: Case) -> dict:
    """After a life-cycle change: no personal data (after a transfer the caller may no longer
    see the case)."""
    return {
        "id": case.pk,
        "code": case.code,
        "status": case.status,
        "closed_at": case.closed_at,
        "owner_organisation": _org(case.owner_organisation),
        "case_worker": case.case_worker.username if case.case_worker else None,
    }


def reminder_dict(reminder: Reminder) -> dict:
    return {
        "case_id": reminder.case_id,
        "case_code": reminder.case_code,
        "case_worker": reminder.case_worker,
        "visit_number": reminder.number,
        "months_after": reminder.months_after,
        "due_date": reminder.due_date,
        "status": str(reminder.status),
        "days_from_due": reminder.days_from_due,
    }
