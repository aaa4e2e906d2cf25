"""Organisations and users to choose from in the assistance forms (names only, nothing personal)."""

from __future__ import annotations

from amanat.accounts.models import Organisation, User
from amanat.core.ids import try_parse_id


def active_organisations(*, excluding: int | None = None) -> list[Organisation]:
    """Active organisations by country and name, without `excluding` (the user's own)."""
    rows = Organisation.objects.filter(is_active=True)
    if excluding is not None:
        rows = rows.exclude(pk=excluding)
    return list(rows.order_by("country", "name"))


def user_id_by_username(username: str) -> int | None:
    return User.objects.filter(username=username).values_list("pk", flat=True).first()


def organisations_matching(value: str) -> list[Organisation]:
    """The organisation with this id, or those with this name (case-insensitive; at most two,
    enough to tell that the name is ambiguous)."""
    pk = try_parse_id(value)
    if pk is not None:
        return list(Organisation.objects.filter(pk=pk)[:1])
    return list(Organisation.objects.filter(name__iexact=value)[:2])
