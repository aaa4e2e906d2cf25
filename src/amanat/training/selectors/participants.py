"""Participants (audited reads) and their participation."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from amanat.core.keyset import KeysetPage, keyset_page
from amanat.privacy.audit import audit_record
from amanat.training.access import event_get_for_user, participant_get
from amanat.training.models import (
    Attendance,
    EvaluationResponse,
    Participant,
    Phase,
    TestSubmission,
    TrainingEvent,
)
from amanat.training.services import PERSONAL_PARTICIPANT_FIELDS

from ._common import _audit_read


def participants_read(
    user, event_id, *, purpose: str = "training management", with_links: bool = False
) -> tuple[TrainingEvent, list[Participant]]:
    """An event's participants with their personal data, audited as a read of it."""
    event = event_get_for_user(user, event_id)
    participants = list(event.participants.all())
    fields = [*PERSONAL_PARTICIPANT_FIELDS, *(["token"] if with_links else [])]
    _audit_read(
        user,
        "training.participant.list",
        event,
        fields,
        purpose=purpose,
        extra={"participants": len(participants)},
    )
    return event, participants


PARTICIPANTS_PER_PAGE = 100


def participants_page(
    user,
    event_id,
    *,
    cursor: str = "",
    page: int | str = 1,
    per_page: int = PARTICIPANTS_PER_PAGE,
    with_links: bool = False,
) -> tuple[TrainingEvent, KeysetPage]:
    """One page of an event's participants in code order (keyset on the (event, code) unique
    index, count capped: ADR 0030), audited like `participants_read` for the rows read."""
    event = event_get_for_user(user, event_id)
    found = keyset_page(
        event.participants.all(),
        order=("code", "id"),
        scope=f"participants:{event.pk}",
        per_page=per_page,
        cursor=cursor,
        page=page,
    )
    fields = [*PERSONAL_PARTICIPANT_FIELDS, *(["token"] if with_links else [])]
    _audit_read(
        user,
        "training.participant.list",
        event,
        fields,
        purpose="training management",
        extra={"participants": len(found.items)},
    )
    return event, found


def participant_read(user, event_id, participant_id) -> tuple[TrainingEvent, Participant]:
    event = event_get_for_user(user, event_id)
    participant = participant_get(event, participant_id, user=user)
    audit_record(
        actor=user,
        action="training.participant.view",
        object_type="training_participant",
        object_id=participant.pk,
        fields=[*PERSONAL_PARTICIPANT_FIELDS, "answers"],
        purpose="training management",
        extra={"event": event.pk},
    )
    return event, participant


@dataclass
class Participation:
    total: int
    by_gender: Counter
    by_organisation_type: Counter
    by_role: Counter
    by_country: Counter
    present_by_day: dict[int, int]
    attendance: dict[tuple[int, int], bool]  # (participant id, day) -> present
    took: dict[str, int]  # phase -> participants who took it
    evaluations: int


def participation(event: TrainingEvent) -> Participation:
    """Counts by attribute and attendance: codes only, no personal data."""
    rows = list(
        event.participants.values("pk", "gender", "organisation_type", "nrm_role", "country")
    )
    attendance = {
        (a.participant_id, a.day): a.present
        for a in Attendance.objects.filter(participant__event=event)
    }
    present_by_day = {
        day: sum(1 for (_p, d), present in attendance.items() if d == day and present)
        for day in range(1, event.days + 1)
    }
    took = dict(
        Counter(
            TestSubmission.objects.filter(event=event).counted().values_list("phase", flat=True)
        )
    )
    return Participation(
        total=len(rows),
        by_gender=Counter(r["gender"] for r in rows),
        by_organisation_type=Counter(r["organisation_type"] for r in rows),
        by_role=Counter(r["nrm_role"] for r in rows),
        by_country=Counter(r["country"] for r in rows),
        present_by_day=present_by_day,
        attendance=attendance,
        took={phase: took.get(phase, 0) for phase in Phase.values},
        evaluations=EvaluationResponse.objects.filter(event=event).count(),
    )


def submission_for(participant: Participant, phase: str) -> TestSubmission | None:
    """The participant's answer sheet for `phase`, if one was recorded."""
    return participant.submissions.filter(phase=phase).counted().first()


def submissions_of(participant: Participant) -> list[TestSubmission]:
    """The participant's counted answer sheets, one per phase (read after `participant_read`,
    which audits)."""
    return list(participant.submissions.counted())
