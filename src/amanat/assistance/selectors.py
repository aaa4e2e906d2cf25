"""Reads of assistance data: access-checked through `access.py`; reads that decrypt personal data
are audited (field names only)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch
from django.utils import timezone

from amanat.accounts.denials import denied
from amanat.accounts.roles import Perm
from amanat.assistance.access import owner_case, service_case
from amanat.assistance.followup_schedule import VisitStatus
from amanat.assistance.models import (
    OPEN_PLAN_STATUSES,
    CaseStatusChange,
    FollowUpSchedule,
    FollowUpVisit,
    IdentifiedNeed,
    NeedsAssessment,
    PlanAction,
    ReintegrationAssessment,
    ServiceDelivery,
    SupportPlan,
)
from amanat.assistance.progress import plan_progress
from amanat.cases.access import case_is_owned_by_user_org
from amanat.cases.lifecycle import CLOSED_STATUSES
from amanat.cases.models import Case
from amanat.core.ids import parse_id
from amanat.errors import NotFound
from amanat.privacy.audit import audit_record

PURPOSE = "assistance"


def visit_state(visit: FollowUpVisit, today: dt.date) -> str:
    """upcoming / due / overdue / done, from the window stored on the visit (see 0501)."""
    if visit.visited_on is not None:
        return VisitStatus.DONE
    if today < visit.remind_from:
        return VisitStatus.UPCOMING
    if today <= visit.overdue_after:
        return VisitStatus.DUE
    return VisitStatus.OVERDUE


@dataclass
class VisitRow:
    visit: FollowUpVisit
    status: str
    assessment: ReintegrationAssessment | None = None


@dataclass
class CaseAssistance:
    case: Case
    assessments: list[NeedsAssessment] = field(default_factory=list)
    latest_needs: list[IdentifiedNeed] = field(default_factory=list)
    plan: SupportPlan | None = None
    actions: list[PlanAction] = field(default_factory=list)
    progress: int | None = None
    past_plans: list[SupportPlan] = field(default_factory=list)
    services: list[ServiceDelivery] = field(default_factory=list)
    schedule: FollowUpSchedule | None = None
    visits: list[VisitRow] = field(default_factory=list)
    scores: list[ReintegrationAssessment] = field(default_factory=list)
    history: list[CaseStatusChange] = field(default_factory=list)


def _scores(case: Case) -> list[ReintegrationAssessment]:
    return list(
        ReintegrationAssessment.objects.filter(case=case)
        .defer("answers", "explanation")
        .order_by("assessed_on", "id")
    )


def _visits(case: Case, today: dt.date, scores) -> list[VisitRow]:
    by_visit = {s.visit_id: s for s in scores if s.visit_id}
    visits = FollowUpVisit.objects.filter(case=case).select_related("visited_by")
    rows = [VisitRow(v, visit_state(v, today), by_visit.get(v.pk)) for v in visits]
    rows.sort(key=lambda r: (r.visit.due_date or r.visit.visited_on, r.visit.pk))
    return rows


def _actions(plan: SupportPlan) -> list[PlanAction]:
    return list(
        plan.actions.select_related("responsible_organisation", "identified_need")
        .annotate(service_count=Count("services"))
        .order_by("id")
    )


def case_assistance(user, case_id, *, today: dt.date | None = None) -> CaseAssistance:
    """Everything about the case's assistance, for the organisation that holds it."""
    case = owner_case(user, case_id)
    today = today or timezone.localdate()
    assessments = list(
        NeedsAssessment.objects.filter(case=case)
        .defer("answers")
        .select_related("recorded_by")
        .prefetch_related("needs")
        .order_by("-assessed_on", "-id")
    )
    plans = list(
        SupportPlan.objects.filter(case=case)
        .select_related("created_by")
        .order_by("-created_at", "-id")
    )
    plan = next((p for p in plans if p.status in OPEN_PLAN_STATUSES), None)
    actions = _actions(plan) if plan else []
    scores = _scores(case)
    result = CaseAssistance(
        case=case,
        assessments=assessments,
        latest_needs=list(assessments[0].needs.all()) if assessments else [],
        plan=plan,
        actions=actions,
        progress=plan_progress((a.status, a.progress) for a in actions),
        past_plans=[p for p in plans if p is not plan],
        services=list(
            ServiceDelivery.objects.filter(case=case).select_related(
                "organisation", "recorded_by", "action"
            )
        ),
        schedule=FollowUpSchedule.objects.filter(case=case).first(),
        visits=_visits(case, today, scores),
        scores=scores,
        history=list(
            CaseStatusChange.objects.filter(case=case).select_related(
                "actor", "from_organisation", "to_organisation", "to_case_worker"
            )
        ),
    )
    audit_record(
        actor=user,
        action="assistance.view",
        object_type="case",
        object_id=case.pk,
        fields=[
            "needs_assessment.notes",
            "support_plan.objectives",
            "plan_action.description",
            "plan_action.progress_note",
            "service_delivery.description",
            "followup_visit.notes",
            "case_status_change.note",
            "reintegration.scores",
        ],
        purpose=PURPOSE,
    )
    return result


def case_assistance_summary(user, case: Case, *, today: dt.date | None = None) -> dict | None:
    """The case page section: counts, statuses and scores only (nothing decrypted).

    `case` was read through `case_read` (access-checked and audited by the case page).
    """
    if not user.can(Perm.CASE_VIEW):
        return None
    today = today or timezone.localdate()
    if not case_is_owned_by_user_org(user, case):
        return None
    plan = (
        SupportPlan.objects.filter(case=case, status__in=OPEN_PLAN_STATUSES)
        .defer("objectives")
        .first()
    )
    actions = list(plan.actions.values_list("status", "progress")) if plan else []
    latest_assessment = NeedsAssessment.objects.filter(case=case).defer("answers", "notes").first()
    pending = [
        v
        for v in FollowUpVisit.objects.filter(
            case=case, visited_on__isnull=True, number__isnull=False
        )
        .defer("notes")
        .order_by("due_date")
    ]
    scores = _scores(case)
    return {
        "owner": True,
        "case": case,
        "assessment": latest_assessment,
        "need_types": list(
            dict.fromkeys(
                n.service_type for n in (latest_assessment.needs.all() if latest_assessment else [])
            )
        ),
        "plan": plan,
        "actions_total": len(actions),
        "actions_done": sum(1 for status, _ in actions if status == "done"),
        "progress": plan_progress(actions),
        "services": ServiceDelivery.objects.filter(case=case).count(),
        "next_visit": VisitRow(pending[0], visit_state(pending[0], today)) if pending else None,
        "overdue": sum(1 for v in pending if visit_state(v, today) == VisitStatus.OVERDUE),
        "latest_score": scores[-1] if scores else None,
        "score_count": len(scores),
        "closed": case.status in CLOSED_STATUSES,
        "can_update": user.can(Perm.CASE_UPDATE),
    }


# --- single records ----------------------------------------------------------------------------


def needs_assessments(user, case_id) -> list[NeedsAssessment]:
    case = owner_case(user, case_id)
    rows = list(
        NeedsAssessment.objects.filter(case=case)
        .prefetch_related("needs")
        .select_related("recorded_by")
    )
    audit_record(
        actor=user,
        action="needs_assessment.list",
        object_type="case",
        object_id=case.pk,
        fields=["answers", "notes"],
        purpose=PURPOSE,
        extra={"count": len(rows)},
    )
    return rows


def needs_assessment_read(user, case_id, assessment_id) -> NeedsAssessment:
    case = owner_case(user, case_id)
    pk = parse_id(assessment_id)
    assessment = (
        NeedsAssessment.objects.filter(pk=pk, case=case)
        .prefetch_related("needs")
        .select_related("recorded_by")
        .first()
    )
    if assessment is None:
        raise denied(user, "needs_assessment", pk, model=NeedsAssessment)
    audit_record(
        actor=user,
        action="needs_assessment.view",
        object_type="needs_assessment",
        object_id=assessment.pk,
        fields=["answers", "notes"],
        purpose=PURPOSE,
        extra={"case_id": case.pk},
    )
    return assessment


def support_plans(user, case_id) -> list[tuple[SupportPlan, list[PlanAction], int | None]]:
    case = owner_case(user, case_id)
    plans = list(
        SupportPlan.objects.filter(case=case).prefetch_related(
            Prefetch(
                "actions",
                queryset=PlanAction.objects.select_related("responsible_organisation").annotate(
                    service_count=Count("services")
                ),
            )
        )
    )
    audit_record(
        actor=user,
        action="support_plan.list",
        object_type="case",
        object_id=case.pk,
        fields=["objectives", "plan_action.description", "plan_action.progress_note"],
        purpose=PURPOSE,
        extra={"count": len(plans)},
    )
    return [
        (p, list(p.actions.all()), plan_progress((a.status, a.progress) for a in p.actions.all()))
        for p in plans
    ]


def support_plan_read(user, case_id, plan_id) -> tuple[SupportPlan, list[PlanAction], int | None]:
    case = owner_case(user, case_id)
    pk = parse_id(plan_id)
    plan = SupportPlan.objects.filter(pk=pk, case=case).first()
    if plan is None:
        raise denied(user, "support_plan", pk, model=SupportPlan)
    actions = _actions(plan)
    audit_record(
        actor=user,
        action="support_plan.view",
        object_type="support_plan",
        object_id=plan.pk,
        fields=["objectives", "plan_action.description", "plan_action.progress_note"],
        purpose=PURPOSE,
        extra={"case_id": case.pk},
    )
    return plan, actions, plan_progress((a.status, a.progress) for a in actions)


def services_delivered(user, case_id, *, referral_id=None) -> list[ServiceDelivery]:
    """The holder sees every service; the recipient of an active referral, its own."""
    case, is_owner, _referral = service_case(
        user, case_id, permission=Perm.CASE_VIEW, referral_id=referral_id
    )
    rows = ServiceDelivery.objects.filter(case=case).select_related("organisation", "recorded_by")
    if not is_owner:
        rows = rows.filter(organisation_id=user.organisation_id)
    rows = list(rows)
    audit_record(
        actor=user,
        action="service_delivery.list",
        object_type="case",
        object_id=case.pk,
        fields=["description"],
        purpose=PURPOSE,
        extra={"count": len(rows)},
    )
    return rows


def followup_visits(
    user, case_id, *, today: dt.date | None = None
) -> tuple[FollowUpSchedule | None, list[VisitRow]]:
    case = owner_case(user, case_id)
    today = today or timezone.localdate()
    rows = _visits(case, today, _scores(case))
    audit_record(
        actor=user,
        action="followup_visit.list",
        object_type="case",
        object_id=case.pk,
        fields=["notes"],
        purpose=PURPOSE,
        extra={"count": len(rows)},
    )
    return FollowUpSchedule.objects.filter(case=case).first(), rows


def reintegration_trajectory(user, case_id) -> list[ReintegrationAssessment]:
    case = owner_case(user, case_id)
    rows = _scores(case)
    audit_record(
        actor=user,
        action="reintegration.trajectory",
        object_type="case",
        object_id=case.pk,
        fields=["scores"],
        purpose=PURPOSE,
        extra={"count": len(rows)},
    )
    return rows


def reintegration_assessment_read(user, case_id, assessment_id) -> ReintegrationAssessment:
    case = owner_case(user, case_id)
    pk = parse_id(assessment_id)
    record = ReintegrationAssessment.objects.filter(pk=pk, case=case).first()
    if record is None:
        raise denied(user, "reintegration_assessment", pk, model=ReintegrationAssessment)
    audit_record(
        actor=user,
        action="reintegration_assessment.view",
        object_type="reintegration_assessment",
        object_id=record.pk,
        fields=["answers", "explanation", "scores"],
        purpose=PURPOSE,
        extra={"case_id": case.pk},
    )
    return record


# --- reminders ---------------------------------------------------------------------------------


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


def followup_reminders(
    *, today: dt.date, organisation_id: int | None = None, case_worker_id: int | None = None
) -> list[Reminder]:
    """Visits due or overdue on `today` for open cases (overdue first, then by due date).

    No access check: callers are `followup_reminders_for_user` and the CLI (machine operator).
    Only case codes and dates: nothing personal is decrypted.
    """
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
    reminders = [
        Reminder(
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
        for v in rows
    ]
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
