"""The referral life cycle as a pure transition table (no Django).

    draft -> sent -> accepted -> in_progress -> completed
                  \\-> declined (reason required)  \\-> closed_without_service
    revoked: by the sender from draft, sent, accepted or in_progress
    expired: by the system when a sent referral is not answered before the urgency's deadline

The service layer calls `transition()` before it writes anything, so an illegal move changes
nothing and surfaces as a 409 (`IllegalTransition` is a `Conflict`). Deciding *whether* a sent
referral is overdue is `is_overdue()`; the scheduler calls it before the `expire` action.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from amanat.errors import Conflict
from amanat.referrals.taxonomy import load_taxonomy


class State(StrEnum):
    DRAFT = "draft"
    SENT = "sent"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    CLOSED_WITHOUT_SERVICE = "closed_without_service"
    REVOKED = "revoked"
    EXPIRED = "expired"


class Action(StrEnum):
    SEND = "send"
    ACCEPT = "accept"
    DECLINE = "decline"
    START = "start"
    COMPLETE = "complete"
    CLOSE_WITHOUT_SERVICE = "close_without_service"
    REVOKE = "revoke"
    EXPIRE = "expire"


class Side(StrEnum):
    SENDER = "sender"
    RECIPIENT = "recipient"
    SYSTEM = "system"  # the deadline scheduler, never a person


@dataclass(frozen=True)
class Rule:
    action: Action
    side: Side
    sources: frozenset[State]
    target: State
    reason_required: bool = False


RULES: dict[Action, Rule] = {
    rule.action: rule
    for rule in (
        Rule(Action.SEND, Side.SENDER, frozenset({State.DRAFT}), State.SENT),
        Rule(Action.ACCEPT, Side.RECIPIENT, frozenset({State.SENT}), State.ACCEPTED),
        Rule(
            Action.DECLINE,
            Side.RECIPIENT,
            frozenset({State.SENT}),
            State.DECLINED,
            reason_required=True,
        ),
        Rule(Action.START, Side.RECIPIENT, frozenset({State.ACCEPTED}), State.IN_PROGRESS),
        Rule(Action.COMPLETE, Side.RECIPIENT, frozenset({State.IN_PROGRESS}), State.COMPLETED),
        Rule(
            Action.CLOSE_WITHOUT_SERVICE,
            Side.RECIPIENT,
            frozenset({State.IN_PROGRESS}),
            State.CLOSED_WITHOUT_SERVICE,
        ),
        Rule(
            Action.REVOKE,
            Side.SENDER,
            frozenset({State.DRAFT, State.SENT, State.ACCEPTED, State.IN_PROGRESS}),
            State.REVOKED,
        ),
        Rule(Action.EXPIRE, Side.SYSTEM, frozenset({State.SENT}), State.EXPIRED),
    )
}

TERMINAL_STATES = frozenset(State) - {s for rule in RULES.values() for s in rule.sources}
# Recipient access to the shared case view ends in these states (issue 4, item 5).
OPEN_STATES = frozenset({State.SENT, State.ACCEPTED, State.IN_PROGRESS})


class IllegalTransition(Conflict):
    default_code = "illegal_transition"


def _parse(enum: type[StrEnum], value: str, what: str) -> StrEnum:
    try:
        return enum(value)
    except ValueError:
        known = ", ".join(member.value for member in enum)
        raise IllegalTransition(f"Unknown {what} {value!r}; known: {known}.", field=what) from None


def allowed_actions(current: str, actor_side: str) -> list[str]:
    """The actions `actor_side` may take on a referral in state `current` (for buttons and API)."""
    state = _parse(State, current, "state")
    side = _parse(Side, actor_side, "actor_side")
    return [r.action.value for r in RULES.values() if state in r.sources and r.side == side]


def transition(current: str, action: str, actor_side: str, *, reason: str | None = None) -> State:
    """Return the state after `action`, or raise `IllegalTransition` saying why it is not allowed."""
    state = _parse(State, current, "state")
    verb = _parse(Action, action, "action")
    side = _parse(Side, actor_side, "actor_side")
    rule = RULES[verb]
    if side != rule.side:
        raise IllegalTransition(
            f"Only the {rule.side.value} can {verb.value} a referral; the {side.value} cannot.",
            field="actor_side",
        )
    if state not in rule.sources:
        ordered = [s.value for s in State if s in rule.sources]
        sources = (
            " or ".join(ordered)
            if len(ordered) < 3
            else f"{', '.join(ordered[:-1])} or {ordered[-1]}"
        )
        terminal = " (a final state)" if state in TERMINAL_STATES else ""
        raise IllegalTransition(
            f"Cannot {verb.value} a referral that is {state.value}{terminal}; "
            f"it must be {sources}.",
            field="action",
        )
    if rule.reason_required and not (reason and reason.strip()):
        raise IllegalTransition(
            f"A reason is required to {verb.value} a referral.",
            field="reason",
            code="reason_required",
        )
    return rule.target


def response_deadline(sent_at: datetime, urgency: str) -> datetime:
    """When a referral sent at `sent_at` with `urgency` must be answered (from urgency.yaml)."""
    if sent_at.tzinfo is None:
        raise ValueError("sent_at must be an aware datetime (UTC)")
    return sent_at + load_taxonomy().urgency(urgency).response_deadline


def is_overdue(current: str, sent_at: datetime | None, urgency: str, now: datetime) -> bool:
    """True when the referral is still `sent` (unanswered) and its response deadline has passed.

    Only a sent referral can be overdue: once accepted or declined it has been answered, and a
    draft has no clock. The deadline itself is not overdue (strictly after it is).
    """
    state = _parse(State, current, "state")
    if state != State.SENT:
        return False
    if sent_at is None:
        raise ValueError("a sent referral needs sent_at")
    if now.tzinfo is None:
        raise ValueError("now must be an aware datetime (UTC)")
    return now > response_deadline(sent_at, urgency)


def time_left(sent_at: datetime, urgency: str, now: datetime) -> timedelta:
    """Time until the response deadline (negative when overdue): for inbox badges."""
    return response_deadline(sent_at, urgency) - now
