"""A case's referrals (GET/POST /api/cases/{id}/referrals) and one referral
(GET /api/referrals/{id}, GET /api/referrals/{id}/case: the recipient's limited view)."""

from __future__ import annotations

from ninja import Router, Schema, Status

from amanat.referrals import presenters, selectors, services
from amanat.referrals.api._common import NEEDS_TAGS, REFERRAL_TAGS

case_router = Router(tags=NEEDS_TAGS)  # under /cases
router = Router(tags=REFERRAL_TAGS)  # under /referrals


class ReferralIn(Schema):
    to_organisation: int
    services: list[str]
    urgency: str = "normal"
    reason: str
    shared_fields: list[str] | None = None
    needs: list[int] | None = None
    legal_basis: str = ""
    legal_basis_note: str = ""


def referral_answer(request, referral_id) -> dict:
    """The referral as the caller sees it, after expiring it if its deadline has passed (the
    selector only reads: docs/decisions/0446)."""
    services.referral_expire_if_due(referral_id)
    return presenters.referral_detail_dict(selectors.referral_detail(request.user, referral_id))


@case_router.get("/{case_id}/referrals")
def case_referrals(request, case_id: str):
    services.referrals_expire_due()  # selectors never write (0446)
    return [
        presenters.referral_summary(r) for r in selectors.referrals_for_case(request.user, case_id)
    ]


@case_router.post("/{case_id}/referrals", response={201: dict})
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
    detail = selectors.referral_detail(request.user, referral.pk)  # a new draft: nothing due
    return Status(201, presenters.referral_detail_dict(detail))


@router.get("/{referral_id}")
def referral_detail(request, referral_id: str):
    return referral_answer(request, referral_id)


@router.get("/{referral_id}/case")
def referral_case(request, referral_id: str):
    services.referral_expire_if_due(referral_id)  # selectors never write (0446)
    return selectors.referral_case_view(request.user, referral_id)
