"""Tests: answer sheets, imports and the analysis."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from ninja import File, Form, Router, Status
from ninja.files import UploadedFile

from amanat.errors import ValidationError
from amanat.training import selectors, services
from amanat.training.analysis import analysis_dict

from ._common import Strict, _read_upload

router = Router(tags=["training"])


class SubmissionIn(Strict):
    participant: int
    answers: dict[str, Any]
    replace: bool = False


@router.post("/events/{event_id}/tests/{phase}/submissions", response={201: dict})
def record_submission(request, event_id: str, phase: str, payload: SubmissionIn):
    submission = services.test_submission_record(
        user=request.user,
        event_id=event_id,
        participant_id=payload.participant,
        phase=phase,
        answers=payload.answers,
        source="api",
        replace=payload.replace,
    )
    return Status(
        201,
        {"id": submission.pk, "participant": submission.participant_id, "phase": submission.phase},
    )


@router.post("/events/{event_id}/tests/import", response={201: dict})
def import_tests(
    request,
    event_id: str,
    file: File[UploadedFile],
    phase: Form[str] = "",
    replace: Form[bool] = False,
):
    name, content = _read_upload(file)
    count = services.test_responses_import(
        user=request.user,
        event_id=event_id,
        file_name=name,
        content=content,
        phase=phase or None,
        replace=replace,
    )
    return Status(201, {"sheets": count})


@router.get("/events/{event_id}/analysis")
def get_analysis(request, event_id: str):
    """The same figures as `amanat training analyze --format json`, from the stored answers,
    grouped by NRM role, organisation type, gender, country and (items) module."""
    _event_obj, results = selectors.test_results(request.user, event_id)
    if results is None:
        raise ValidationError(_("The event has no test form."), field="test_form")
    return {**analysis_dict(results.analysis), "review_flags": results.flags}
