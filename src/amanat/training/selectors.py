"""Reads of the training app that need access rules; reads of personal data are audited.

Personal data here: participants' names, organisations, contacts and links, test answers and
evaluation answers, group-work texts and the trainer's analysis (encrypted fields).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db.models import Count
from django.utils.translation import gettext as _

from amanat.errors import ValidationError
from amanat.privacy.audit import audit_record
from amanat.training.access import (
    event_get_for_user,
    events_visible_to,
    participant_for_token,
    participant_get,
)
from amanat.training.models import (
    Attendance,
    EvaluationResponse,
    GroupStation,
    Participant,
    Phase,
    TestSubmission,
    TrainingEvent,
)
from amanat.training.results import (
    EvaluationResults,
    TestResults,
    compute_evaluation_summary,
    compute_test_results,
    evaluation_slots,
    form_items,
)
from amanat.training.services import PERSONAL_PARTICIPANT_FIELDS


def _audit_read(
    user, action: str, event: TrainingEvent, fields, *, purpose: str, extra: dict | None = None
) -> None:
    audit_record(
        actor=user,
        action=action,
        object_type="training_event",
        object_id=event.pk,
        fields=list(fields),
        purpose=purpose,
        extra=extra,
    )


def event_list(user) -> list[TrainingEvent]:
    """The user's own events with counts; no personal data is read."""
    return list(
        events_visible_to(user)
        .annotate(
            participant_count=Count("participants", distinct=True),
        )
        .order_by("-start_date", "-id")
    )


def event_get(user, event_id) -> TrainingEvent:
    return event_get_for_user(user, event_id)


def event_trainers(event: TrainingEvent) -> list:
    return [row.user for row in event.trainer_rows.select_related("user", "user__organisation")]


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
    took = dict(Counter(TestSubmission.objects.filter(event=event).values_list("phase", flat=True)))
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


def test_results(
    user, event_id, *, purpose: str = "training analysis"
) -> tuple[TrainingEvent, TestResults | None]:
    """Scores and statistics of an event's tests: reads every answer, so it is audited."""
    event = event_get_for_user(user, event_id)
    results = compute_test_results(event)
    _audit_read(
        user,
        "training.results.view",
        event,
        ["answers"],
        purpose=purpose,
        extra={"submissions": event.submissions.count()},
    )
    return event, results


def evaluation_results(
    user, event_id, *, purpose: str = "training analysis"
) -> tuple[TrainingEvent, EvaluationResults | None]:
    event = event_get_for_user(user, event_id)
    results = compute_evaluation_summary(event)
    _audit_read(
        user,
        "training.evaluations.view",
        event,
        ["answers"],
        purpose=purpose,
        extra={"responses": results.responses if results else 0},
    )
    return event, results


def group_work(
    user, event_id, *, up_to_day: int | None = None, day: int | None = None
) -> tuple[TrainingEvent, list[GroupStation]]:
    """Stations with their recommendations and action points (texts are decrypted: audited)."""
    event = event_get_for_user(user, event_id)
    stations = event.stations.select_related("agenda_item").prefetch_related("outputs")
    if day is not None:
        stations = stations.filter(day=day)
    if up_to_day is not None:
        stations = stations.filter(day__lte=up_to_day)
    stations = list(stations)
    _audit_read(
        user,
        "training.group_work.view",
        event,
        ["text", "responsible"],
        purpose="training group work",
        extra={"stations": len(stations)},
    )
    return event, stations


def submission_status(event: TrainingEvent) -> dict[int, set[str]]:
    """participant id -> phases taken; no answers are read."""
    status: dict[int, set[str]] = {}
    for participant_id, phase in TestSubmission.objects.filter(event=event).values_list(
        "participant_id", "phase"
    ):
        status.setdefault(participant_id, set()).add(phase)
    return status


def evaluated_participants(event: TrainingEvent) -> set[int]:
    return set(
        EvaluationResponse.objects.filter(event=event, participant__isnull=False).values_list(
            "participant_id", flat=True
        )
    )


@dataclass
class LinkPage:
    participant: Participant
    event: TrainingEvent
    open_tests: list[str]  # phases open and not yet taken
    taken: set[str]
    evaluation_open: bool
    evaluation_done: bool


def link_page(token: str) -> LinkPage:
    """What a participant's own link offers. Reads no personal data (not even their name)."""
    participant = participant_for_token(token)
    event = participant.event
    taken = set(participant.submissions.values_list("phase", flat=True))
    open_tests = [
        phase
        for phase, is_open in ((Phase.PRE, event.pre_test_open), (Phase.POST, event.post_test_open))
        if is_open and event.test_form_id is not None and phase not in taken
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


def report_data(user, event_id, *, kind: str):
    """Everything a narrative report or the tables workbook shows; audited as one read."""
    from amanat.training.reports import KINDS, ReportData

    event = event_get_for_user(user, event_id)
    if kind not in KINDS:
        raise ValidationError(_("Choose the interim or the final report."), field="kind")
    stations = list(event.stations.select_related("agenda_item").prefetch_related("outputs"))
    data = ReportData(
        event=event,
        kind=kind,
        trainers=event_trainers(event),
        agenda=list(event.agenda.all()),
        participation=participation(event),
        tests=compute_test_results(event),
        evaluations=compute_evaluation_summary(event),
        stations=stations,
        analysis_text=getattr(event, f"{kind}_analysis"),
    )
    _audit_read(
        user,
        "training.report.produce",
        event,
        ["answers", "text", "responsible", f"{kind}_analysis"],
        purpose="training report",
        extra={"kind": kind},
    )
    return data
