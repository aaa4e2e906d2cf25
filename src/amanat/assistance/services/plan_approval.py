"""Support plans under supervision (ADR 1620): where the organisation requires approval of
support plans, a plan agreed with the person stays a draft, with a pending approval request,
until a supervisor approves it; then it becomes active (in force)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from amanat.assistance import events
from amanat.assistance.auditing import PURPOSE
from amanat.assistance.models import PlanStatus, SupportPlan
from amanat.cases.approvals.kinds import SUPPORT_PLAN
from amanat.cases.approvals.models import ApprovalRequest
from amanat.cases.approvals.services import approval_request_create, approval_required
from amanat.core.writes import model_update
from amanat.errors import Conflict


def plan_needs_approval(case) -> bool:
    return approval_required(organisation_id=case.owner_organisation_id, kind=SUPPORT_PLAN)


def plan_approval_request(*, user, case, plan: SupportPlan) -> ApprovalRequest:
    """Ask for approval of an agreed draft; the plan says so on the page that saved it."""
    request = approval_request_create(
        user=user, case=case, kind=SUPPORT_PLAN, payload={"plan_id": plan.pk}
    )
    plan.outcome_message = request.outcome_message  # read by core.web's form_call/message_call
    return request


def support_plan_apply(*, request: ApprovalRequest, approver) -> None:
    """Put an approved plan into force (approval kind `support_plan`)."""
    plan = (
        SupportPlan.objects.select_for_update()
        .filter(pk=request.payload.get("plan_id"), case_id=request.case_id)
        .first()
    )
    if plan is None or plan.status != PlanStatus.DRAFT or not plan.agreed_with_person:
        raise Conflict(
            _("The plan is no longer an agreed draft: it cannot be approved."), field="plan"
        )
    model_update(
        plan,
        {"status": PlanStatus.ACTIVE},
        actor=request.requested_by,
        action="support_plan.update",
        object_type="support_plan",
        purpose=PURPOSE,
        extra={
            "case_id": request.case_id,
            "status": PlanStatus.ACTIVE,
            "request_id": request.pk,
            "approved_by": approver.pk,
        },
        then=lambda changed: events.PLAN_AGREED.record(
            case=request.case,
            actor=request.requested_by,
            data={"plan_id": plan.pk, "fields": changed, "request_id": request.pk},
        ),
    )
