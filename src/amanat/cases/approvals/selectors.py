"""Reads of approval requests: the supervisor's queue, the requester's own, a case's."""

from __future__ import annotations

from django.db.models import QuerySet

from amanat.accounts.roles import Perm
from amanat.cases.approvals.models import ApprovalRequest, ApprovalState
from amanat.privacy.audit import audit_record


def _organisation_requests(user) -> QuerySet[ApprovalRequest]:
    if not user.can(Perm.CASE_VIEW) or user.organisation_id is None:
        return ApprovalRequest.objects.none()
    return ApprovalRequest.objects.filter(
        organisation_id=user.organisation_id,
        case__owner_organisation_id=user.organisation_id,
    )


def approvals_waiting_count(user) -> int:
    """Pending requests that `user` may decide (not their own)."""
    if not user.can(Perm.CASE_APPROVE):
        return 0
    return (
        _organisation_requests(user)
        .filter(state=ApprovalState.PENDING)
        .exclude(requested_by=user)
        .count()
    )


def my_pending_count(user) -> int:
    return (
        _organisation_requests(user).filter(state=ApprovalState.PENDING, requested_by=user).count()
    )


def approval_queue(user, *, mine: bool = False, state: str = "pending", limit: int = 200):
    """The organisation's requests in `state` (oldest first), or only the user's own.

    The note and comment are personal: reading the list is audited with their names."""
    rows = _organisation_requests(user).select_related("case", "requested_by", "decided_by")
    if state:
        rows = rows.filter(state=state)
    if mine:
        rows = rows.filter(requested_by=user)
    result = list(rows.order_by("requested_at", "id")[:limit])
    audit_record(
        actor=user,
        action="approval.list",
        object_type="approval",
        fields=["note", "comment"],
        purpose="supervision",
        extra={"request_ids": [r.pk for r in result]},
    )
    return result


def case_approvals(case) -> list[ApprovalRequest]:
    """A case's requests, newest first (the caller read the case through its access check)."""
    return list(
        ApprovalRequest.objects.filter(case=case, organisation_id=case.owner_organisation_id)
        .select_related("requested_by", "decided_by")
        .order_by("-requested_at", "-id")
    )
