"""Support plans: made with the person, agreed, changed and ended."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from amanat.accounts.roles import Perm
from amanat.assistance import codes, events
from amanat.assistance.access import owner_case
from amanat.assistance.auditing import PURPOSE, audit_case_record
from amanat.assistance.models import (
    OPEN_PLAN_STATUSES,
    NeedsAssessment,
    PlanStatus,
    SupportPlan,
)
from amanat.assistance.services._common import (
    clean_choice,
    clean_date,
    clean_text,
    plan_for_update,
    writable_case,
)
from amanat.assistance.services.plan_approval import plan_approval_request, plan_needs_approval
from amanat.core.ids import parse_id_field
from amanat.core.writes import model_update
from amanat.errors import Conflict, ValidationError


def _agreement(agreed_with_person, agreed_on) -> tuple[bool, dt.date | None]:
    agreed = bool(agreed_with_person)
    on = clean_date(agreed_on, "agreed_on", required=False)
    if agreed and on is None:
        on = timezone.localdate()
    if not agreed and on is not None:
        raise ValidationError(
            _("A plan not agreed with the person has no agreement date."), field="agreed_on"
        )
    return agreed, on


@transaction.atomic
def support_plan_create(
    *,
    user,
    case_id,
    plan_type: str,
    objectives: str,
    planned_end_date: dt.date | str | None = None,
    agreed_with_person: bool = False,
    agreed_on: dt.date | str | None = None,
    assessment_id: int | None = None,
) -> SupportPlan:
    """A support plan made with the person: active once they agreed to it, a draft until then
    (and, where the organisation requires approval of plans, until a supervisor approves it)."""
    case = writable_case(user, case_id)
    plan_type = clean_choice(plan_type, codes.codes("support_plan_type"), "plan_type")
    objectives = clean_text(objectives, "objectives", required=True)
    planned_end = clean_date(
        planned_end_date, "planned_end_date", required=False, allow_future=True
    )
    agreed, on = _agreement(agreed_with_person, agreed_on)
    supervised = agreed and plan_needs_approval(case)
    assessment = None
    if assessment_id not in (None, ""):
        assessment = NeedsAssessment.objects.filter(
            pk=parse_id_field(assessment_id, "assessment"), case=case
        ).first()
        if assessment is None:
            raise ValidationError(_("Unknown assessment for this case."), field="assessment")
    if SupportPlan.objects.filter(case=case, status__in=OPEN_PLAN_STATUSES).exists():
        raise Conflict(
            _("This case already has an open support plan: update it or end it first."),
            field="plan",
            code="open_plan",
        )
    try:
        with transaction.atomic():
            plan = SupportPlan.objects.create(
                case=case,
                assessment=assessment,
                status=PlanStatus.ACTIVE if agreed and not supervised else PlanStatus.DRAFT,
                plan_type=plan_type,
                objectives=objectives,
                planned_end_date=planned_end,
                agreed_with_person=agreed,
                agreed_on=on,
                organisation_id=user.organisation_id,
                created_by=user,
            )
    except IntegrityError:  # a concurrent request opened a plan first
        raise Conflict(
            _("This case already has an open support plan: update it or end it first."),
            field="plan",
            code="open_plan",
        ) from None
    audit_case_record(
        user,
        "support_plan.create",
        "support_plan",
        plan.pk,
        ["objectives", "plan_type", "planned_end_date", "agreed_with_person"],
        case,
        status=plan.status,
    )
    events.PLAN_CREATED.record(
        case=case,
        actor=user,
        data={"plan_id": plan.pk, "status": plan.status, "plan_type": plan_type},
    )
    if supervised:
        plan_approval_request(user=user, case=case, plan=plan)
    return plan


PLAN_FIELDS = ("plan_type", "objectives", "planned_end_date", "agreed_with_person", "agreed_on")


@transaction.atomic
def support_plan_update(*, user, case_id, plan_id, changes: dict) -> SupportPlan:
    """Change an open plan; agreeing it with the person makes a draft active."""
    case = writable_case(user, case_id)
    plan = plan_for_update(user, case, plan_id)
    unknown = sorted(set(changes) - set(PLAN_FIELDS))
    if unknown:
        raise ValidationError(_("Unknown field."), field=unknown[0])
    if plan.status not in OPEN_PLAN_STATUSES:
        raise Conflict(_("This plan has ended and can no longer be changed."), field="status")
    cleaned: dict = {}
    if "plan_type" in changes:
        cleaned["plan_type"] = clean_choice(
            changes["plan_type"], codes.codes("support_plan_type"), "plan_type"
        )
    if "objectives" in changes:
        cleaned["objectives"] = clean_text(changes["objectives"], "objectives", required=True)
    if "planned_end_date" in changes:
        cleaned["planned_end_date"] = clean_date(
            changes["planned_end_date"], "planned_end_date", required=False, allow_future=True
        )
    if "agreed_with_person" in changes or "agreed_on" in changes:
        agreed = changes.get("agreed_with_person", plan.agreed_with_person)
        if plan.status == PlanStatus.ACTIVE and not agreed:
            raise Conflict(
                _("An agreed plan cannot be made a draft again: cancel it instead."),
                field="agreed_with_person",
            )
        cleaned["agreed_with_person"], cleaned["agreed_on"] = _agreement(
            agreed, changes.get("agreed_on", plan.agreed_on if agreed else None)
        )
    agreed_now = plan.status == PlanStatus.DRAFT and bool(cleaned.get("agreed_with_person"))
    supervised = agreed_now and plan_needs_approval(case)
    became_active = agreed_now and not supervised

    def activate(changed: list[str]) -> list[str]:
        if not became_active:
            return []
        plan.status = PlanStatus.ACTIVE
        return ["status"]

    event = events.PLAN_AGREED if became_active else events.PLAN_UPDATED
    model_update(
        plan,
        cleaned,
        actor=user,
        action="support_plan.update",
        object_type="support_plan",
        purpose=PURPOSE,
        extra={
            "case_id": case.pk,
            "status": PlanStatus.ACTIVE if became_active else plan.status,
        },
        before_save=activate,
        then=lambda changed: event.record(
            case=case, actor=user, data={"plan_id": plan.pk, "fields": changed}
        ),
    )
    if supervised:
        plan_approval_request(user=user, case=case, plan=plan)
    return plan


@transaction.atomic
def support_plan_end(
    *, user, case_id, plan_id, outcome: str, actual_end_date: dt.date | str | None = None
) -> SupportPlan:
    """End a plan as completed (an agreed plan only) or cancelled (spl_ActualEndDate)."""
    case = owner_case(user, case_id, permission=Perm.CASE_UPDATE)
    plan = plan_for_update(user, case, plan_id)
    outcome = clean_choice(outcome, [PlanStatus.COMPLETED, PlanStatus.CANCELLED], "outcome")
    if plan.status not in OPEN_PLAN_STATUSES:
        raise Conflict(_("This plan has already ended."), field="status")
    if outcome == PlanStatus.COMPLETED and plan.status != PlanStatus.ACTIVE:
        raise Conflict(_("Only a plan agreed with the person can be completed."), field="outcome")
    end = clean_date(actual_end_date, "actual_end_date", required=False) or timezone.localdate()
    event = events.PLAN_COMPLETED if outcome == PlanStatus.COMPLETED else events.PLAN_CANCELLED
    model_update(
        plan,
        {"status": outcome, "actual_end_date": end},
        actor=user,
        action="support_plan.end",
        object_type="support_plan",
        purpose=PURPOSE,
        extra={"case_id": case.pk, "status": outcome},
        then=lambda changed: event.record(case=case, actor=user, data={"plan_id": plan.pk}),
    )
    return plan
