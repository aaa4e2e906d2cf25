"""In-app notifications and e-mail about referral moves.

Called by the services inside their transaction: notification rows are written there; e-mail is
sent after the commit (Django's e-mail backend; the console backend by default). Neither carries
personal data: a referral number, its service types, urgency, deadline and a link.
"""

from __future__ import annotations

import logging
import os

from django.core.mail import get_connection
from django.core.mail.message import EmailMessage
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from amanat.accounts.models import User
from amanat.accounts.roles import Perm
from amanat.referrals import codes
from amanat.referrals.models import Notification, Referral

logger = logging.getLogger(__name__)

# Who hears about each move: the recipient organisation, or the referral's author and the case
# worker, as long as they belong to the organisation that holds the case.
TO_RECIPIENT = {"send", "revoke"}
TO_SENDER = {"accept", "decline", "start", "complete", "close_without_service", "expire"}


def base_url() -> str:
    return os.environ.get("AMANAT_BASE_URL", "http://localhost:8000").rstrip("/")


def _recipients(referral: Referral, kind: str, actor) -> list[User]:
    if kind in TO_RECIPIENT:
        users = [
            u
            for u in User.objects.filter(
                organisation_id=referral.to_organisation_id, is_active=True
            ).prefetch_related("role_rows")
            if u.can(Perm.CASE_VIEW)
        ]
    elif kind in TO_SENDER:
        ids = {referral.created_by_id, referral.case.case_worker_id} - {None}
        # The organisation holding the case now hears, not the one that made the referral: after
        # a transfer the former holder learns nothing more about the person (0445).
        users = list(
            User.objects.filter(
                pk__in=ids, is_active=True, organisation_id=referral.case.owner_organisation_id
            )
        )
    else:
        return []
    actor_id = getattr(actor, "pk", None)
    return [u for u in users if u.pk != actor_id]


def notification_text(kind: str, referral: Referral) -> str:
    services = ", ".join(codes.service_type_label(s) for s in referral.services)
    texts = {
        "send": _("New referral #%(id)s for %(services)s from %(org)s."),
        "revoke": _("Referral #%(id)s for %(services)s was revoked by the sender."),
        "accept": _("Referral #%(id)s for %(services)s was accepted by %(to)s."),
        "decline": _("Referral #%(id)s for %(services)s was declined by %(to)s."),
        "start": _("%(to)s started providing the service of referral #%(id)s."),
        "complete": _("Referral #%(id)s for %(services)s was completed by %(to)s."),
        "close_without_service": _("Referral #%(id)s was closed by %(to)s without service."),
        "expire": _("Referral #%(id)s for %(services)s expired without an answer from %(to)s."),
    }
    template = texts.get(kind, _("Referral #%(id)s changed."))
    return template % {
        "id": referral.pk,
        "services": services,
        "org": referral.from_organisation.name,
        "to": referral.to_organisation.name,
    }


def notify(referral: Referral, kind: str, actor=None) -> int:
    """Write in-app notifications and queue e-mail for `kind` (a transition action)."""
    users = _recipients(referral, kind, actor)
    Notification.objects.bulk_create(
        [Notification(user=u, referral=referral, kind=kind) for u in users]
    )
    addressed = [(u.email, u.preferred_language or "en") for u in users if u.email]
    if addressed:
        referral_id = referral.pk
        transaction.on_commit(lambda: _send_mail(referral_id, kind, addressed))
    return len(users)


def _send_mail(referral_id: int, kind: str, addressed: list[tuple[str, str]]) -> None:
    referral = Referral.objects.select_related("from_organisation", "to_organisation").get(
        pk=referral_id
    )
    messages = []
    for address, language in addressed:
        with translation.override(language):
            subject = _("[Amanat] Referral #%(id)s: %(state)s") % {
                "id": referral.pk,
                "state": referral.get_state_display(),
            }
            lines = [notification_text(kind, referral), ""]
            lines.append(
                _("Urgency: %(urgency)s") % {"urgency": codes.urgency_label(referral.urgency)}
            )
            if kind == "send" and referral.due_at:
                lines.append(
                    _("Please answer by %(due)s (UTC).")
                    % {"due": referral.due_at.strftime("%Y-%m-%d %H:%M")}
                )
            lines += [
                "",
                _("Open it in Amanat: %(url)s") % {"url": f"{base_url()}/referrals/{referral.pk}/"},
                "",
                _("This message holds no personal data; sign in to see the referral."),
            ]
        messages.append(EmailMessage(subject=subject, body="\n".join(lines), to=[address]))
    try:
        get_connection(fail_silently=False).send_messages(messages)
    except Exception:  # an e-mail outage must not undo or block a referral
        logger.warning("referral e-mail failed: referral=%s kind=%s", referral_id, kind)
