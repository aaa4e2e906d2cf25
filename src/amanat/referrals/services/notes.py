"""Service notes: what the receiving organisation records about a referral it took up."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from amanat.errors import Conflict, PermissionDenied
from amanat.privacy.audit import audit_record
from amanat.referrals.access import referral_get_for_user
from amanat.referrals.models import ReferralNote
from amanat.referrals.services._common import clean_text
from amanat.referrals.state_machine import Side, State


@transaction.atomic
def referral_note_add(*, user, referral_id, text: str) -> ReferralNote:
    """The recipient records what it did; it keeps seeing its own notes after the referral ends."""
    referral, side = referral_get_for_user(user, referral_id, for_update=True)
    if side != Side.RECIPIENT:
        raise PermissionDenied(
            _("Only the receiving organisation records service notes."), field="text"
        )
    if referral.state in (State.DECLINED, State.REVOKED, State.EXPIRED):
        raise Conflict(_("This referral was not taken up: nothing to record."), field="text")
    text = clean_text(text, field="text", required=True)
    note = ReferralNote.objects.create(
        referral=referral, organisation_id=user.organisation_id, author=user, text=text
    )
    audit_record(
        actor=user,
        action="referral.note_add",
        object_type="referral",
        object_id=referral.pk,
        fields=["text"],
        purpose="referral",
        extra={"note_id": note.pk},
    )
    return note
