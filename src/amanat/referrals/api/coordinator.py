"""GET /api/referrals/stats?country=&date_from=&date_to= (coordinator view, aggregates only)."""

from __future__ import annotations

import datetime as dt

from ninja import Query, Router, Schema

from amanat.referrals import selectors, services
from amanat.referrals.api._common import REFERRAL_TAGS

router = Router(tags=REFERRAL_TAGS)  # under /referrals


class StatsQuery(Schema):
    country: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None


@router.get("/stats")
def stats(request, params: Query[StatsQuery]):
    services.referrals_expire_due()  # selectors never write (0446)
    return selectors.coordinator_stats(
        request.user, country=params.country, date_from=params.date_from, date_to=params.date_to
    )
