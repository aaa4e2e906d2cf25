"""Refused look-ups: recorded in the audit log, and an alert when one user's refusals spike.

Every access function raises `denied(user, object_type, object_id, ...)` instead of a bare
NotFound. The caller still gets exactly the NotFound a missing object gets; the audit log gets
a flagged `access.denied` entry (docs/decisions/0010-ids-and-recorded-access-denials.md):

- Missing ids are recorded too, with the same shape (`extra.exists` tells them apart for the
  administrator only). Writing an entry for "exists but not yours" and nothing for "missing"
  would make the two answers take measurably different times, which is the existence leak
  the identical 404 is there to prevent.
- The entry must outlive the refusal: an access function often runs inside a service's atomic
  block that the NotFound rolls back. Inside a transaction the denial is queued (per request
  context) and written after it ends: on commit, or by `DenialFlushMiddleware` / the CLI when
  the request or command finishes, whether it committed or not.
- More than AMANAT_DENIAL_ALERT_THRESHOLD denials by one user within
  AMANAT_DENIAL_ALERT_MINUTES writes one flagged `security.alert` per window and e-mails the
  administrators.
"""

from __future__ import annotations

import datetime as dt
import logging
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from amanat.core.ids import try_parse_id
from amanat.errors import NotFound
from amanat.privacy.audit import audit_record
from amanat.privacy.models import AUDIT_NEWEST_FIRST, AuditEvent

logger = logging.getLogger(__name__)

DENIED = "access.denied"
ALERT = "security.alert"


@dataclass(frozen=True)
class _Denial:
    user: object
    object_type: str
    object_id: str
    exists: bool


_pending: ContextVar[tuple[_Denial, ...]] = ContextVar("amanat_pending_denials", default=())


def denied(
    user, object_type: str, object_id, *, model=None, exists: bool | None = None
) -> NotFound:
    """Record that `user` was refused `object_type` `object_id`; return the NotFound to raise.

    Give `exists` when the caller knows it, else `model` to look it up; a value that is not an
    id is recorded with an empty object id (what was typed is not kept: it may be anything).
    """
    if getattr(user, "is_authenticated", False):
        pk = try_parse_id(object_id)
        if exists is None:
            exists = bool(
                model is not None and pk and model._default_manager.filter(pk=pk).exists()
            )
        _pending.set((*_pending.get(), _Denial(user, object_type, str(pk or ""), exists)))
        if _in_transaction():
            transaction.on_commit(flush_denials)
        else:
            flush_denials()
    return NotFound()


def _in_transaction() -> bool:
    # A test case's own wrapping transaction does not count: it never ends inside the test.
    connection = transaction.get_connection()
    return any(not getattr(b, "_from_testcase", False) for b in connection.atomic_blocks)


def discard_pending_denials() -> None:
    """Forget queued refusals without writing them (a new request; a test's rolled-back rows)."""
    _pending.set(())


def flush_denials() -> None:
    """Write the queued denials. Call when no transaction that may roll back is open."""
    pending = _pending.get()
    if not pending:
        return
    _pending.set(())
    for denial in pending:
        audit_record(
            actor=denial.user,
            action=DENIED,
            object_type=denial.object_type,
            object_id=denial.object_id,
            purpose="access check",
            flagged=True,
            extra={"exists": denial.exists},
        )
    for user in {d.user.pk: d.user for d in pending}.values():
        _alert_on_spike(user)


def alert_settings() -> tuple[int, int]:
    return (
        int(getattr(settings, "AMANAT_DENIAL_ALERT_THRESHOLD", 20)),
        int(getattr(settings, "AMANAT_DENIAL_ALERT_MINUTES", 10)),
    )


def _alert_on_spike(user) -> None:
    threshold, minutes = alert_settings()
    since = timezone.now() - dt.timedelta(minutes=minutes)
    count = AuditEvent.objects.filter(actor_id=user.pk, action=DENIED, at__gte=since).count()
    if count <= threshold:
        return
    from amanat.accounts.models import User

    with transaction.atomic():
        # Lock the user's row so two servers cannot both decide to raise this window's alert.
        User.objects.select_for_update().filter(pk=user.pk).first()
        already = AuditEvent.objects.filter(
            action=ALERT, object_type="user", object_id=str(user.pk), at__gte=since
        ).exists()
        if already:
            return
        audit_record(
            actor=user,
            action=ALERT,
            object_type="user",
            object_id=user.pk,
            purpose="repeated access denials",
            flagged=True,
            extra={"denials": count, "minutes": minutes, "threshold": threshold},
        )
    _mail_administrators(user.username, count, minutes)


def _mail_administrators(username: str, count: int, minutes: int) -> None:
    from amanat.accounts.models import User
    from amanat.accounts.roles import Role

    admins = User.objects.filter(is_active=True, role_rows__role=Role.ADMINISTRATOR).exclude(
        email=""
    )
    base = getattr(settings, "AMANAT_BASE_URL", "http://localhost:8000").rstrip("/")
    messages = []
    for admin in admins.distinct():
        with translation.override(getattr(admin, "preferred_language", "") or "en"):
            subject = _("[Amanat] Security alert: repeated access denials")
            body = "\n".join(
                [
                    _(
                        "User %(user)s was refused %(count)s objects within %(minutes)s minutes:"
                        " they may be probing other organisations' records."
                    )
                    % {"user": username, "count": count, "minutes": minutes},
                    "",
                    _("See the audit log: %(url)s") % {"url": f"{base}/accounts/admin/audit/"},
                ]
            )
        messages.append(EmailMessage(subject=subject, body=body, to=[admin.email]))
    if not messages:
        return
    try:
        get_connection(fail_silently=False).send_messages(messages)
    except Exception:  # an e-mail outage must not turn a refusal into an error
        logger.warning("security alert e-mail failed for user %s", username)


class DenialFlushMiddleware:
    """Writes denials queued during the request once its transactions have ended."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        discard_pending_denials()
        try:
            return self.get_response(request)
        finally:
            flush_denials()


def recent_alerts(days: int = 7):
    """Security alerts of the last `days` days, newest first (for the administrators' page)."""
    since = timezone.now() - dt.timedelta(days=days)
    return AuditEvent.objects.filter(action=ALERT, at__gte=since).order_by(*AUDIT_NEWEST_FIRST)
