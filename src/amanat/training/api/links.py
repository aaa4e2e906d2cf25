"""The participant's own link (no account): only that participant's forms, no answer keys."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from ninja import Router, Status

from amanat.errors import ValidationError
from amanat.training import selectors, services

from ._common import Strict
from .evaluations import EvaluationAnswerIn

public = Router(tags=["training: participant link"], auth=None)


@public.get("/{token}")
def link_home(request, token: str):
    page = selectors.link_page(token)
    return {
        "event": page.event.title,
        "participant_code": page.participant.code,
        "open_tests": page.open_tests,
        "taken": sorted(page.taken),
        "evaluation_open": page.evaluation_open,
        "evaluation_done": page.evaluation_done,
    }


@public.get("/{token}/tests/{phase}")
def link_test(request, token: str, phase: str):
    page, items = selectors.link_test_items(token, phase)
    if phase not in page.open_tests:
        raise ValidationError(_("This test is not open."), field="phase")
    return {
        "phase": phase,
        "items": [
            {"code": i.code, "text": i.text, "type": i.item_type, "options": i.options}
            for i in items
        ],
    }


class PublicAnswersIn(Strict):
    answers: dict[str, Any]
    # A test with no answer at all is refused (422, code blank_test) unless confirmed.
    confirm_blank: bool = False


@public.post("/{token}/tests/{phase}", response={201: dict})
def link_test_submit(request, token: str, phase: str, payload: PublicAnswersIn):
    submission = services.public_test_submit(
        token=token, phase=phase, answers=payload.answers, confirm_blank=payload.confirm_blank
    )
    return Status(201, {"phase": submission.phase, "submitted_at": submission.submitted_at})


@public.get("/{token}/evaluation")
def link_evaluation(request, token: str):
    page, slots = selectors.link_evaluation_slots(token)
    if not page.evaluation_open:
        raise ValidationError(_("The evaluation is not open."), field="evaluation")
    return {
        "scale_max": page.event.evaluation_form.scale_max,
        "questions": [
            {
                "agenda": a.pk if a else None,
                "session": f"{a.ref} {a.title}" if a else None,
                "question": q.pk,
                "text": q.text,
                "kind": q.kind,
            }
            for a, q in slots
        ],
    }


class PublicEvaluationIn(Strict):
    answers: list[EvaluationAnswerIn]


@public.post("/{token}/evaluation", response={201: dict})
def link_evaluation_submit(request, token: str, payload: PublicEvaluationIn):
    response = services.public_evaluation_submit(
        token=token, answers=[a.model_dump() for a in payload.answers]
    )
    return Status(201, {"submitted_at": response.submitted_at})
