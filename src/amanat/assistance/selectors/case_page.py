"""The assistance page of a case and its section on the case page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from amanat.accounts.roles import Perm
from amanat.assistance.access import owner_case
from amanat.assistance.auditing import PURPOSE
from amanat.assistance.followup_schedule import VisitStatus
from amanat.assistance.models import (
    OPEN_PLAN_STATUSES,
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
from amanat.assistance.selectors._common import (
    VisitRow,
    case_scores,
    plan_actions,
    visit_rows,
    visit_state,
)
from amanat.assistance.selectors.followup import followup_schedule
from amanat.cases.access import case_is_owned_by_user_org
from amanat.cases.lifecycle import CLOSED_STATUSES
from amanat.cases.models import Case, CaseStatusChange
from amanat.privacy.audit import audit_record


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
    actions = plan_actions(plan) if plan else []
    scores = case_scores(case)
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
        schedule=followup_schedule(case),
        visits=visit_rows(case, today, scores),
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
    scores = case_scores(case)
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
