"""Evaluation responses: through a link, entered by a trainer, or imported."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from amanat.errors import Conflict, ValidationError
from amanat.training import cleaning
from amanat.training.access import event_get_for_user, participant_for_token, participant_get
from amanat.training.imports import ParsedEvaluation, parse_evaluations
from amanat.training.models import EvaluationResponse, QuestionKind, Source, TrainingEvent
from amanat.training.results import evaluation_slots

from ._common import _audit


def _clean_evaluation_answers(event: TrainingEvent, answers) -> list[dict]:
    """[{"agenda": id|None, "question": id, "answer": str}] checked against the form."""
    if not isinstance(answers, list | tuple):
        raise ValidationError(_("Give the answers as a list."), field="answers")
    slots = {(a.pk if a else None, q.pk): q for a, q in evaluation_slots(event)}
    scale = event.evaluation_form.scale_max
    cleaned = []
    seen = set()
    for entry in answers:
        if not isinstance(entry, dict):
            raise ValidationError(_("Each answer names its question."), field="answers")
        agenda = entry.get("agenda")
        question = entry.get("question")
        key = (agenda if agenda not in ("", 0) else None, question)
        if key not in slots or key in seen:
            raise ValidationError(
                _("This question is not on the evaluation form."), field="answers.question"
            )
        seen.add(key)
        value = entry.get("answer")
        value = "" if value is None else str(value).strip()
        if not value:
            continue
        if slots[key].kind == QuestionKind.LIKERT:
            if not value.isdigit() or not 1 <= int(value) <= scale:
                raise ValidationError(
                    _("Choose a rating from 1 to %(max)d.") % {"max": scale},
                    field=f"answers.{question}",
                )
        elif len(value) > 2000:
            raise ValidationError(
                _("Enter at most %(n)d characters.") % {"n": 2000}, field=f"answers.{question}"
            )
        cleaned.append({"agenda": key[0], "question": question, "answer": value})
    return cleaned


@transaction.atomic
def public_evaluation_submit(*, token: str, answers) -> EvaluationResponse:
    participant = participant_for_token(token)
    event = participant.event
    if not event.evaluation_open or event.evaluation_form_id is None:
        raise Conflict(_("The evaluation is not open."), field="evaluation")
    cleaned = _clean_evaluation_answers(event, answers)
    if EvaluationResponse.objects.filter(participant=participant).exists():
        raise Conflict(
            _("You have already submitted your evaluation. Thank you!"), field="evaluation"
        )
    try:
        with transaction.atomic():
            response = EvaluationResponse.objects.create(
                event=event,
                participant=participant,
                source=Source.WEB,
                answers=cleaned,
                submitted_at=timezone.now(),
            )
    except IntegrityError:
        raise Conflict(
            _("You have already submitted your evaluation. Thank you!"), field="evaluation"
        ) from None
    _audit(
        None,
        "training.evaluation.submit",
        "training_participant",
        participant.pk,
        ["answers"],
        purpose="participant's own evaluation",
        extra={"event": event.pk, "channel": "link"},
    )
    return response


@transaction.atomic
def evaluation_record(
    *, user, event_id, answers, respondent: str = "", participant_id=None
) -> EvaluationResponse:
    """A trainer types in one evaluation sheet (anonymous unless a participant is named)."""
    event = event_get_for_user(user, event_id)
    if event.evaluation_form_id is None:
        raise ValidationError(_("Choose the evaluation form first."), field="evaluation_form")
    participant = participant_get(event, participant_id, user=user) if participant_id else None
    cleaned = _clean_evaluation_answers(event, answers)
    if (
        participant is not None
        and EvaluationResponse.objects.filter(participant=participant).exists()
    ):
        raise Conflict(_("This participant's evaluation is already recorded."), field="participant")
    response = EvaluationResponse.objects.create(
        event=event,
        participant=participant,
        respondent=cleaning.text(respondent, field="respondent", max_length=40),
        source=Source.ENTRY,
        answers=cleaned,
        submitted_at=timezone.now(),
        recorded_by=user,
    )
    _audit(
        user,
        "training.evaluation.record",
        "training_event",
        event.pk,
        ["answers"],
        extra={"response": response.pk},
    )
    return response


@transaction.atomic
def evaluations_import(*, user, event_id, file_name: str, content: bytes) -> int:
    """Import paper evaluation sheets; all rows or none. Returns the number of sheets."""
    event = event_get_for_user(user, event_id)
    if event.evaluation_form_id is None:
        raise ValidationError(_("Choose the evaluation form first."), field="evaluation_form")
    participants = {p.code: p for p in event.participants.all()}
    already = set(
        EvaluationResponse.objects.filter(event=event, participant__isnull=False).values_list(
            "participant__code", flat=True
        )
    )
    sheets: list[ParsedEvaluation] = parse_evaluations(
        file_name,
        content,
        slots=evaluation_slots(event),
        scale_max=event.evaluation_form.scale_max,
        participant_codes=set(participants),
        already_answered=already,
    )
    now = timezone.now()
    EvaluationResponse.objects.bulk_create(
        [
            EvaluationResponse(
                event=event,
                participant=participants.get(sheet.participant),
                respondent=sheet.respondent if not sheet.participant else "",
                source=Source.PAPER,
                answers=sheet.answers,
                submitted_at=now,
                recorded_by=user,
            )
            for sheet in sheets
        ]
    )
    _audit(
        user,
        "training.evaluation.import",
        "training_event",
        event.pk,
        ["answers"],
        extra={"sheets": len(sheets)},
    )
    return len(sheets)
