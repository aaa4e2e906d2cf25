"""Referral endpoints (issue 4, item 9). Thin: parse, call one service or selector, present.

GET  /api/organisations?query=&country=&service=&region=   directory search
GET  /api/organisations/{id}                                one entry (with staff contacts)
GET  /api/cases/{id}/needs          POST /api/cases/{id}/needs
PATCH /api/needs/{id}
GET  /api/cases/{id}/matches?need=&limit=
GET  /api/cases/{id}/referrals      POST /api/cases/{id}/referrals
GET  /api/referrals?box=incoming|outgoing&status=&page=
GET  /api/referrals/stats?country=  (coordinator view, aggregates only)
GET  /api/referrals/notifications   POST /api/referrals/notifications/read
GET  /api/referrals/{id}            GET /api/referrals/{id}/case (the recipient's limited view)
POST /api/referrals/{id}/notes
POST /api/referrals/{id}/{send|accept|decline|start|complete|close_without_service|revoke}
"""

from __future__ import annotations

import datetime as dt
import json

from django.utils.translation import get_language
from ninja import Query, Router, Schema, Status

from amanat.errors import NotFound, ValidationError
from amanat.referrals import presenters, selectors, services
from amanat.referrals.notify import notification_text

organisations = Router(tags=["referrals: directory"])
cases = Router(tags=["referrals: needs and matching"])
needs = Router(tags=["referrals: needs and matching"])
referrals = Router(tags=["referrals"])


class DirectoryQuery(Schema):
    query: str = ""
    country: str = ""
    service: str = ""
    region: str = ""


@organisations.get("")
def search_directory(request, params: Query[DirectoryQuery]):
    found = selectors.directory_search(
        query=params.query, country=params.country, service=params.service, region=params.region
    )
    return {"items": [presenters.organisation_dict(o) for o in found], "count": len(found)}


@organisations.get("/{organisation_id}")
def directory_entry(request, organisation_id: str):
    org = selectors.directory_organisation(request.user, organisation_id)
    data = presenters.organisation_dict(org)
    for item, service in zip(data["services"], org.listed, strict=True):
        item.update(
            contact_name=service.contact_name,
            contact_phone=service.contact_phone,
            contact_email=service.contact_email,
        )
    return data


# ------------------------------------------------------------------------------------ needs
class NeedIn(Schema):
    service_type: str
    urgency: str = "normal"
    reason: str = ""


class NeedPatch(Schema):
    status: str | None = None
    urgency: str | None = None
    reason: str | None = None


@cases.get("/{case_id}/needs")
def list_needs(request, case_id: str):
    return [presenters.need_dict(n) for n in selectors.needs_for_case(request.user, case_id)]


@cases.post("/{case_id}/needs", response={201: dict})
def record_need(request, case_id: str, payload: NeedIn):
    need = services.need_record(
        user=request.user,
        case_id=case_id,
        service_type=payload.service_type,
        urgency=payload.urgency,
        reason=payload.reason,
    )
    return Status(201, presenters.need_dict(need))


@needs.patch("/{need_id}")
def update_need(request, need_id: str, payload: NeedPatch):
    need = services.need_update(
        user=request.user,
        need_id=need_id,
        status=payload.status,
        urgency=payload.urgency,
        reason=payload.reason,
    )
    return presenters.need_dict(need)


class MatchQuery(Schema):
    need: str = ""
    limit: int = 10


@cases.get("/{case_id}/matches")
def matches(request, case_id: str, params: Query[MatchQuery]):
    if not 1 <= params.limit <= 100:
        raise ValidationError("limit must be between 1 and 100.", field="limit")
    result = selectors.case_matches(
        request.user, case_id, need_id=params.need or None, limit=params.limit
    )
    language = (get_language() or "en").split("-")[0]
    return {"case": result.case.pk, "needs": presenters.ranking_dicts(result, language=language)}


# -------------------------------------------------------------------------------- referrals
class ReferralIn(Schema):
    to_organisation: int
    services: list[str]
    urgency: str = "normal"
    reason: str
    shared_fields: list[str] | None = None
    needs: list[int] | None = None
    legal_basis: str = ""
    legal_basis_note: str = ""


@cases.get("/{case_id}/referrals")
def case_referrals(request, case_id: str):
    return [
        presenters.referral_summary(r) for r in selectors.referrals_for_case(request.user, case_id)
    ]


@cases.post("/{case_id}/referrals", response={201: dict})
def create_referral(request, case_id: str, payload: ReferralIn):
    referral = services.referral_create(
        user=request.user,
        case_id=case_id,
        to_organisation_id=payload.to_organisation,
        services=payload.services,
        urgency=payload.urgency,
        reason=payload.reason,
        shared_fields=payload.shared_fields,
        need_ids=payload.needs,
        legal_basis=payload.legal_basis,
        legal_basis_note=payload.legal_basis_note,
    )
    detail = selectors.referral_detail(request.user, referral.pk)
    return Status(201, presenters.referral_detail_dict(detail))


class InboxQuery(Schema):
    box: str = "incoming"
    status: str = ""
    page: int = 1


@referrals.get("")
def inbox(request, params: Query[InboxQuery]):
    if params.page < 1:
        raise ValidationError("page must be 1 or more.", field="page")
    page = selectors.referral_inbox(
        request.user, box=params.box, status=params.status, page=params.page
    )
    return {
        "items": [presenters.referral_summary(r) for r in page.items],
        "count": page.total,
        "page": page.number,
        "pages": page.num_pages,
    }


class StatsQuery(Schema):
    country: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None


@referrals.get("/stats")
def stats(request, params: Query[StatsQuery]):
    return selectors.coordinator_stats(
        request.user, country=params.country, date_from=params.date_from, date_to=params.date_to
    )


@referrals.get("/notifications")
def notifications(request, unread: bool = False):
    rows = selectors.notifications_for(request.user, unread_only=unread)
    return [
        {
            "id": n.pk,
            "referral": n.referral_id,
            "kind": n.kind,
            "created_at": n.created_at,
            "read": n.read_at is not None,
            "text": notification_text(n.kind, n.referral),
        }
        for n in rows
    ]


class ReadIn(Schema):
    """Either `{"ids": [...]}` or `{"all": true}`: marking everything is never a default."""

    ids: list[int] | None = None
    all: bool = False


@referrals.post("/notifications/read")
def notifications_read(request, payload: ReadIn):
    marked = services.notifications_mark_read(
        user=request.user, ids=payload.ids, mark_all=payload.all
    )
    return {"marked": marked}


@referrals.get("/{referral_id}")
def referral_detail(request, referral_id: str):
    return presenters.referral_detail_dict(selectors.referral_detail(request.user, referral_id))


@referrals.get("/{referral_id}/case")
def referral_case(request, referral_id: str):
    return selectors.referral_case_view(request.user, referral_id)


class NoteIn(Schema):
    text: str


@referrals.post("/{referral_id}/notes", response={201: dict})
def add_note(request, referral_id: str, payload: NoteIn):
    note = services.referral_note_add(user=request.user, referral_id=referral_id, text=payload.text)
    return Status(201, {"id": note.pk, "text": note.text, "created_at": note.created_at})


ACTION_FIELDS = {
    "send": ("consent_override", "justification"),
    "accept": (),
    "decline": ("reason",),
    "start": (),
    "complete": ("outcome_note",),
    "close_without_service": ("reason",),
    "revoke": ("reason",),
}


def _body(request) -> dict:
    if not request.body or "json" not in request.headers.get("Content-Type", "json"):
        return {}
    try:
        data = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        raise ValidationError("The body is not valid JSON.", field="body") from None
    if not isinstance(data, dict):
        raise ValidationError("Expected a JSON object.", field="body")
    return data


@referrals.post("/{referral_id}/{action}")
def act(request, referral_id: str, action: str):
    """Body (all optional): {"reason"} for decline/revoke/close_without_service,
    {"outcome_note"} for complete, {"consent_override": true, "justification"} for send."""
    if action not in ACTION_FIELDS:
        raise NotFound()
    data = _body(request)
    kwargs = {}
    for name in ACTION_FIELDS[action]:
        if name in data:
            value = data[name]
            if name == "consent_override":
                if not isinstance(value, bool):
                    raise ValidationError("Expected true or false.", field=name)
            elif not isinstance(value, str):
                raise ValidationError("Expected text.", field=name)
            kwargs[name] = value
    if action == "decline" and "reason" not in kwargs:
        kwargs["reason"] = ""
    services.ACTIONS[action](user=request.user, referral_id=referral_id, **kwargs)
    return presenters.referral_detail_dict(selectors.referral_detail(request.user, referral_id))


ROUTERS = (
    ("/organisations", organisations),
    ("/cases", cases),
    ("/needs", needs),
    ("/referrals", referrals),
)
