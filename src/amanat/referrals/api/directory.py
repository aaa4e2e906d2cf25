"""GET /api/organisations (directory search) and GET /api/organisations/{id} (one entry with
its staff contacts, audited)."""

from __future__ import annotations

from ninja import Query, Router, Schema

from amanat.referrals import presenters, selectors
from amanat.referrals.api._common import DIRECTORY_TAGS

router = Router(tags=DIRECTORY_TAGS)


class DirectoryQuery(Schema):
    query: str = ""
    country: str = ""
    service: str = ""
    region: str = ""


@router.get("")
def search_directory(request, params: Query[DirectoryQuery]):
    found = selectors.directory_search(
        query=params.query, country=params.country, service=params.service, region=params.region
    )
    return {"items": [presenters.organisation_dict(o) for o in found], "count": len(found)}


@router.get("/{organisation_id}")
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
