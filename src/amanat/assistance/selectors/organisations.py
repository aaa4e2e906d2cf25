"""Organisations and users to choose from in the assistance forms (names only, nothing personal)."""

from __future__ import annotations

from amanat.accounts.models import Organisation, User


def active_organisations(*, excluding: int | None = None) -> list[Organisation]:
    """Active organisations by country and name, without `excluding` (the user's own)."""
    rows = Organisation.objects.filter(is_active=True)
    if excluding is not None:
        rows = rows.exclude(pk=excluding)
    return list(rows.order_by("country", "name"))


def user_id_by_username(username: str) -> int | None:
    return User.objects.filter(username=username).values_list("pk", flat=True).first()
