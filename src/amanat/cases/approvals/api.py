"""Supervision over the API (ADR 1620).

GET  /api/approvals?state=pending&mine=false     the organisation's requests (or the user's own)
GET  /api/approvals/settings                     which kinds of change need approval
PUT  /api/approvals/settings                     set them (administrator)
GET  /api/approvals/{id}                         one request
POST /api/approvals/{id}/approve                 approve (a supervisor, not the requester)
POST /api/approvals/{id}/return                  return with a comment
Where the organisation requires approval, POST /api/cases/{id}/trafficking-status and
POST /api/cases/{id}/close (and a support plan agreed with the person) answer 202 with the
pending request (an ApprovalOut) instead of the changed case.
GET  /api/case-flags/{case_id}                   a case's flags in force
POST /api/case-flags/{case_id}                   add a flag (reason, optional end date)
POST /api/case-flags/{case_id}/{flag_id}/remove  remove a flag
"""

from __future__ import annotations

import datetime as dt

from django.http import JsonResponse
from ninja import Query, Router, Schema, Status
from pydantic import ConfigDict

from amanat.cases import flags
from amanat.cases.access import case_get_for_user
from amanat.cases.approvals import services
from amanat.cases.approvals.access import approval_get_for_user
from amanat.cases.approvals.models import ApprovalRequest, ApprovalState
from amanat.cases.approvals.selectors import approval_queue
from amanat.errors import ValidationError
from amanat.privacy.audit import audit_record

router = Router(tags=["supervision"])
flag_router = Router(tags=["supervision"])


class ApprovalOut(Schema):
    id: int
    case_id: int
    case_code: str
    kind: str
    state: str
    payload: dict
    note: str
    requested_by: str
    requested_at: dt.datetime
    decided_by: str | None
    decided_at: dt.datetime | None
    comment: str


class ApprovalQueueQuery(Schema):
    state: str = "pending"
    mine: bool = False


class DecisionIn(Schema):
    model_config = ConfigDict(extra="forbid")

    comment: str = ""


class SettingsIO(Schema):
    model_config = ConfigDict(extra="forbid")

    kinds: list[str]


class FlagIn(Schema):
    model_config = ConfigDict(extra="forbid")

    reason: str
    until: dt.date | None = None


class FlagOut(Schema):
    id: int
    reason: str
    until: dt.date | None
    created_by: str
    created_at: dt.datetime


def approval_dict(request: ApprovalRequest) -> dict:
    return {
        "id": request.pk,
        "case_id": request.case_id,
        "case_code": request.case.code,
        "kind": request.kind,
        "state": request.state,
        "payload": request.payload,
        "note": request.note,
        "requested_by": request.requested_by.username,
        "requested_at": request.requested_at,
        "decided_by": request.decided_by.username if request.decided_by else None,
        "decided_at": request.decided_at,
        "comment": request.comment,
    }


def pending_response(request: ApprovalRequest) -> JsonResponse:
    """202 Accepted with the request, from an endpoint whose documented answer is the changed
    object: where approval is required the change is only requested (ADR 1620). Returned as a
    plain response so the recorded operations of the API stay as they were (they only grow)."""
    body = ApprovalOut.model_validate(approval_dict(request)).model_dump(mode="json")
    return JsonResponse(body, status=202)


def _flag_dict(flag) -> dict:
    return {
        "id": flag.pk,
        "reason": flag.reason,
        "until": flag.until,
        "created_by": flag.created_by.username,
        "created_at": flag.created_at,
    }


@router.get("", response=list[ApprovalOut])
def list_approvals(request, query: Query[ApprovalQueueQuery]):
    if query.state not in ApprovalState.values:
        raise ValidationError(
            f"Unknown state '{query.state}'. Allowed: {', '.join(ApprovalState.values)}.",
            field="state",
        )
    return [
        approval_dict(r) for r in approval_queue(request.user, mine=query.mine, state=query.state)
    ]


@router.get("/settings", response=SettingsIO)
def get_settings(request):
    return {"kinds": services.approval_kinds_required(organisation_id=request.user.organisation_id)}


@router.put("/settings", response=SettingsIO)
def put_settings(request, payload: SettingsIO):
    return {"kinds": services.approval_settings_set(user=request.user, kinds=payload.kinds)}


@router.get("/{request_id}", response=ApprovalOut)
def get_approval(request, request_id: str):
    approval = approval_get_for_user(request.user, request_id)
    audit_record(
        actor=request.user,
        action="approval.view",
        object_type="approval",
        object_id=approval.pk,
        fields=["note", "comment"],
        purpose="supervision",
    )
    return approval_dict(approval)


@router.post("/{request_id}/approve", response=ApprovalOut)
def approve(request, request_id: str, payload: DecisionIn):
    return approval_dict(
        services.approval_approve(user=request.user, request_id=request_id, comment=payload.comment)
    )


@router.post("/{request_id}/return", response=ApprovalOut)
def return_request(request, request_id: str, payload: DecisionIn):
    return approval_dict(
        services.approval_return(user=request.user, request_id=request_id, comment=payload.comment)
    )


@flag_router.get("/{case_id}", response=list[FlagOut])
def list_flags(request, case_id: str):
    case = case_get_for_user(request.user, case_id)
    audit_record(
        actor=request.user,
        action="case.flags_view",
        object_type="case",
        object_id=case.pk,
        fields=["flag.reason"],
        purpose="case management",
    )
    return [_flag_dict(f) for f in flags.case_flags_in_force(case)]


@flag_router.post("/{case_id}", response={201: FlagOut})
def add_flag(request, case_id: str, payload: FlagIn):
    flag = flags.case_flag_add(
        user=request.user, case_id=case_id, reason=payload.reason, until=payload.until
    )
    return Status(201, _flag_dict(flag))


@flag_router.post("/{case_id}/{flag_id}/remove", response=FlagOut)
def remove_flag(request, case_id: str, flag_id: str):
    return _flag_dict(flags.case_flag_remove(user=request.user, case_id=case_id, flag_id=flag_id))


ROUTERS = (("/approvals", router), ("/case-flags", flag_router))
