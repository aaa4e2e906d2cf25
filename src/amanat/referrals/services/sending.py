"""Sending a draft: the person's referral consent for the recipient, or a justified override."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from amanat.accounts.roles import Perm
from amanat.errors import Conflict, PermissionDenied, ValidationError
from amanat.privacy.audit import audit_record
from amanat.privacy.models import Consent
from amanat.referrals import events
from amanat.referrals.access import referral_get_for_user
from amanat.referrals.models import Referral
from amanat.referrals.selectors.referrals import latest_referral_consent
from amanat.referrals.services._common import MAX_REASON, MIN_JUSTIFICATION, clean_text
from amanat.referrals.services._transitions import apply_move
from amanat.referrals.state_machine import Action, transition


class ConsentRequired(Conflict):
    """The person has not consented to sharing with this recipient (HTTP 409)."""

    default_code = "consent_required"


def referral_send(
    *, user, referral_id, consent_override: bool = False, justification: str = ""
) -> Referral:
    """Send a draft. Needs the person's referral consent for this recipient in force; without
    it, a user holding REFERRAL_CONSENT_OVERRIDE may send with a written justification, and the
    audit event is flagged."""
    with transaction.atomic():
        referral, side = referral_get_for_user(user, referral_id, for_update=True)
        transition(referral.state, Action.SEND.value, side.value)  # an illegal move: 409
        if not referral.to_organisation.is_active:
            raise Conflict(
                _("The receiving organisation is no longer active."), field="to_organisation"
            )
        consent = _consent_row(referral)
        extra: tuple[str, ...] = ()
        if consent is not None:
            referral.consent = consent
            referral.consent_override = False
            extra = ("consent",)
            flagged = False
        elif not consent_override:
            raise ConsentRequired(
                _(
                    "The person has not consented to sharing their data with %(org)s. Record "
                    "their consent to this referral first."
                )
                % {"org": referral.to_organisation.name},
                field="consent",
            )
        else:
            if not user.can(Perm.REFERRAL_CONSENT_OVERRIDE):
                raise PermissionDenied(
                    _("Sending a referral without consent needs the consent-override permission."),
                    field="consent_override",
                    code="override_not_allowed",
                )
            justification = clean_text(justification, field="justification", limit=MAX_REASON)
            if len(justification) < MIN_JUSTIFICATION:
                raise ValidationError(
                    _("Write why the referral must go without consent (at least %(n)d characters).")
                    % {"n": MIN_JUSTIFICATION},
                    field="justification",
                    code="justification_required",
                )
            referral.consent = None
            referral.consent_override = True
            referral.override_justification = justification
            extra = ("consent_override", "override_justification")
            flagged = True
        moved = apply_move(
            referral, action=Action.SEND, side=side, actor=user, flagged=flagged, extra_fields=extra
        )
        if flagged:
            audit_record(
                actor=user,
                action="referral.consent_override",
                object_type="referral",
                object_id=referral.pk,
                fields=["override_justification"],
                purpose="referral without consent",
                flagged=True,
                extra={
                    "case_id": referral.case_id,
                    "to_organisation_id": referral.to_organisation_id,
                },
            )
            events.REFERRAL_CONSENT_OVERRIDE.record(
                case=referral.case, actor=user, data={"referral_id": referral.pk}
            )
        return moved


def _consent_row(referral: Referral) -> Consent | None:
    """The consent that allows sending: the newest record for the recipient, if it holds."""
    latest = latest_referral_consent(referral)
    return latest if latest is not None and latest.is_active else None
