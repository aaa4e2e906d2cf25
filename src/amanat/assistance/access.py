"""Who may read and write a case's assistance data. Built on `case_get_for_user` and, for
referral recipients, on the referral mechanism's `referral_get_for_user`; never by hand.

- Needs assessments, support plans, follow-up visits and scores, closure, reopening and transfer:
  the organisation that holds the case (its owner). Any other organisation gets the same
  NotFound as for a case that does not exist.
- Services delivered: the owner, or the recipient of an active referral of this case (accepted
  or in progress, the case open and the person's consent to it in force: `sharing_in_force`),
  naming that referral. A recipient reads back only the services its own organisation recorded
  (docs/decisions/0542). After a transfer the former owner is neither (docs/decisions/0445).
"""

from __future__ import annotations

from amanat.accounts.denials import denied
from amanat.accounts.roles import Perm
from amanat.cases.access import case_find_for_user, case_get_for_owner
from amanat.cases.models import Case
from amanat.core.ids import parse_id
from amanat.referrals.access import referral_get_for_user
from amanat.referrals.models import Referral
from amanat.referrals.selectors import sharing_in_force
from amanat.referrals.state_machine import Side, State

# A referral under which the recipient may record services: it accepted the referral.
SERVICE_STATES = frozenset({State.ACCEPTED, State.IN_PROGRESS})


def owner_case(user, case_id, *, permission: str = Perm.CASE_VIEW) -> Case:
    """The case if the user's organisation holds it and the user has `permission`."""
    return case_get_for_owner(user, case_id, permission=permission)


def active_referral(user, referral_id, *, permission: str = Perm.CASE_UPDATE) -> Referral:
    """The referral if the user's organisation received it, it is accepted or in progress and
    the person's consent to it holds; else NotFound."""
    if not user.can(permission):
        raise denied(user, "referral", referral_id, model=Referral)
    referral, side = referral_get_for_user(user, referral_id)
    if (
        side != Side.RECIPIENT
        or referral.state not in SERVICE_STATES
        or not sharing_in_force(referral)[0]
    ):
        raise denied(user, "referral", referral.pk, exists=True)
    return referral


def active_referral_for_recipient(
    user, case_id, referral_id, *, permission: str = Perm.CASE_UPDATE
) -> Referral:
    """`active_referral`, for this case."""
    case_pk = parse_id(case_id)
    referral = active_referral(user, referral_id, permission=permission)
    if referral.case_id != case_pk:
        raise denied(user, "case", case_pk, model=Case)
    return referral


def service_case(
    user, case_id, *, permission: str = Perm.CASE_UPDATE, referral_id=None
) -> tuple[Case, bool, Referral | None]:
    """(case, whether the user's organisation owns it, the referral it acts under if not)."""
    if referral_id in (None, ""):
        return owner_case(user, case_id, permission=permission), True, None
    # Owner first, then the referral route: a failed first try is not a refusal to record.
    case = case_find_for_user(user, case_id, permission=permission)
    if case is not None and case.owner_organisation_id == user.organisation_id:
        return case, True, None
    referral = active_referral_for_recipient(user, case_id, referral_id, permission=permission)
    return referral.case, False, referral
