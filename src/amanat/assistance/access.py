"""Who may read and write a case's assistance data. Built on `case_get_for_user` and, for
referral recipients, on the referral mechanism's `referral_get_for_user`; never by hand.

- Needs assessments, support plans, follow-up visits and scores, closure, reopening and transfer:
  the organisation that holds the case (its owner). Any other organisation gets the same
  NotFound as for a case that does not exist.
- Services delivered: the owner, or the recipient of an active referral of this case (accepted
  or in progress, with the person's consent to it in force), naming that referral. A recipient
  reads back only the services its own organisation recorded (docs/decisions/0542).
"""

from __future__ import annotations

from amanat.accounts.roles import Perm
from amanat.cases.access import case_get_for_user
from amanat.cases.models import Case
from amanat.core.errors import NotFound
from amanat.referrals.access import referral_get_for_user
from amanat.referrals.models import Referral
from amanat.referrals.selectors import sharing_in_force
from amanat.referrals.state_machine import Side, State

# A referral under which the recipient may record services: it accepted the referral.
SERVICE_STATES = frozenset({State.ACCEPTED, State.IN_PROGRESS})


def owner_case(user, case_id, *, permission: str = Perm.CASE_VIEW) -> Case:
    """The case if the user's organisation holds it and the user has `permission`."""
    case = case_get_for_user(user, case_id, permission=permission)
    if case.owner_organisation_id != user.organisation_id:
        raise NotFound()
    return case


def active_referral(user, referral_id, *, permission: str = Perm.CASE_UPDATE) -> Referral:
    """The referral if the user's organisation received it, it is accepted or in progress and
    the person's consent to it holds; else NotFound."""
    if not user.can(permission):
        raise NotFound()
    referral, side = referral_get_for_user(user, referral_id)
    if (
        side != Side.RECIPIENT
        or referral.state not in SERVICE_STATES
        or not sharing_in_force(referral)[0]
    ):
        raise NotFound()
    return referral


def active_referral_for_recipient(
    user, case_id, referral_id, *, permission: str = Perm.CASE_UPDATE
) -> Referral:
    """`active_referral`, for this case."""
    referral = active_referral(user, referral_id, permission=permission)
    if str(referral.case_id) != str(case_id).strip():
        raise NotFound()
    return referral


def service_case(
    user, case_id, *, permission: str = Perm.CASE_UPDATE, referral_id=None
) -> tuple[Case, bool, Referral | None]:
    """(case, whether the user's organisation owns it, the referral it acts under if not)."""
    try:
        return owner_case(user, case_id, permission=permission), True, None
    except NotFound:
        if referral_id in (None, ""):
            raise
    referral = active_referral_for_recipient(user, case_id, referral_id, permission=permission)
    return referral.case, False, referral
