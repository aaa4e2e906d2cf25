"""GET /api/cases/{id}/matches?need=&limit=: ranked directory services, explained."""

from __future__ import annotations

from ninja import Query, Router, Schema

from amanat.core.language import active
from amanat.errors import ValidationError
from amanat.referrals import presenters, selectors
from amanat.referrals.api._common import NEEDS_TAGS

router = Router(tags=NEEDS_TAGS)  # under /cases


class MatchQuery(Schema):
    need: str = ""
    limit: int = 10


@router.get("/{case_id}/matches")
def matches(request, case_id: str, params: Query[MatchQuery]):
    if not 1 <= params.limit <= 100:
        raise ValidationError("limit must be between 1 and 100.", field="limit")
    result = selectors.case_matches(
        request.user, case_id, need_id=params.need or None, limit=params.limit
    )
    language = active()
    return {"case": result.case.pk, "needs": presenters.ranking_dicts(result, language=language)}
