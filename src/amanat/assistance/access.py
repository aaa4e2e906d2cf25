"""Who may read and write a case's assistance data. Built on `case_get_for_user`, never by hand.

- Needs assessments, support plans, follow-up visits and scores, closure, reopening and transfer:
  the organisation that holds the case (its owner). Any other organisation, including one that
  sees the case through a referral, gets the same NotFound as for a case that does not exist.
- Services delivered: the owner, or an organisation the referral mechanism allows to record
  services for this case (an active referral), through `referral_allows_service_recording`.
"""

from __future__ import annotations

from amanat.accounts.roles import Perm
from amanat.cases.access import case_get_for_user
from amanat.cases.models import Case
from amanat.core.errors import NotFound


def owner_case(user, case_id, *, permission: str = Perm.CASE_VIEW) -> Case:
    """The case if the user's organisation holds it and the user has `permission`."""
    case = case_get_for_user(user, case_id, permission=permission)
    if case.owner_organisation_id != user.organisation_id:
        raise NotFound()
    return case


def referral_allows_service_recording(user, case: Case) -> bool:
    """Does an active referral let the user's organisation record services for this case?

    Until the referral mechanism (issue 4) provides its access function, no organisation but the
    owner may record services (see docs/decisions/0542-assistance-access.md).
    """
    return False


def service_case(user, case_id, *, permission: str = Perm.CASE_UPDATE) -> tuple[Case, bool]:
    """The case and whether the user's organisation owns it, for reading or recording services."""
    case = case_get_for_user(user, case_id, permission=permission)
    if case.owner_organisation_id == user.organisation_id:
        return case, True
    if referral_allows_service_recording(user, case):
        return case, False
    raise NotFound()
