"""Evaluations: responses, imports and the summary."""

from __future__ import annotations

from django.utils.translation import gettext as _
from ninja import File, Router, Status
from ninja.files import UploadedFile

from amanat.errors import ValidationError
from amanat.training import selectors, services
from amanat.training.analysis.evaluations import evaluation_dict

from ._common import Strict, _read_upload

router = Router(tags=["training"])


class EvaluationAnswerIn(Strict):
    agenda: int | None = None
    question: int
    answer: str


class EvaluationIn(Strict):
    answers: list[EvaluationAnswerIn]
    respondent: str = ""
    participant: int | None = None


@router.post("/events/{event_id}/evaluations", response={201: dict})
def record_evaluation(request, event_id: str, payload: EvaluationIn):
    response = services.evaluation_record(
        user=request.user,
        event_id=event_id,
        respondent=payload.respondent,
        participant_id=payload.participant,
        answers=[a.model_dump() for a in payload.answers],
    )
    return Status(201, {"id": response.pk})


@router.post("/events/{event_id}/evaluations/import", response={201: dict})
def import_evaluations(request, event_id: str, file: File[UploadedFile]):
    name, content = _read_upload(file)
    count = services.evaluations_import(
        user=request.user, event_id=event_id, file_name=name, content=content
    )
    return Status(201, {"sheets": count})


@router.get("/events/{event_id}/evaluations/summary")
def evaluation_summary(request, event_id: str):
    _event_obj, results = selectors.evaluation_results(request.user, event_id)
    if results is None:
        raise ValidationError(_("The event has no evaluation form."), field="evaluation_form")
    return {"responses": results.responses, **evaluation_dict(results.summary)}
