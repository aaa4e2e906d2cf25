"""The coordinator's queue over the API (NRM coordinator only; 404 for everyone else).

GET  /api/person-matches?status=open&page=1     possible matches, best first
POST /api/person-matches/{id}/confirm           link the two persons
POST /api/person-matches/{id}/reject            two different persons
GET  /api/person-links?page=1                   active links
POST /api/person-links/{id}/unlink              undo a link (kept as history)
"""

from __future__ import annotations

import datetime as dt

from ninja import Query, Router, Schema

from amanat.cases.links import selectors, services

matches = Router(tags=["person links"])
links = Router(tags=["person links"])


class QueueQuery(Schema):
    status: str = "open"
    page: int = 1


class PageQuery(Schema):
    page: int = 1


class Reason(Schema):
    code: str
    label: str


class Side(Schema):
    case_codes: list[str]
    organisation: str
    country: str


class MatchOut(Schema):
    id: int
    score: float
    reasons: list[Reason]
    source: str
    source_label: str
    status: str
    status_label: str
    proposed_at: dt.datetime
    decided_at: dt.datetime | None
    persons: list[Side]


class MatchPageOut(Schema):
    items: list[MatchOut]
    count: int  # counted up to 10,001: see count_is_lower_bound
    count_is_lower_bound: bool
    page: int
    pages: int


class LinkOut(Schema):
    id: int
    created_at: dt.datetime
    persons: list[Side]


class LinkPageOut(Schema):
    items: list[LinkOut]
    count: int
    count_is_lower_bound: bool
    page: int
    pages: int


class DecisionOut(Schema):
    id: int
    status: str
    link_id: int | None = None


def _page(page: selectors.Page) -> dict:
    return {
        "items": page.items,
        "count": page.total,
        "count_is_lower_bound": page.total_is_lower_bound,
        "page": page.number,
        "pages": page.pages,
    }


@matches.get("", response=MatchPageOut)
def list_matches(request, params: Query[QueueQuery]):
    return _page(selectors.match_queue(request.user, status=params.status, page=params.page))


@matches.post("/{match_id}/confirm", response=DecisionOut)
def confirm(request, match_id: str):
    link = services.confirm_match(actor=request.user, match_id=match_id)
    return {"id": link.match_id, "status": "confirmed", "link_id": link.pk}


@matches.post("/{match_id}/reject", response=DecisionOut)
def reject(request, match_id: str):
    match = services.reject_match(actor=request.user, match_id=match_id)
    return {"id": match.pk, "status": match.status}


@links.get("", response=LinkPageOut)
def list_links(request, params: Query[PageQuery]):
    return _page(selectors.link_list(request.user, page=params.page))


@links.post("/{link_id}/unlink", response=DecisionOut)
def unlink(request, link_id: str):
    link = services.unlink_persons(actor=request.user, link_id=link_id)
    return {"id": link.pk, "status": "unlinked"}


ROUTERS = (("/person-matches", matches), ("/person-links", links))
