"""Support plans and their actions."""

from __future__ import annotations

from django.db.models import Count, Prefetch

from amanat.accounts.denials import denied
from amanat.assistance.access import owner_case
from amanat.assistance.auditing import audit_case_list, audit_case_record
from amanat.assistance.models import (
    OPEN_PLAN_STATUSES,
    ActionStatus,
    PlanAction,
    SupportPlan,
)
from amanat.assistance.progress import plan_progress
from amanat.assistance.selectors._common import (
    plan_actions,
)
from amanat.cases.models import Case
from amanat.core.ids import parse_id
from amanat.errors import NotFound
from amanat.referrals.models import Need, NeedStatus, Referral


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
    audit_case_list(
        user,
        "support_plan.list",
        case,
        ["objectives", "plan_action.description", "plan_action.progress_note"],
        len(plans),
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
    actions = plan_actions(plan)
    audit_case_record(
        user,
        "support_plan.view",
        "support_plan",
        plan.pk,
        ["objectives", "plan_action.description", "plan_action.progress_note"],
        case,
    )
    return plan, actions, plan_progress((a.status, a.progress) for a in actions)


# --- choices for the plan forms (the case was read through `owner_case` by the caller) ---------


def open_plan(case: Case, plan_id) -> SupportPlan:
    """The case's open plan with this id; NotFound for an ended or another case's plan."""
    plan = SupportPlan.objects.filter(
        pk=parse_id(plan_id), case=case, status__in=OPEN_PLAN_STATUSES
    ).first()
    if plan is None:
        raise NotFound()
    return plan


def open_needs(case: Case) -> list[Need]:
    """The case's open needs, oldest first: what a plan action can answer."""
    return list(Need.objects.filter(case=case, status=NeedStatus.OPEN).order_by("id"))


def case_referrals(case: Case) -> list[Referral]:
    """The case's referrals, with the organisation each went to."""
    return list(Referral.objects.filter(case=case).select_related("to_organisation"))


def open_actions(case: Case) -> list[PlanAction]:
    """Actions of the case's open plan still to be done (no personal text decrypted)."""
    return list(
        PlanAction.objects.filter(
            case=case,
            plan__status__in=OPEN_PLAN_STATUSES,
            status__in=[ActionStatus.PLANNED, ActionStatus.IN_PROGRESS],
        )
        .select_related("responsible_organisation")
        .defer("description", "progress_note")
    )
