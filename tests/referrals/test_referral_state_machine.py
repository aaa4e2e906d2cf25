"""Every legal and illegal referral transition, reasons, actors and expiry by urgency."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from amanat.errors import Conflict
from amanat.referrals.state_machine import (
    TERMINAL_STATES,
    IllegalTransition,
    allowed_actions,
    is_overdue,
    response_deadline,
    time_left,
    transition,
)

# (state, action, side) -> new state: the complete table of legal moves
LEGAL = {
    ("draft", "send", "sender"): "sent",
    ("sent", "accept", "recipient"): "accepted",
    ("sent", "decline", "recipient"): "declined",
    ("accepted", "start", "recipient"): "in_progress",
    ("in_progress", "complete", "recipient"): "completed",
    ("in_progress", "close_without_service", "recipient"): "closed_without_service",
    ("draft", "revoke", "sender"): "revoked",
    ("sent", "revoke", "sender"): "revoked",
    ("accepted", "revoke", "sender"): "revoked",
    ("in_progress", "revoke", "sender"): "revoked",
    ("sent", "expire", "system"): "expired",
}
STATES = [
    "draft",
    "sent",
    "accepted",
    "declined",
    "in_progress",
    "completed",
    "closed_without_service",
    "revoked",
    "expired",
]
ACTIONS = [
    "send",
    "accept",
    "decline",
    "start",
    "complete",
    "close_without_service",
    "revoke",
    "expire",
]
SIDES = ["sender", "recipient", "system"]
ALL = [(state, action, side) for state in STATES for action in ACTIONS for side in SIDES]


@pytest.mark.parametrize(("state", "action", "side"), list(LEGAL))
def test_legal_transition(state, action, side):
    assert transition(state, action, side, reason="no places left") == LEGAL[(state, action, side)]


@pytest.mark.parametrize(("state", "action", "side"), [key for key in ALL if key not in LEGAL])
def test_illegal_transition_raises_conflict(state, action, side):
    with pytest.raises(IllegalTransition) as caught:
        transition(state, action, side, reason="x")
    assert isinstance(caught.value, Conflict)
    assert caught.value.status_code == 409
    assert caught.value.code == "illegal_transition"


def test_wrong_side_message_names_who_may_act():
    with pytest.raises(IllegalTransition) as caught:
        transition("sent", "accept", "sender")
    assert caught.value.message == "Only the recipient can accept a referral; the sender cannot."
    assert caught.value.field == "actor_side"


def test_wrong_state_message_names_allowed_states():
    with pytest.raises(IllegalTransition) as caught:
        transition("completed", "revoke", "sender")
    assert caught.value.message == (
        "Cannot revoke a referral that is completed (a final state); "
        "it must be draft, sent, accepted or in_progress."
    )
    with pytest.raises(IllegalTransition) as caught:
        transition("draft", "accept", "recipient")
    assert caught.value.message == "Cannot accept a referral that is draft; it must be sent."


@pytest.mark.parametrize("reason", [None, "", "   "])
def test_decline_requires_a_reason(reason):
    with pytest.raises(IllegalTransition) as caught:
        transition("sent", "decline", "recipient", reason=reason)
    assert caught.value.code == "reason_required"
    assert caught.value.field == "reason"
    assert caught.value.message == "A reason is required to decline a referral."


def test_decline_with_reason_and_other_actions_without_reason():
    assert transition("sent", "decline", "recipient", reason="no male shelter") == "declined"
    assert transition("draft", "send", "sender") == "sent"
    assert transition("sent", "revoke", "sender") == "revoked"


@pytest.mark.parametrize(
    ("value", "what"), [("lost", "state"), ("approve", "action"), ("police", "actor_side")]
)
def test_unknown_names_are_rejected_clearly(value, what):
    args = {"state": "sent", "action": "accept", "actor_side": "recipient"}
    args[what] = value
    with pytest.raises(IllegalTransition) as caught:
        transition(args["state"], args["action"], args["actor_side"])
    assert caught.value.message.startswith(f"Unknown {what} {value!r}; known: ")
    assert caught.value.field == what


def test_terminal_states_have_no_way_out():
    assert {s.value for s in TERMINAL_STATES} == {
        "declined",
        "completed",
        "closed_without_service",
        "revoked",
        "expired",
    }
    for state in TERMINAL_STATES:
        for side in SIDES:
            assert allowed_actions(state, side) == []


def test_allowed_actions_per_side():
    assert allowed_actions("sent", "recipient") == ["accept", "decline"]
    assert allowed_actions("sent", "sender") == ["revoke"]
    assert allowed_actions("sent", "system") == ["expire"]
    assert allowed_actions("in_progress", "recipient") == ["complete", "close_without_service"]
    assert allowed_actions("draft", "sender") == ["send", "revoke"]
    assert allowed_actions("draft", "recipient") == []


SENT_AT = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("urgency", "hours"), [("emergency", 4), ("high", 24), ("normal", 72), ("low", 168)]
)
def test_expiry_deadline_by_urgency(urgency, hours):
    deadline = SENT_AT + timedelta(hours=hours)
    assert response_deadline(SENT_AT, urgency) == deadline
    # at the deadline it is still on time; one second later it is overdue
    assert is_overdue("sent", SENT_AT, urgency, deadline) is False
    assert is_overdue("sent", SENT_AT, urgency, deadline + timedelta(seconds=1)) is True
    assert time_left(SENT_AT, urgency, deadline - timedelta(hours=1)) == timedelta(hours=1)


@pytest.mark.parametrize("state", [s for s in STATES if s != "sent"])
def test_only_a_sent_referral_can_be_overdue(state):
    long_after = SENT_AT + timedelta(days=365)
    assert is_overdue(state, SENT_AT, "emergency", long_after) is False


def test_overdue_needs_aware_datetimes_and_known_urgency():
    with pytest.raises(ValueError, match="aware"):
        is_overdue("sent", SENT_AT, "high", datetime(2025, 3, 2))  # noqa: DTZ001
    with pytest.raises(ValueError, match="unknown urgency 'urgent'"):
        is_overdue("sent", SENT_AT, "urgent", SENT_AT)


def test_expire_then_nothing_else():
    state = transition("sent", "expire", "system")
    assert state == "expired"
    with pytest.raises(IllegalTransition):
        transition(state, "accept", "recipient")


def test_full_happy_path():
    state = "draft"
    for action, side in [
        ("send", "sender"),
        ("accept", "recipient"),
        ("start", "recipient"),
        ("complete", "recipient"),
    ]:
        state = transition(state, action, side)
    assert state == "completed"
