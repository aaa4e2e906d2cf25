"""Read helpers shared by the assistance selectors: visit states, score and action lists, audit."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count

from amanat.assistance.followup_schedule import VisitStatus
from amanat.assistance.models import (
    FollowUpVisit,
    PlanAction,
    ReintegrationAssessment,
    SupportPlan,
)
from amanat.cases.models import Case


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


def case_scores(case: Case) -> list[ReintegrationAssessment]:
    return list(
        ReintegrationAssessment.objects.filter(case=case)
        .defer("answers", "explanation")
        .order_by("assessed_on", "id")
    )


def visit_rows(case: Case, today: dt.date, scores) -> list[VisitRow]:
    by_visit = {s.visit_id: s for s in scores if s.visit_id}
    visits = FollowUpVisit.objects.filter(case=case).select_related("visited_by")
    rows = [VisitRow(v, visit_state(v, today), by_visit.get(v.pk)) for v in visits]
    rows.sort(key=lambda r: (r.visit.due_date or r.visit.visited_on, r.visit.pk))
    return rows


def plan_actions(plan: SupportPlan) -> list[PlanAction]:
    return list(
        plan.actions.select_related("responsible_organisation", "identified_need")
        .annotate(service_count=Count("services"))
        .order_by("id")
    )
