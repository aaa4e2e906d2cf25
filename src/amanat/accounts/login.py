"""One login attempt, the same for the web form and `POST /api/auth/token` (ADR 0008).

The password and, for an account with a second factor, the one-time code are checked in the same
step and fail with the same answer, so a caller never learns that the password alone was right.
Every attempt draws on the throttling budgets first; a wrong code counts like a wrong password.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import authenticate
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from amanat.accounts.models import User
from amanat.accounts.throttle import client_address, throttle_reserve, throttle_succeed
from amanat.accounts.totp import totp_verify
from amanat.privacy.audit import audit_record


@dataclass(frozen=True)
class LoginOutcome:
    user: User | None
    retry_after: int = 0  # seconds, when the attempt was refused without being checked
    needs_enrolment: bool = False  # password right; the account must set up its second factor


def login_attempt(
    *, request: HttpRequest, username: str, password: str, otp: str, channel: str
) -> LoginOutcome:
    """Check credentials under the throttle. Enrolment at login is offered on the web only."""
    reservation = throttle_reserve(username=username, address=client_address(request))
    if not reservation.allowed:
        return LoginOutcome(user=None, retry_after=reservation.retry_after)
    user = authenticate(request, username=username, password=password)
    failed_factor = "password" if user is None else ""
    if user is not None and user.totp_confirmed:
        if not totp_verify(user=user, code=otp):
            failed_factor = "otp"
    elif user is not None and user.requires_totp and channel != "web":
        failed_factor = "otp_enrolment"
    if failed_factor:
        _record_failure(username=username, user=user, factor=failed_factor, channel=channel)
        return LoginOutcome(user=None)
    throttle_succeed(reservation)
    return LoginOutcome(user=user, needs_enrolment=user.requires_totp and not user.totp_confirmed)


def _record_failure(*, username: str, user: User | None, factor: str, channel: str) -> None:
    if user is None:
        user = User.objects.filter(username__iexact=username).only("pk").first()
    # Administrators see which factor failed: a right password with wrong codes means the
    # password is known to someone else. The typed name is never recorded.
    audit_record(
        actor=None,
        action="login.failure",
        object_type="user" if user else "login",
        object_id=user.pk if user else "",
        extra={"channel": channel, "factor": factor if user else "unknown_user"},
    )


def login_register_success(user: User, *, channel: str) -> None:
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(last_login=timezone.now())
        audit_record(
            actor=user,
            action="login.success",
            object_type="user",
            object_id=user.pk,
            extra={"channel": channel},
        )
