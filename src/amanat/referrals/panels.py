"""The referral counts on the landing pages (core.landing, ADR 1620): counts only, no personal
data; each links to the list it stands for."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from amanat.accounts.roles import Perm
from amanat.core.landing import register_panel
from amanat.referrals.access import can_receive
from amanat.referrals.models import Referral
from amanat.referrals.selectors.inbox import overdue_q
from amanat.referrals.state_machine import State


def awaiting_response_count(user) -> int | None:
    """Referrals sent to the user's organisation that nobody has accepted or declined yet."""
    if not can_receive(user):
        return None
    return Referral.objects.filter(
        to_organisation_id=user.organisation_id, state=State.SENT
    ).count()


def overdue_in_country_count(user) -> int | None:
    """The coordinator's country: referrals past their answer deadline or accepted and not
    started within a response window (the inbox's "overdue")."""
    organisation = getattr(user, "organisation", None)
    if organisation is None:
        return None
    now = timezone.now()
    late = Q(state=State.SENT, due_at__lt=now) | overdue_q(now)
    return Referral.objects.filter(late, from_organisation__country=organisation.country).count()


def register() -> None:
    register_panel(
        "referrals_awaiting",
        order=20,
        label=_("Referrals awaiting our response"),
        count=awaiting_response_count,
        url=lambda user: reverse("referrals:inbox") + "?box=incoming&status=sent",
        permission=Perm.CASE_VIEW,
        audiences=("worklist",),
    )
    register_panel(
        "referrals_overdue_country",
        order=20,
        label=_("Referrals overdue in the country"),
        count=overdue_in_country_count,
        url=lambda user: reverse("referrals:coordinator"),
        permission=Perm.PERSONS_LINK,
        audiences=("coordinator",),
    )
