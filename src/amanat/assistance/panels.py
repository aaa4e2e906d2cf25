"""Overdue follow-ups on the worklist (ADR 1621): the landing panel and the worklist filter."""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from amanat.accounts.roles import Perm
from amanat.assistance.models import FollowUpVisit
from amanat.cases.lifecycle import CLOSED_STATUSES
from amanat.cases.worklist import register_case_filter
from amanat.core.landing import register_panel


def _overdue_visits(today: dt.date):
    # The index visit_pending_overdue (visited_on IS NULL) serves `overdue_after < today`.
    return FollowUpVisit.objects.filter(
        visited_on__isnull=True, number__isnull=False, overdue_after__lt=today
    )


def overdue_case_q(user, today: dt.date) -> Q:
    """Cases with a scheduled follow-up visit past its grace period and not held."""
    return Q(Exists(_overdue_visits(today).filter(case_id=OuterRef("pk"))))


def overdue_followups_count(user) -> int | None:
    if user.organisation_id is None:
        return None
    return (
        _overdue_visits(timezone.localdate())
        .filter(case__owner_organisation_id=user.organisation_id)
        .exclude(case__status__in=CLOSED_STATUSES)
        .count()
    )


def register() -> None:
    register_case_filter("overdue", _("Overdue follow-up"), overdue_case_q)
    register_panel(
        "overdue_followups",
        order=10,
        label=_("Overdue follow-up visits"),
        count=overdue_followups_count,
        url=lambda user: reverse("cases:dashboard") + "?overdue=1",
        permission=Perm.CASE_UPDATE,
        audiences=("worklist",),
    )
