"""Services delivered, by the case holder or by the recipient of an active referral."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from amanat.assistance import codes, events
from amanat.assistance.access import service_case
from amanat.assistance.auditing import audit_case_record
from amanat.assistance.models import (
    OPEN_PLAN_STATUSES,
    ActionStatus,
    PlanAction,
    ServiceDelivery,
)
from amanat.assistance.services._common import (
    COST_MAX,
    case_referral,
    clean_choice,
    clean_date,
    clean_text,
    require_consent,
    require_open,
)
from amanat.assistance.services.actions import need_met_if_done
from amanat.core.ids import parse_id_field
from amanat.errors import ValidationError


def _cost(cost, currency) -> tuple[Decimal | None, str]:
    currency = (currency or "").strip().upper()
    if cost in (None, ""):
        if currency:
            raise ValidationError(_("Enter the cost, or leave the currency empty."), field="cost")
        return None, ""
    try:
        amount = Decimal(str(cost))
    except (InvalidOperation, ValueError):
        raise ValidationError(_("Enter an amount such as 1500.00."), field="cost") from None
    if not amount.is_finite() or amount < 0 or amount >= COST_MAX:
        raise ValidationError(_("Enter an amount from 0 to 9,999,999,999.99."), field="cost")
    if amount != amount.quantize(Decimal("0.01")):
        raise ValidationError(_("At most two decimal places."), field="cost")
    if not codes.is_currency(currency):
        raise ValidationError(
            _("Enter a currency code such as KZT or USD (ISO 4217)."), field="currency"
        )
    return amount, currency


@transaction.atomic
def service_delivery_record(
    *,
    user,
    case_id,
    service_type: str,
    delivered_on: dt.date | str | None,
    description: str = "",
    action_id=None,
    cost=None,
    currency: str = "",
    completes_action: bool = False,
    referral_id=None,
) -> ServiceDelivery:
    """Log a service given to the person, by the case holder or by the recipient of an active
    referral (naming it). It moves its plan action forward: a planned action is started and
    `completes_action` marks it done. A recipient's service goes to the open action carried out
    under its referral when there is exactly one."""
    case, is_owner, referral = service_case(user, case_id, referral_id=referral_id)
    require_open(case)
    if is_owner:
        require_consent(case)
        if referral_id not in (None, ""):
            referral = case_referral(case, referral_id)
    service_type = clean_choice(service_type, sorted(codes.service_type_codes()), "service_type")
    delivered_on = clean_date(delivered_on, "delivered_on")
    description = clean_text(description, "description")
    amount, currency = _cost(cost, currency)
    open_statuses = [ActionStatus.PLANNED, ActionStatus.IN_PROGRESS]
    action = None
    if action_id not in (None, ""):
        action = (
            PlanAction.objects.select_for_update()
            .select_related("plan")
            .filter(pk=parse_id_field(action_id, "action"), case=case)
            .first()
        )
        if action is None or (not is_owner and action.referral_id != referral.pk):
            raise ValidationError(_("Unknown plan action for this case."), field="action")
        if action.plan.status not in OPEN_PLAN_STATUSES or action.status not in open_statuses:
            raise ValidationError(_("This action is no longer open."), field="action")
    elif not is_owner:
        candidates = list(
            PlanAction.objects.select_for_update().filter(
                case=case,
                referral=referral,
                plan__status__in=OPEN_PLAN_STATUSES,
                status__in=open_statuses,
            )[:2]
        )
        action = candidates[0] if len(candidates) == 1 else None
    if action is None and completes_action:
        raise ValidationError(_("Choose the plan action this service completes."), field="action")
    service = ServiceDelivery.objects.create(
        case=case,
        action=action,
        referral=referral,
        service_type=service_type,
        delivered_on=delivered_on,
        description=description,
        cost=amount,
        currency=currency,
        organisation_id=user.organisation_id,
        recorded_by=user,
    )
    if action is not None:
        changed = []
        if completes_action:
            action.status, action.progress = ActionStatus.DONE, 100
            action.actual_end_date = delivered_on
            changed = ["status", "progress", "actual_end_date"]
        elif action.status == ActionStatus.PLANNED:
            action.status = ActionStatus.IN_PROGRESS
            changed = ["status"]
        if changed:
            action.save(update_fields=[*changed, "updated_at"])
            events.ACTION_UPDATED.record(
                case=case,
                actor=user,
                data={
                    "action_id": action.pk,
                    "status": action.status,
                    "progress": action.progress,
                    "service_id": service.pk,
                },
            )
            if is_owner:  # a recipient cannot see the case's needs; the holder closes them
                need_met_if_done(user, action)
    audit_case_record(
        user,
        "service_delivery.create",
        "service_delivery",
        service.pk,
        ["service_type", "delivered_on"]
        + (["description"] if description else [])
        + (["cost"] if amount is not None else []),
        case,
        action_id=action.pk if action else None,
        referral_id=referral.pk if referral else None,
    )
    events.SERVICE_DELIVERED.record(
        case=case,
        actor=user,
        data={
            "service_id": service.pk,
            "service_type": service_type,
            "organisation_id": user.organisation_id,
            "action_id": action.pk if action else None,
            "referral_id": referral.pk if referral else None,
        },
    )
    return service
