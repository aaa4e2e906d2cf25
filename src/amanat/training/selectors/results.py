"""Test, evaluation and group-work results of an event, and report data."""

from __future__ import annotations

from django.utils.translation import gettext as _

from amanat.errors import ValidationError
from amanat.training.access import event_get_for_user
from amanat.training.models import EvaluationResponse, GroupStation, TestSubmission, TrainingEvent
from amanat.training.results import (
    EvaluationResults,
    TestResults,
    compute_evaluation_summary,
    compute_test_results,
)

from ._common import _audit_read
from .events import event_trainers
from .participants import participation


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
