"""Plan actions: each answers one of the case's needs; progress moves status and percent together."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from amanat.accounts.denials import denied
from amanat.assistance import codes, events
from amanat.assistance.auditing import PURPOSE, audit_case_record
from amanat.assistance.models import (
    OPEN_PLAN_STATUSES,
    ActionStatus,
    IdentifiedNeed,
    PlanAction,
)
from amanat.assistance.services._common import (
    case_referral,
    clean_choice,
    clean_date,
    clean_int,
    clean_organisation,
    clean_text,
    plan_for_update,
    writable_case,
)
from amanat.core.ids import parse_id, parse_id_field
from amanat.core.writes import model_update
from amanat.errors import Conflict, ValidationError
from amanat.referrals.models import Need, NeedStatus
from amanat.referrals.services import need_update


@transaction.atomic
def plan_action_add(
    *,
    user,
    case_id,
    plan_id,
    description: str,
    responsible_organisation_id,
    need_id,
    service_type: str | None = None,
    spl_type: str | None = None,
    planned_end_date: dt.date | str | None = None,
    referral_id=None,
) -> PlanAction:
    """Add an action to an open plan, linked to one of the case's open needs, a responsible
    organisation and, where another organisation carries it out, the referral to it."""
    case = writable_case(user, case_id)
    plan = plan_for_update(user, case, plan_id)
    if plan.status not in OPEN_PLAN_STATUSES:
        raise Conflict(_("This plan has ended: start a new plan."), field="plan")
    description = clean_text(description, "description", required=True)
    if need_id in (None, ""):
        raise ValidationError(_("Link the action to one of the case's needs."), field="need")
    need = Need.objects.filter(
        pk=parse_id_field(need_id, "need"), case=case, status=NeedStatus.OPEN
    ).first()
    if need is None:
        raise ValidationError(_("Unknown open need for this case."), field="need")
    service_type = service_type or need.service_type
    clean_choice(service_type, sorted(codes.service_type_codes()), "service_type")
    spl_type = spl_type or codes.spl_type_for(service_type)
    clean_choice(spl_type, codes.codes("support_plan_type"), "spl_type")
    organisation = clean_organisation(responsible_organisation_id, "responsible_organisation")
    planned_end = clean_date(
        planned_end_date, "planned_end_date", required=False, allow_future=True
    )
    referral = None
    if referral_id not in (None, ""):
        referral = case_referral(case, referral_id)
        if referral.to_organisation_id != organisation.pk:
            raise ValidationError(
                _("The referral must be to the organisation responsible for the action."),
                field="referral",
            )
    identified = (
        IdentifiedNeed.objects.filter(case=case, need=need)
        .order_by("-assessment__assessed_on", "-id")
        .first()
    )
    action = PlanAction.objects.create(
        plan=plan,
        case=case,
        description=description,
        service_type=service_type,
        spl_type=spl_type,
        need=need,
        identified_need=identified,
        referral=referral,
        responsible_organisation=organisation,
        planned_end_date=planned_end,
    )
    audit_case_record(
        user,
        "plan_action.create",
        "plan_action",
        action.pk,
        ["description", "service_type", "responsible_organisation"],
        case,
        plan_id=plan.pk,
    )
    events.ACTION_ADDED.record(
        case=case,
        actor=user,
        data={
            "plan_id": plan.pk,
            "action_id": action.pk,
            "service_type": service_type,
            "need_id": need.pk,
            "referral_id": referral.pk if referral else None,
            "responsible_organisation_id": organisation.pk,
        },
    )
    return action


def need_met_if_done(user, action: PlanAction) -> None:
    """A done action meets its need once no other open action answers that need."""
    if action.status != ActionStatus.DONE or action.need_id is None:
        return
    still_open = (
        PlanAction.objects.filter(
            need_id=action.need_id, status__in=[ActionStatus.PLANNED, ActionStatus.IN_PROGRESS]
        )
        .exclude(pk=action.pk)
        .exists()
    )
    if not still_open and Need.objects.filter(pk=action.need_id, status=NeedStatus.OPEN).exists():
        need_update(user=user, need_id=action.need_id, status=NeedStatus.MET)


@transaction.atomic
def plan_action_update(
    *,
    user,
    case_id,
    action_id,
    status: str | None = None,
    progress: int | None = None,
    note: str | None = None,
    actual_end_date: dt.date | str | None = None,
) -> PlanAction:
    """Record progress on an action: status and percent move together (done = 100 %)."""
    case = writable_case(user, case_id)
    action = (
        PlanAction.objects.select_for_update()
        .select_related("plan")
        .filter(pk=parse_id(action_id), case=case)
        .first()
    )
    if action is None:
        raise denied(user, "plan_action", action_id, model=PlanAction)
    if action.plan.status not in OPEN_PLAN_STATUSES:
        raise Conflict(_("This plan has ended and can no longer be changed."), field="plan")
    new_status = (
        action.status
        if status in (None, "")
        else clean_choice(status, ActionStatus.values, "status")
    )
    new_progress = action.progress
    if progress not in (None, ""):
        new_progress = clean_int(progress, "progress")
        if not 0 <= new_progress <= 100:
            raise ValidationError(_("Enter a percentage from 0 to 100."), field="progress")
        if status in (None, "") and new_progress == 100:
            new_status = ActionStatus.DONE
        elif status in (None, "") and new_progress > 0 and action.status == ActionStatus.PLANNED:
            new_status = ActionStatus.IN_PROGRESS
    if new_status == ActionStatus.DONE:
        if progress not in (None, "") and new_progress != 100:
            raise ValidationError(_("A done action is at 100 percent."), field="progress")
        new_progress = 100
    elif new_progress == 100 and new_status != ActionStatus.CANCELLED:
        raise ValidationError(
            _("An action at 100 percent is done: set the status to done."), field="status"
        )
    end = clean_date(actual_end_date, "actual_end_date", required=False)
    if new_status == ActionStatus.DONE:
        end = end or action.actual_end_date or timezone.localdate()
    elif new_status != ActionStatus.CANCELLED:
        end = None
    changes = {"status": new_status, "progress": new_progress, "actual_end_date": end}
    if note is not None:
        changes["progress_note"] = clean_text(note, "note")
    changed = model_update(
        action,
        changes,
        actor=user,
        action="plan_action.update",
        object_type="plan_action",
        purpose=PURPOSE,
        extra={"case_id": case.pk, "status": new_status, "progress": new_progress},
        then=lambda changed: events.ACTION_UPDATED.record(
            case=case,
            actor=user,
            data={"action_id": action.pk, "status": action.status, "progress": action.progress},
        ),
    )
    if changed:
        need_met_if_done(user, action)
    return action
