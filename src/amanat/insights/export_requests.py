"""Identifiable exports awaiting a second person: who sees them, approval, rejection, and the
one-time production of the file for the requester (ADR 0665).

Four eyes: the approver holds `export.approve` in the requester's organisation and is never the
requester. A request of another organisation answers 404, like a missing one. The file's
password is given when the file is produced, checked, used and forgotten: never stored.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from amanat.accounts.roles import Perm
from amanat.errors import Conflict, NotFound, PermissionDenied
from amanat.insights import selectors
from amanat.insights.exports import (
    EXCLUSION_REASONS,
    HtcdsExport,
    check_password,
    produce,
    split_by_consent,
)
from amanat.insights.htcds.purposes import load_rules
from amanat.insights.models import ExportRequest
from amanat.privacy.audit import audit_record


def export_requests_for_user(user) -> QuerySet[ExportRequest]:
    """Approvers see their organisation's requests; requesters see their own."""
    queryset = ExportRequest.objects.select_related(
        "requested_by", "decided_by", "recipient_organisation"
    )
    if user.organisation_id is None:
        return queryset.none()
    queryset = queryset.filter(organisation_id=user.organisation_id)
    if user.can(Perm.EXPORT_APPROVE):
        return queryset
    if user.can(Perm.EXPORT_IDENTIFIABLE):
        return queryset.filter(requested_by=user)
    return queryset.none()


def export_request_get_for_user(user, request_id, *, for_update: bool = False) -> ExportRequest:
    queryset = export_requests_for_user(user)
    if for_update:
        queryset = queryset.select_for_update(of=("self",))
    request = queryset.filter(pk=request_id).first() if isinstance(request_id, int) else None
    if request is None:
        raise NotFound()
    return request


def _for_decision(user, request_id) -> ExportRequest:
    if not user.can(Perm.EXPORT_APPROVE):
        raise NotFound()
    request = export_request_get_for_user(user, request_id, for_update=True)
    if request.requested_by_id == user.pk:
        raise PermissionDenied(
            _("A second person must decide on this export: you asked for it."),
            code="own_request",
        )
    if request.status != ExportRequest.Status.PENDING:
        raise Conflict(_("This export request has already been decided."))
    return request


def _decide(user, request_id, status: str) -> ExportRequest:
    request = _for_decision(user, request_id)
    request.status = status
    request.decided_by = user
    request.decided_at = timezone.now()
    request.save(update_fields=["status", "decided_by", "decided_at"])
    audit_record(
        actor=user,
        action=f"htcds.export.{'approve' if status == 'approved' else 'reject'}",
        object_type="export_request",
        object_id=request.pk,
        fields=["status"],
        purpose="four-eyes approval of an identifiable export",
        extra={"case_ids": request.case_ids, "requested_by": request.requested_by_id},
    )
    return request


@transaction.atomic
def export_request_approve(*, user, request_id: int) -> ExportRequest:
    return _decide(user, request_id, ExportRequest.Status.APPROVED)


@transaction.atomic
def export_request_reject(*, user, request_id: int) -> ExportRequest:
    return _decide(user, request_id, ExportRequest.Status.REJECTED)


@transaction.atomic
def export_request_produce(*, user, request_id: int, password: str) -> HtcdsExport:
    """The approved file, once, for its requester: the approved cases that the organisation
    still holds and whose consent is still in force (the others are listed as excluded)."""
    request = export_request_get_for_user(user, request_id, for_update=True)
    if request.requested_by_id != user.pk:
        raise PermissionDenied(
            _("Only the person who asked for this export can produce its file."),
            code="not_requester",
        )
    if not user.can(Perm.EXPORT_IDENTIFIABLE):
        raise PermissionDenied(
            _("Your role may not export identifiable case data."), code="export_not_permitted"
        )
    if request.status != ExportRequest.Status.APPROVED:
        raise Conflict(
            _("Only an approved export can be produced, once (this one is: %(status)s).")
            % {"status": request.get_status_display()}
        )
    check_password(password, user)
    spec = load_rules().purposes[request.purpose]
    held = {c.pk: c for c in selectors.htcds_cases(user, research=False)}
    cases = [held[pk] for pk in request.case_ids if pk in held]
    excluded = [tuple(item) for item in request.excluded]
    excluded += [(pk, "no_longer_held") for pk in request.case_ids if pk not in held]
    cases, withdrawn = split_by_consent(
        cases, spec, request.recipient_organisation, reason="consent_withdrawn"
    )
    excluded += withdrawn
    if not cases:
        raise Conflict(
            _("None of the approved cases can be exported any more (consent or case ended).")
        )
    request.status = ExportRequest.Status.PRODUCED
    request.produced_at = timezone.now()
    request.save(update_fields=["status", "produced_at"])
    return produce(
        user=user,
        purpose=request.purpose,
        legal_basis=request.legal_basis,
        recipient=request.recipient_organisation,
        fmt=request.file_format,
        cases=cases,
        excluded=excluded,
        password=password,
        request=request,
    )


def export_request_as_dict(request: ExportRequest) -> dict:
    recipient = request.recipient_organisation
    return {
        "id": request.pk,
        "status": request.status,
        "purpose": request.purpose,
        "legal_basis": request.legal_basis,
        "recipient_organisation": {"id": recipient.pk, "name": recipient.name}
        if recipient
        else None,
        "format": request.file_format,
        "case_ids": list(request.case_ids),
        "excluded": [
            {"case_id": pk, "reason": reason, "label": str(EXCLUSION_REASONS.get(reason, reason))}
            for pk, reason in request.excluded
        ],
        "requested_by": request.requested_by.username,
        "requested_at": request.requested_at.isoformat(),
        "decided_by": request.decided_by.username if request.decided_by else None,
        "decided_at": request.decided_at.isoformat() if request.decided_at else None,
        "produced_at": request.produced_at.isoformat() if request.produced_at else None,
    }
