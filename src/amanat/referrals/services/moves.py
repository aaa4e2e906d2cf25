"""The moves of a referral after sending: answer, start, finish, revoke (`ACTIONS` by name).

A sent referral past its deadline is expired first, so a late answer meets "expired" (409).
"""

from __future__ import annotations

from django.db import transaction

from amanat.referrals.access import referral_get_for_user
from amanat.referrals.models import Referral
from amanat.referrals.services._common import clean_text
from amanat.referrals.services._transitions import apply_move
from amanat.referrals.services.expiry import referral_expire_if_due
from amanat.referrals.services.sending import referral_send
from amanat.referrals.state_machine import Action


def _act(
    *,
    user,
    referral_id,
    action: Action,
    reason: str = "",
    values: dict[str, str] | None = None,
    save: tuple[str, ...] = (),
    expire_first: bool = True,
) -> Referral:
    """Lock the referral, set `values`, and apply the move (saving `save` with the state).

    `expire_first`: expire it first when its deadline has passed, so that an answer after the
    deadline meets "expired"; the moves that are never legal from "sent" skip it.
    """
    if expire_first:
        referral_expire_if_due(referral_id)
    with transaction.atomic():
        referral, side = referral_get_for_user(user, referral_id, for_update=True)
        for name, value in (values or {}).items():
            setattr(referral, name, value)
        return apply_move(
            referral, action=action, side=side, actor=user, reason=reason, extra_fields=save
        )


def referral_accept(*, user, referral_id) -> Referral:
    return _act(user=user, referral_id=referral_id, action=Action.ACCEPT)


def referral_decline(*, user, referral_id, reason: str) -> Referral:
    reason = clean_text(reason, field="reason")
    return _act(
        user=user,
        referral_id=referral_id,
        action=Action.DECLINE,
        reason=reason,
        values={"decline_reason": reason},
        save=("decline_reason",),
    )


def referral_start(*, user, referral_id) -> Referral:
    return _act(user=user, referral_id=referral_id, action=Action.START)


def referral_complete(*, user, referral_id, outcome_note: str = "") -> Referral:
    note = clean_text(outcome_note, field="outcome_note")
    return _act(
        user=user,
        referral_id=referral_id,
        action=Action.COMPLETE,
        values={"outcome_note": note},
        save=("outcome_note",) if note else (),
        expire_first=False,
    )


def referral_close_without_service(*, user, referral_id, reason: str = "") -> Referral:
    reason = clean_text(reason, field="reason")
    return _act(
        user=user,
        referral_id=referral_id,
        action=Action.CLOSE_WITHOUT_SERVICE,
        reason=reason,
        values={"outcome_note": reason},
        save=("outcome_note",) if reason else (),
        expire_first=False,
    )


def referral_revoke(*, user, referral_id, reason: str = "") -> Referral:
    reason = clean_text(reason, field="reason")
    return _act(user=user, referral_id=referral_id, action=Action.REVOKE, reason=reason)


ACTIONS = {
    "send": referral_send,
    "accept": referral_accept,
    "decline": referral_decline,
    "start": referral_start,
    "complete": referral_complete,
    "close_without_service": referral_close_without_service,
    "revoke": referral_revoke,
}
