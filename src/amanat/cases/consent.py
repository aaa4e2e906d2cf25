"""Consent per purpose: recording, withdrawing, and asking whether it holds right now."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from amanat.accounts.models import Organisation
from amanat.accounts.roles import Perm
from amanat.cases import events
from amanat.cases.access import case_get_for_user
from amanat.core.ids import parse_id
from amanat.errors import Conflict, NotFound, ValidationError
from amanat.privacy.audit import audit_record
from amanat.privacy.models import CONSENT_CHECKLIST, Consent, ConsentMethod, ConsentPurpose

CHECKLIST_KEYS = tuple(key for key, _label in CONSENT_CHECKLIST)


def _clean_checklist(checklist: dict | None) -> dict:
    checklist = checklist or {}
    unknown = sorted(set(checklist) - set(CHECKLIST_KEYS))
    if unknown:
        raise ValidationError(
            _("Unknown checklist item: %(name)s.") % {"name": unknown[0]}, field="checklist"
        )
    return {key: bool(checklist.get(key, False)) for key in CHECKLIST_KEYS}


@transaction.atomic
def consent_record(
    *,
    user,
    case_id,
    purpose: str,
    method: str,
    granted: bool = True,
    given_on: dt.date | str | None = None,
    recipient_organisation_id: int | None = None,
    checklist: dict | None = None,
    notes: str = "",
) -> Consent:
    case = case_get_for_user(user, case_id, permission=Perm.CONSENT_RECORD)
    if purpose not in ConsentPurpose.values:
        raise ValidationError(
            _("Unknown purpose '%(value)s'. Allowed: %(allowed)s.")
            % {"value": purpose, "allowed": ", ".join(ConsentPurpose.values)},
            field="purpose",
        )
    if method not in ConsentMethod.values:
        raise ValidationError(
            _("Unknown method '%(value)s'. Allowed: %(allowed)s.")
            % {"value": method, "allowed": ", ".join(ConsentMethod.values)},
            field="method",
        )
    recipient = None
    if purpose == ConsentPurpose.REFERRAL:
        if not recipient_organisation_id:
            raise ValidationError(
                _("Consent to a referral must name the receiving organisation."),
                field="recipient_organisation",
            )
        recipient = Organisation.objects.filter(
            pk=recipient_organisation_id, is_active=True
        ).first()
        if recipient is None:
            raise ValidationError(_("Unknown organisation."), field="recipient_organisation")
    elif recipient_organisation_id:
        raise ValidationError(
            _("Only consent to a referral names an organisation."), field="recipient_organisation"
        )
    if given_on in (None, ""):
        given_on = timezone.localdate()
    elif isinstance(given_on, str):
        try:
            given_on = dt.date.fromisoformat(given_on)
        except ValueError as error:
            raise ValidationError(_("Enter a date as YYYY-MM-DD."), field="given_on") from error
    if given_on > timezone.localdate():
        raise ValidationError(_("The date cannot be in the future."), field="given_on")
    if len(notes or "") > 2000:
        raise ValidationError(_("At most %(n)d characters.") % {"n": 2000}, field="notes")
    consent = Consent.objects.create(
        case=case,
        purpose=purpose,
        recipient_organisation=recipient,
        granted=bool(granted),
        method=method,
        checklist=_clean_checklist(checklist),
        given_on=given_on,
        recorded_by=user,
        notes=notes or "",
    )
    audit_record(
        actor=user,
        action="consent.record",
        object_type="consent",
        object_id=consent.pk,
        fields=["purpose", "granted", "method", "checklist"] + (["notes"] if notes else []),
        purpose="consent",
        extra={"case_id": case.pk, "purpose": purpose, "granted": bool(granted)},
    )
    (events.CONSENT_RECORDED if granted else events.CONSENT_REFUSED).record(
        case=case,
        actor=user,
        data={
            "purpose": purpose,
            "consent_id": consent.pk,
            "recipient_organisation_id": recipient.pk if recipient else None,
        },
    )
    return consent


@transaction.atomic
def consent_withdraw(*, user, case_id, consent_id, reason: str = "") -> Consent:
    case = case_get_for_user(user, case_id, permission=Perm.CONSENT_RECORD)
    consent = Consent.objects.select_for_update().filter(pk=parse_id(consent_id), case=case).first()
    if consent is None:
        raise NotFound()
    if consent.withdrawn_at is not None or not consent.granted:
        raise Conflict(_("This consent is not in force, so it cannot be withdrawn."))
    consent.withdrawn_at = timezone.now()
    consent.withdrawn_by = user
    consent.withdrawal_reason = reason or ""
    consent.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason"])
    audit_record(
        actor=user,
        action="consent.withdraw",
        object_type="consent",
        object_id=consent.pk,
        fields=["withdrawn_at"],
        purpose="consent",
        extra={"case_id": case.pk, "purpose": consent.purpose},
    )
    events.CONSENT_WITHDRAWN.record(
        case=case,
        actor=user,
        data={"purpose": consent.purpose, "consent_id": consent.pk},
    )
    return consent


def consent_in_force(
    *, case_id: int, purpose: str, recipient_organisation_id: int | None = None
) -> bool:
    """Does the person's consent for this purpose (and recipient) hold right now?

    The newest record decides: a later refusal or a withdrawal ends an earlier consent at once.
    """
    rows = Consent.objects.filter(case_id=case_id, purpose=purpose)
    if purpose == ConsentPurpose.REFERRAL:
        rows = rows.filter(recipient_organisation_id=recipient_organisation_id)
    latest = rows.order_by("-recorded_at", "-id").first()
    return latest is not None and latest.is_active
