"""Training events and their trainers."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from pydantic import StrictBool, StrictInt

from amanat.errors import ValidationError
from amanat.training import selectors, services
from amanat.training.models import TrainingEvent

from ._common import Strict, _event

router = Router(tags=["training"])


class EventIn(Strict):
    title: str
    kind: str
    start_date: dt.date
    end_date: dt.date
    place: str
    country: str
    region: str = ""
    language: str = "ru"
    curriculum_version: int | None = None
    test_form: int | None = None
    evaluation_form: int | None = None


class EventPatch(Strict):
    title: str | None = None
    kind: str | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    place: str | None = None
    country: str | None = None
    region: str | None = None
    language: str | None = None
    curriculum_version: int | None = None
    test_form: int | None = None
    evaluation_form: int | None = None
    pre_test_open: StrictBool | None = None
    post_test_open: StrictBool | None = None
    evaluation_open: StrictBool | None = None
    attempts_allowed: StrictInt | None = None


def _changes(payload: Schema) -> dict:
    changes = payload.model_dump(exclude_unset=True)
    for name, value in changes.items():
        if value is None and name not in ("curriculum_version", "test_form", "evaluation_form"):
            raise ValidationError(_("This field cannot be null."), field=name)
    return changes


@router.get("/events")
def list_events(request):
    return [
        {**_event(e), "participants": e.participant_count}
        for e in selectors.event_list(request.user)
    ]


@router.post("/events", response={201: dict})
def create_event(request, payload: EventIn):
    event = services.event_create(user=request.user, data=payload.model_dump())
    return Status(201, _event(event))


@router.get("/events/{event_id}")
def get_event(request, event_id: str):
    event = selectors.event_get(request.user, event_id)
    return {
        **_event(event),
        "trainers": [t.username for t in selectors.event_trainers(event)],
        "participation": _participation(event),
    }


def _participation(event: TrainingEvent) -> dict:
    p = selectors.participation(event)
    return {
        "participants": p.total,
        "present_by_day": {str(k): v for k, v in p.present_by_day.items()},
        "took": p.took,
        "evaluations": p.evaluations,
        "by_gender": dict(p.by_gender),
        "by_organisation_type": dict(p.by_organisation_type),
        "by_role": dict(p.by_role),
        "by_country": dict(p.by_country),
    }


@router.patch("/events/{event_id}")
def update_event(request, event_id: str, payload: EventPatch):
    event = services.event_update(user=request.user, event_id=event_id, changes=_changes(payload))
    return _event(event)


class TrainerIn(Strict):
    username: str


@router.post("/events/{event_id}/trainers", response={201: dict})
def add_trainer(request, event_id: str, payload: TrainerIn):
    row = services.event_trainer_add(
        user=request.user, event_id=event_id, username=payload.username
    )
    return Status(201, {"event": row.event_id, "trainer": row.user_id})
