"""Every write of supervision (ADR 1620): settings, request, approve, return.

A change that the organisation requires approval for is stored as a pending request by the
service that would have made it (`approval_request_create`, called after that service checked
access and validated the input); nothing of the change is in force until a supervisor approves.
Approving puts it into force through the kind's `apply`, in the same transaction.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from amanat.accounts.roles import Perm
from amanat.cases import events
from amanat.cases.approvals.access import approval_get_for_user
from amanat.cases.approvals.kinds import approval_kind
from amanat.cases.approvals.models import ApprovalRequest, ApprovalSetting, ApprovalState
from amanat.cases.models import Case
from amanat.errors import Conflict, PermissionDenied, ValidationError
from amanat.privacy.audit import audit_record

COMMENT_MAX = 2000
PURPOSE = "supervision"


def approval_required(*, organisation_id: int | None, kind: str) -> bool:
    if organisation_id is None:
        return False
    return ApprovalSetting.objects.filter(organisation_id=organisation_id, kind=kind).exists()


def approval_kinds_required(*, organisation_id: int | None) -> list[str]:
    return sorted(
        ApprovalSetting.objects.filter(organisation_id=organisation_id).values_list(
            "kind", flat=True
        )
    )


@transaction.atomic
def approval_settings_set(*, user, kinds: list[str]) -> list[str]:
    """Which kinds of change need approval in the user's organisation (an administrator's)."""
    if not user.can(Perm.ORG_MANAGE) or user.organisation_id is None:
        raise PermissionDenied(_("Only an administrator of the organisation may change this."))
    if not isinstance(kinds, list | tuple) or not all(isinstance(k, str) for k in kinds):
        raise ValidationError(_("Give a list of kinds."), field="kinds")
    wanted = {approval_kind(code).code for code in kinds}
    before = set(approval_kinds_required(organisation_id=user.organisation_id))
    ApprovalSetting.objects.filter(organisation_id=user.organisation_id).exclude(
        kind__in=wanted
    ).delete()
    ApprovalSetting.objects.bulk_create(
        [ApprovalSetting(organisation_id=user.organisation_id, kind=k) for k in wanted - before]
    )
    audit_record(
        actor=user,
        action="approval.settings",
        object_type="organisation",
        object_id=user.organisation_id,
        fields=["approval_kinds"],
        purpose="configuration",
        extra={"kinds": sorted(wanted)},
    )
    return sorted(wanted)


def approval_request_create(
    *, user, case: Case, kind: str, payload: dict, note: str = ""
) -> ApprovalRequest:
    """Store the change as a pending request (the caller checked access, validated the input
    and holds a transaction). A second pending request of the same kind is a Conflict."""
    approval_kind(kind)
    if ApprovalRequest.objects.filter(case=case, kind=kind, state=ApprovalState.PENDING).exists():
        raise Conflict(
            _("A request of this kind is already waiting for approval on this case."),
            field="kind",
            code="approval_pending",
        )
    try:
        with transaction.atomic():
            request = ApprovalRequest.objects.create(
                case=case,
                organisation_id=case.owner_organisation_id,
                kind=kind,
                payload=payload,
                note=note,
                requested_by=user,
                requested_at=timezone.now(),
            )
    except IntegrityError as error:  # a concurrent request won the race
        raise Conflict(
            _("A request of this kind is already waiting for approval on this case."),
            field="kind",
            code="approval_pending",
        ) from error
    audit_record(
        actor=user,
        action="approval.request",
        object_type="approval",
        object_id=request.pk,
        fields=["kind", "payload"] + (["note"] if note else []),
        purpose=PURPOSE,
        extra={"case_id": case.pk, "kind": kind},
    )
    events.APPROVAL_REQUESTED.record(
        case=case, actor=user, data={"kind": kind, "request_id": request.pk}
    )
    return request


def _decidable(user, request_id) -> ApprovalRequest:
    request = approval_get_for_user(user, request_id, for_update=True)
    if not user.can(Perm.CASE_APPROVE):
        raise PermissionDenied(_("Only a supervisor may approve or return a request."))
    if request.requested_by_id == user.pk:
        raise PermissionDenied(
            _("You cannot approve or return your own request: another supervisor must."),
            code="self_approval",
        )
    if request.state != ApprovalState.PENDING:
        raise Conflict(
            _("This request is no longer waiting for approval."),
            field="state",
            code="not_pending",
        )
    return request


def _comment(comment: str | None, *, required: bool) -> str:
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX:
        raise ValidationError(_("At most %(n)d characters.") % {"n": COMMENT_MAX}, field="comment")
    if required and not comment:
        raise ValidationError(_("Say what should change before it is approved."), field="comment")
    return comment


def _decide(user, request: ApprovalRequest, state: str, comment: str) -> None:
    request.state = state
    request.decided_by = user
    request.decided_at = timezone.now()
    request.comment = comment
    request.save(update_fields=["state", "decided_by", "decided_at", "comment"])
    audit_record(
        actor=user,
        action=f"approval.{state}",
        object_type="approval",
        object_id=request.pk,
        fields=["state"] + (["comment"] if comment else []),
        purpose=PURPOSE,
        extra={"case_id": request.case_id, "kind": request.kind},
    )
    event = (
        events.APPROVAL_APPROVED if state == ApprovalState.APPROVED else events.APPROVAL_RETURNED
    )
    event.record(
        case=request.case, actor=user, data={"kind": request.kind, "request_id": request.pk}
    )


@transaction.atomic
def approval_approve(*, user, request_id, comment: str = "") -> ApprovalRequest:
    """Approve another user's pending request: the change comes into force now."""
    request = _decidable(user, request_id)
    comment = _comment(comment, required=False)
    _decide(user, request, ApprovalState.APPROVED, comment)
    approval_kind(request.kind).apply(request=request, approver=user)
    return request


@transaction.atomic
def approval_return(*, user, request_id, comment: str) -> ApprovalRequest:
    """Send the request back with a comment: nothing of the change comes into force."""
    request = _decidable(user, request_id)
    _decide(user, request, ApprovalState.RETURNED, _comment(comment, required=True))
    return request
