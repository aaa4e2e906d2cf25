"""An organisation's incoming and outgoing referrals, with their flags (no personal data).

Reads only: the edges expire overdue referrals first (`services.referrals_expire_due`, 0446).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from amanat.core.keyset import keyset_page
from amanat.errors import ValidationError
from amanat.referrals.access import can_receive, can_refer
from amanat.referrals.models import Referral
from amanat.referrals.state_machine import State
from amanat.referrals.taxonomy import load_taxonomy

PAGE_SIZE = 25
STATES = [s.value for s in State]


def _inbox_queryset(user, box: str) -> QuerySet[Referral]:
    if box == "incoming":
        if not can_receive(user):
            return Referral.objects.none()
        return Referral.objects.filter(to_organisation_id=user.organisation_id).exclude(
            state=State.DRAFT
        )
    if box == "outgoing":
        if not can_refer(user):
            return Referral.objects.none()
        # The referrals of the cases the organisation holds now, whoever made them (0445).
        return Referral.objects.filter(case__owner_organisation_id=user.organisation_id)
    raise ValidationError("box must be 'incoming' or 'outgoing'.", field="box")


@dataclass
class Flags:
    overdue: bool
    due_soon: bool
    sharing_stopped: bool


def flags_for(referral: Referral, now: dt.datetime) -> Flags:
    """Inbox flags (docs/decisions/0441): `due_soon` = sent with under a quarter of the response
    window left; `overdue` = accepted but not started within one response window."""
    window = load_taxonomy().urgency(referral.urgency).response_deadline
    due_soon = (
        referral.state == State.SENT
        and referral.due_at is not None
        and referral.due_at - now < window / 4
    )
    overdue = (
        referral.state == State.ACCEPTED
        and referral.answered_at is not None
        and now > referral.answered_at + window
    )
    return Flags(overdue=overdue, due_soon=due_soon, sharing_stopped=False)


def overdue_q(now: dt.datetime) -> Q:
    """Accepted and not started within one response window after acceptance (see flags_for)."""
    condition = Q(pk__in=[])
    for code, level in load_taxonomy().urgency_levels.items():
        condition |= Q(urgency=code, answered_at__lt=now - level.response_deadline)
    return Q(state=State.ACCEPTED) & condition


@dataclass
class ReferralPage:
    items: list[Referral]
    number: int
    num_pages: int
    total: int  # exact up to COUNT_CAP; with `total_capped`, a lower bound
    has_next: bool
    has_previous: bool
    total_capped: bool = False
    next_cursor: str | None = None
    previous_cursor: str | None = None

    @property
    def count(self) -> int:  # the names the shared pager template reads
        return self.total

    @property
    def count_capped(self) -> bool:
        return self.total_capped


def referral_inbox(
    user,
    *,
    box: str,
    status: str = "",
    page: int | str = 1,
    per_page: int = PAGE_SIZE,
    cursor: str = "",
) -> ReferralPage:
    """One organisation's incoming or outgoing referrals, newest first, with flags (no personal
    data: codes, organisations, dates)."""
    queryset = _inbox_queryset(user, box)
    if status == "overdue":
        queryset = queryset.filter(overdue_q(timezone.now()))
    elif status:
        if status not in STATES:
            raise ValidationError(
                f"Unknown status '{status}'. Allowed: {', '.join(STATES)}, overdue.", field="status"
            )
        queryset = queryset.filter(state=status)
    order = "-sent_at" if box == "incoming" else "-created_at"
    queryset = queryset.select_related("case", "from_organisation", "to_organisation").defer(
        "reason", "legal_basis_note", "override_justification", "decline_reason", "outcome_note"
    )
    # Keyset paging on the box's index, count capped (ADR 0030).
    found = keyset_page(
        queryset,
        order=(order, "-id"),
        scope=f"referrals:{box}:{status}",
        per_page=per_page,
        cursor=cursor,
        page=page,
    )
    items = found.items
    now = timezone.now()
    for item in items:
        item.flags = flags_for(item, now)
    return ReferralPage(
        items,
        found.number,
        found.num_pages,
        found.count,
        found.has_next,
        found.has_previous,
        found.count_capped,
        found.next_cursor,
        found.previous_cursor,
    )
