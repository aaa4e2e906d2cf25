"""GET /api/referrals?box=incoming|outgoing&status=&page=&cursor= (no personal data)."""

from __future__ import annotations

from ninja import Query, Router, Schema

from amanat.errors import ValidationError
from amanat.referrals import presenters, selectors, services
from amanat.referrals.api._common import REFERRAL_TAGS

router = Router(tags=REFERRAL_TAGS)  # under /referrals


class InboxQuery(Schema):
    box: str = "incoming"
    status: str = ""
    page: int = 1
    cursor: str = ""  # `next` of the previous answer (keyset paging, ADR 0030)


@router.get("")
def inbox(request, params: Query[InboxQuery]):
    if params.page < 1:
        raise ValidationError("page must be 1 or more.", field="page")
    services.referrals_expire_due()  # selectors never write (0446)
    page = selectors.referral_inbox(
        request.user, box=params.box, status=params.status, page=params.page, cursor=params.cursor
    )
    return {
        "items": [presenters.referral_summary(r) for r in page.items],
        "count": page.total,
        "page": page.number,
        "pages": page.num_pages,
        "count_capped": page.total_capped,
        "next": page.next_cursor,
        "previous": page.previous_cursor,
    }
