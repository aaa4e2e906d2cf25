"""Recruitment endpoints under /api/ads. Thin: parse, call one service or selector, present.
Errors are the domain's (JSON 4xx naming the field). No address is ever fetched."""

from __future__ import annotations

import datetime as dt

from ninja import Query, Router, Schema, Status

from amanat.core.ids import parse_id_field
from amanat.recruitment import presenters, selectors, services
from amanat.recruitment.stats import ad_statistics

router = Router(tags=["recruitment"])


class AdIn(Schema):
    text: str
    url: str = ""
    platform: str = ""
    language: str = ""
    found_on: dt.date | None = None


class LinkIn(Schema):
    case: int | str


class AdListQuery(Schema):
    level: str = ""


def _ad_summary(ad) -> dict:
    return {
        "id": ad.pk,
        "found_on": ad.found_on.isoformat(),
        "level": ad.level,
        "score": ad.score,
        "platform": ad.platform,
        "domain": ad.domain,
        "language": ad.language,
        "indicators": list(ad.indicators),
        "destinations": list(ad.destinations),
        "rules_version": ad.rules_version,
        "retain_until": ad.retain_until.isoformat(),
        "created_at": ad.created_at.isoformat(),
    }


def _result(result) -> dict:
    return result.as_dict()


def _values(payload: AdIn) -> dict:
    return payload.dict()


@router.post("/screen", response=dict)
def screen(request, payload: AdIn):
    """Screen a pasted advertisement; nothing is stored and the address is never opened."""
    result = services.ad_screen(user=request.user, ui_language=presenters.ui_language(),
                                **_values(payload))  # fmt: skip
    return _result(result)


@router.post("", response={201: dict})
def keep(request, payload: AdIn):
    """Screen and keep an advertisement as the organisation's monitoring record (409 naming
    `url` if the organisation already kept the same address)."""
    ad = services.ad_keep(user=request.user, **_values(payload))
    return Status(201, _ad_summary(ad))


@router.get("", response=list[dict])
def list_ads(request, params: Query[AdListQuery]):
    level = params.level if params.level in ("low", "medium", "high") else ""
    ads = selectors.ads_for_user(request.user, level=level)[: selectors.LIST_LIMIT]
    return [_ad_summary(ad) for ad in ads]


@router.get("/stats", response=dict)
def stats(request):
    """Flagged advertisements by platform, destination and month; hidden counts are null."""
    data = ad_statistics(request.user)
    tables = {
        name: [{"key": c.key, "label": str(c.label), "count": c.count} for c in data[name]]
        for name in ("by_platform", "by_destination", "by_month")
    }
    return {"threshold": data["threshold"], "rule": data["rule"], "total": data["total"],
            **tables}  # fmt: skip


@router.get("/{ad_id}", response=dict)
def get_ad(request, ad_id: str):
    """One kept advertisement with its text and the current explanation."""
    ad = selectors.ad_read(request.user, ad_id)
    result = presenters.screen_text(ad.text, ad.language or None)
    return {
        **_ad_summary(ad),
        "text": ad.text,
        "explanation": _result(result),
        "cases": [link.case_id for link in selectors.ad_links(ad)],
    }


@router.post("/{ad_id}/cases", response={201: dict})
def link_case(request, ad_id: str, payload: LinkIn):
    """Link the advertisement to a case the organisation holds (recruitment evidence)."""
    case_id = parse_id_field(payload.case, "case")
    link = services.ad_link_case(user=request.user, ad_id=ad_id, case_id=case_id)
    return Status(201, {"ad": link.ad_id, "case": link.case_id})


@router.delete("/{ad_id}/cases/{case_id}", response={204: None})
def unlink_case(request, ad_id: str, case_id: str):
    """Remove the advertisement's link to a case (the case's recruitment fields stay)."""
    services.ad_unlink_case(user=request.user, ad_id=ad_id, case_id=case_id)
    return Status(204, None)


@router.delete("/{ad_id}", response={204: None})
def delete_ad(request, ad_id: str):
    services.ad_delete(user=request.user, ad_id=ad_id)
    return Status(204, None)


ROUTERS = (("/ads", router),)
