"""The one access function of approval requests: another organisation's request, or one on a
case the organisation no longer holds, answers exactly like a missing one."""

from __future__ import annotations

from amanat.accounts.denials import denied
from amanat.accounts.roles import Perm
from amanat.cases.approvals.models import ApprovalRequest
from amanat.core.ids import parse_id


def approval_get_for_user(user, request_id, *, for_update: bool = False) -> ApprovalRequest:
    """The request if `user` may see it (a case worker of the holding organisation), else
    NotFound (recorded)."""
    pk = parse_id(request_id)
    rows = ApprovalRequest.objects.select_related("case", "requested_by", "decided_by")
    if for_update:
        rows = rows.select_for_update(of=("self",))
    found = None
    if user.can(Perm.CASE_VIEW) and user.organisation_id is not None:
        found = rows.filter(
            pk=pk,
            organisation_id=user.organisation_id,
            case__owner_organisation_id=user.organisation_id,
        ).first()
    if found is None:
        raise denied(user, "approval", pk, model=ApprovalRequest)
    return found
