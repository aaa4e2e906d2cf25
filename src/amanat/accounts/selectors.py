"""Reads of organisations, users and the audit log for the pages that list them (no writes)."""

from __future__ import annotations

from django.db.models import QuerySet

from amanat.accounts.models import Organisation, User
from amanat.accounts.throttle import account_key, throttled_account_keys
from amanat.core.ids import try_parse_id
from amanat.errors import NotFound
from amanat.privacy.models import AUDIT_NEWEST_FIRST, AuditEvent


def organisations_active() -> QuerySet[Organisation]:
    """Active organisations by country, then name (choices for a recipient or a transfer)."""
    return Organisation.objects.filter(is_active=True).order_by("country", "name")


def organisations_all() -> QuerySet[Organisation]:
    return Organisation.objects.order_by("country", "name")


def users_for_admin() -> list[User]:
    """Every user with organisation and roles; `is_throttled` says whether logins are held back."""
    rows = list(
        User.objects.select_related("organisation")
        .prefetch_related("role_rows")
        .order_by("username")
    )
    throttled = throttled_account_keys()
    for row in rows:
        row.is_throttled = account_key(row.username) in throttled
    return rows


def user_get(user_id) -> User:
    """The user with this id, else NotFound (administration pages)."""
    pk = try_parse_id(user_id)
    user = User.objects.filter(pk=pk).first() if pk is not None else None
    if user is None:
        raise NotFound()
    return user


def user_pending_login(user_id) -> User | None:
    """The active, unlocked user half-way through a login (password checked, second factor not)."""
    if not user_id:
        return None
    return User.objects.filter(pk=user_id, is_active=True, locked_at=None).first()


def audit_events(*, action: str = "") -> QuerySet[AuditEvent]:
    """The audit log, newest first, optionally of one action."""
    events = AuditEvent.objects.order_by(*AUDIT_NEWEST_FIRST)
    return events.filter(action=action) if action else events
