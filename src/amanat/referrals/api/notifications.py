"""GET /api/referrals/notifications and POST /api/referrals/notifications/read."""

from __future__ import annotations

from ninja import Router, Schema

from amanat.referrals import selectors, services
from amanat.referrals.api._common import REFERRAL_TAGS
from amanat.referrals.notify import notification_text

router = Router(tags=REFERRAL_TAGS)  # under /referrals


@router.get("/notifications")
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


@router.post("/notifications/read")
def notifications_read(request, payload: ReadIn):
    marked = services.notifications_mark_read(
        user=request.user, ids=payload.ids, mark_all=payload.all
    )
    return {"marked": marked}
