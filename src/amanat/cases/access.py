"""Who may see which case: the one place that decides.

A case another organisation holds answers exactly like one that does not exist (NotFound).
Later capabilities (referrals) widen visibility by registering a filter here, never by
checking access by hand elsewhere.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Q, QuerySet

from amanat.accounts.denials import denied
from amanat.accounts.roles import Perm
from amanat.cases.models import Case
from amanat.core.ids import parse_id, try_parse_id

# Each extender takes a user and returns a Q of further cases they may see (e.g. via a referral).
_visibility_extenders: list[Callable] = []


def register_visibility_extender(extender: Callable) -> None:
    if extender not in _visibility_extenders:
        _visibility_extenders.append(extender)


def case_visibility_q(user) -> Q | None:
    """The cases `user` may see, as a filter; None when they may see none."""
    if not getattr(user, "is_authenticated", False) or not user.can(Perm.CASE_VIEW):
        return None
    if user.organisation_id is None:
        return None
    condition = Q(owner_organisation_id=user.organisation_id)
    for extender in _visibility_extenders:
        extra = extender(user)
        if extra is not None:
            condition |= extra
    return condition


def cases_visible_to(user) -> QuerySet[Case]:
    condition = case_visibility_q(user)
    if condition is None:
        return Case.objects.none()
    return Case.objects.filter(condition)


def case_find_for_user(user, case_id, *, permission: str = Perm.CASE_VIEW) -> Case | None:
    """The case if `user` may see it (and holds `permission`), else None, recording nothing.

    For a caller that tries another route when this one fails (e.g. a referral recipient);
    everything else calls `case_get_for_user`.
    """
    case_pk = try_parse_id(case_id)
    if case_pk is None or not user.can(permission):
        return None
    return (
        cases_visible_to(user)
        .select_related("person", "owner_organisation")
        .filter(pk=case_pk)
        .first()
    )


def case_get_for_user(user, case_id, *, permission: str = Perm.CASE_VIEW) -> Case:
    """The case if `user` may see it (and holds `permission`), else NotFound (recorded)."""
    parse_id(case_id)
    case = case_find_for_user(user, case_id, permission=permission)
    if case is None:
        raise denied(user, "case", case_id, model=Case)
    return case


def case_is_owned_by_user_org(user, case: Case) -> bool:
    return case.owner_organisation_id == user.organisation_id


def case_get_for_owner(user, case_id, *, permission: str = Perm.CASE_VIEW) -> Case:
    """The case if the user's organisation holds it and the user has `permission`, else NotFound.

    For what only the holder may do (the life cycle, assistance planning): a case visible through
    a referral answers like a missing one, and the refusal is recorded.
    """
    case = case_get_for_user(user, case_id, permission=permission)
    if not case_is_owned_by_user_org(user, case):
        raise denied(user, "case", case.pk, exists=True)
    return case
