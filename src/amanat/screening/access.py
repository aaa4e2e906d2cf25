"""Who may read and run assessments of a case: the one place that decides.

- Reading needs the case permission `case.view`; running an interview (start, save, complete,
  discard) needs `case.update` or `case.create` (case managers, service providers, and
  law-enforcement officers, who screen but do not edit cases).
- Both need the case to be held by the user's own organisation. Answers are the most sensitive
  part of a case: an organisation that sees a case through a referral sees what the referral
  shares, never the interview. Everything else answers exactly like a missing case (NotFound).
"""

from __future__ import annotations

from amanat.accounts.denials import denied
from amanat.accounts.roles import Perm
from amanat.cases.access import case_get_for_user, case_is_owned_by_user_org
from amanat.cases.models import Case

CONDUCT_PERMISSIONS = (Perm.CASE_UPDATE, Perm.CASE_CREATE)


def can_conduct(user) -> bool:
    """May this user run interviews (on the cases their organisation holds)?"""
    return any(user.can(permission) for permission in CONDUCT_PERMISSIONS)


def screening_case_for_user(user, case_id, *, write: bool = False) -> Case:
    """The case, if the user may read (or, with `write`, run) its assessments; else NotFound."""
    if write:
        held = [p for p in CONDUCT_PERMISSIONS if user.can(p)]
        if not held:
            raise denied(user, "case", case_id, model=Case)
        permission = held[0]
    else:
        permission = Perm.CASE_VIEW
    case = case_get_for_user(user, case_id, permission=permission)
    if not case_is_owned_by_user_org(user, case):
        raise denied(user, "case", case.pk, exists=True)
    return case
