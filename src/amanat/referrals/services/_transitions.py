"""One legal state move of a referral, with everything that goes with it (used by every move)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from amanat.privacy.audit import audit_record
from amanat.referrals import events, notify
from amanat.referrals.models import Referral, ReferralTransition
from amanat.referrals.services.referrals import event_data, offered_types, snapshot
from amanat.referrals.state_machine import (
    TERMINAL_STATES,
    Action,
    Side,
    State,
    response_deadline,
    transition,
)

STAMP = {
    State.SENT: "sent_at",
    State.ACCEPTED: "answered_at",
    State.DECLINED: "answered_at",
    State.IN_PROGRESS: "started_at",
}


def apply_move(
    referral: Referral,
    *,
    action: Action,
    side: Side,
    actor,
    reason: str = "",
    flagged: bool = False,
    now: dt.datetime | None = None,
    extra_fields: tuple[str, ...] = (),
) -> Referral:
    """Apply one legal move: state, timestamps, transition row, audit, timeline, notices."""
    now = now or timezone.now()
    previous = referral.state
    target = transition(previous, action.value, side.value, reason=reason)
    referral.state = target.value
    changed = ["state", *extra_fields]
    if target in STAMP:
        setattr(referral, STAMP[target], now)
        changed.append(STAMP[target])
    if target == State.SENT:
        referral.due_at = response_deadline(now, referral.urgency)
        changed.append("due_at")
    if target in (State.ACCEPTED, State.DECLINED) and referral.sent_at is not None:
        referral.response_hours = (now - referral.sent_at).total_seconds() / 3600
        changed.append("response_hours")
    if target in TERMINAL_STATES:
        referral.closed_at = now
        changed.append("closed_at")
    if action == Action.SEND or side == Side.SENDER:
        # The sender side is the case's holder now (0445): after a transfer, the new holder.
        referral.sender_snapshot = snapshot(referral.case.owner_organisation, actor)
        changed.append("sender_snapshot")
    referral.recipient_snapshot = snapshot(
        referral.to_organisation,
        actor if side == Side.RECIPIENT else None,
        services=sorted(offered_types(referral.to_organisation_id)),
    )
    changed.append("recipient_snapshot")
    referral.save(update_fields=[*dict.fromkeys(changed), "updated_at"])
    ReferralTransition.objects.create(
        referral=referral,
        action=action.value,
        from_state=previous,
        to_state=target.value,
        side=side.value,
        actor=actor,
        at=now,
        reason=reason or "",
        sender_snapshot=referral.sender_snapshot,
        recipient_snapshot=referral.recipient_snapshot,
        flagged=flagged,
    )
    audit_record(
        actor=actor,
        action=f"referral.{action.value}",
        object_type="referral",
        object_id=referral.pk,
        fields=["state"] + (["reason"] if reason else []) + list(extra_fields),
        purpose="referral",
        flagged=flagged,
        extra={
            "case_id": referral.case_id,
            "from": previous,
            "to": target.value,
            "side": side.value,
            "from_organisation_id": referral.from_organisation_id,
            "to_organisation_id": referral.to_organisation_id,
        },
    )
    events.REFERRAL_STATE[target].record(case=referral.case, actor=actor, data=event_data(referral))
    notify.notify(referral, action.value, actor)
    return referral
