"""GET/POST /api/cases/{id}/needs and PATCH /api/needs/{id}."""

from __future__ import annotations

from ninja import Router, Schema, Status

from amanat.referrals import presenters, selectors, services
from amanat.referrals.api._common import NEEDS_TAGS

case_router = Router(tags=NEEDS_TAGS)  # under /cases
router = Router(tags=NEEDS_TAGS)  # under /needs


class NeedIn(Schema):
    service_type: str
    urgency: str = "normal"
    reason: str = ""


class NeedPatch(Schema):
    status: str | None = None
    urgency: str | None = None
    reason: str | None = None


@case_router.get("/{case_id}/needs")
def list_needs(request, case_id: str):
    return [presenters.need_dict(n) for n in selectors.needs_for_case(request.user, case_id)]


@case_router.post("/{case_id}/needs", response={201: dict})
def record_need(request, case_id: str, payload: NeedIn):
    need = services.need_record(user=request.user, case_id=case_id, **payload.model_dump())
    return Status(201, presenters.need_dict(need))


@router.patch("/{need_id}")
def update_need(request, need_id: str, payload: NeedPatch):
    need = services.need_update(user=request.user, need_id=need_id, **payload.model_dump())
    return presenters.need_dict(need)
