"""The second factor (RFC 6238 TOTP): enrolment and single-use verification."""

from __future__ import annotations

import hmac

import pyotp
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from amanat.accounts.models import User
from amanat.errors import ValidationError
from amanat.privacy.audit import audit_record

TOTP_ISSUER = "Amanat"


def totp_begin_enrolment(*, user: User) -> str:
    """Create (or reuse an unconfirmed) secret; return the provisioning URI for the QR code."""
    if not user.totp_secret or user.totp_confirmed:
        user.totp_secret = pyotp.random_base32()
        user.totp_confirmed = False
        user.totp_last_step = None
        user.save(update_fields=["totp_secret", "totp_confirmed", "totp_last_step"])
    return pyotp.TOTP(user.totp_secret).provisioning_uri(
        name=user.username, issuer_name=TOTP_ISSUER
    )


def totp_verify(*, user: User, code: str) -> bool:
    """Accept a valid code once: its time step must be newer than the last one accepted.

    The step is claimed with one conditional UPDATE, so two requests racing with the same code
    (in any server process) cannot both succeed.
    """
    if not user.totp_secret:
        return False
    code = (code or "").replace(" ", "")
    if len(code) != 6 or not (code.isascii() and code.isdigit()):
        return False
    totp = pyotp.TOTP(user.totp_secret)
    current = totp.timecode(timezone.now())
    for step in (current - 1, current, current + 1):  # one step of clock drift either way
        if hmac.compare_digest(totp.generate_otp(step), code):
            claimed = (
                User.objects.filter(pk=user.pk)
                .filter(Q(totp_last_step__isnull=True) | Q(totp_last_step__lt=step))
                .update(totp_last_step=step)
            )
            if claimed:
                user.totp_last_step = step
            return bool(claimed)
    return False


@transaction.atomic
def totp_confirm_enrolment(*, user: User, code: str) -> None:
    if not totp_verify(user=user, code=code):
        raise ValidationError(
            _("The code is not valid. Check the time on your phone and retry."), field="code"
        )
    user.totp_confirmed = True
    user.save(update_fields=["totp_confirmed"])
    audit_record(actor=user, action="user.totp_enrol", object_type="user", object_id=user.pk)
