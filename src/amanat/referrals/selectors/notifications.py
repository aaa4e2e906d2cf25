"""A user's notices about referrals they are still on a side of."""

from __future__ import annotations

from django.db.models import QuerySet

from amanat.referrals.access import referral_visibility_q
from amanat.referrals.models import Notification


def _own_notifications(user) -> QuerySet[Notification]:
    """The user's notices about referrals they are still on a side of: a notice about a referral
    of a case the organisation has handed over disappears with the referral (0445)."""
    condition = referral_visibility_q(user, prefix="referral__")
    if condition is None:
        return Notification.objects.none()
    return Notification.objects.filter(condition, user=user)


def notifications_for(user, *, unread_only: bool = False, limit: int = 50) -> list[Notification]:
    rows = _own_notifications(user).select_related(
        "referral", "referral__from_organisation", "referral__to_organisation"
    )
    if unread_only:
        rows = rows.filter(read_at__isnull=True)
    return list(rows[:limit])


def unread_count(user) -> int:
    return _own_notifications(user).filter(read_at__isnull=True).count()
