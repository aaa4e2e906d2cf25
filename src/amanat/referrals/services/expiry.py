"""Expiry of sent referrals past their response deadline: a move by the system.

Selectors never write (docs/decisions/0446): the scheduled command `amanat referrals expire`
runs `referrals_expire_due`, the services expire a referral before acting on it, and the pages
and endpoints that show referrals call these services explicitly before they read.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from amanat.core.ids import try_parse_id
from amanat.referrals.models import Referral
from amanat.referrals.services._transitions import apply_move
from amanat.referrals.state_machine import Action, Side, State


def referral_expire_if_due(referral_id) -> None:
    """Expire one referral if it is sent and past its deadline (an unparsable id: nothing)."""
    pk = try_parse_id(referral_id)
    if pk is not None:
        referrals_expire_due(referral_ids=[pk])


def referrals_expire_due(
    *, now: dt.datetime | None = None, referral_ids: list[int] | None = None
) -> int:
    """Expire every sent referral whose response deadline has passed (strictly before `now`).

    Run by `amanat referrals expire` (e.g. hourly), by the services before a referral is acted
    on, and by the web and API edges before they read referrals (docs/decisions/0446). Each expiry is its own transition by the system, audited, on the case timeline, and
    notified to the sender.
    """
    now = now or timezone.now()
    due = Referral.objects.filter(state=State.SENT, due_at__lt=now)
    if referral_ids is not None:
        due = due.filter(pk__in=referral_ids)
    count = 0
    for pk in list(due.values_list("pk", flat=True)):
        with transaction.atomic():
            referral = (
                Referral.objects.select_for_update(of=("self",))
                .select_related("case", "from_organisation", "to_organisation")
                .filter(pk=pk, state=State.SENT, due_at__lt=now)
                .first()
            )
            if referral is None:
                continue  # answered meanwhile
            apply_move(referral, action=Action.EXPIRE, side=Side.SYSTEM, actor=None, now=now)
            count += 1
    return count
