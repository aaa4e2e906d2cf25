"""What a participant's own link shows (no account: the token is the key)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from amanat.training.access import participant_for_token
from amanat.training.models import Participant, Phase, TrainingEvent
from amanat.training.results import evaluation_slots, form_items


@dataclass
class LinkPage:
    participant: Participant
    event: TrainingEvent
    open_tests: list[str]  # phases open with attempts left (a taken one is a retake)
    taken: set[str]
    evaluation_open: bool
    evaluation_done: bool


def link_page(token: str) -> LinkPage:
    """What a participant's own link offers. Reads no personal data (not even their name)."""
    participant = participant_for_token(token)
    event = participant.event
    attempts = Counter(participant.submissions.values_list("phase", flat=True))
    taken = set(attempts)
    open_tests = [
        phase
        for phase, is_open in ((Phase.PRE, event.pre_test_open), (Phase.POST, event.post_test_open))
        if is_open and event.test_form_id is not None and attempts[phase] < event.attempts_allowed
    ]
    evaluation_done = participant.evaluations.exists()
    return LinkPage(
        participant,
        event,
        open_tests,
        taken,
        event.evaluation_open and event.evaluation_form_id is not None,
        evaluation_done,
    )


def link_test_items(token: str, phase: str):
    page = link_page(token)
    return page, form_items(page.event.test_form) if page.event.test_form_id else []


def link_evaluation_slots(token: str):
    page = link_page(token)
    return page, evaluation_slots(page.event)
