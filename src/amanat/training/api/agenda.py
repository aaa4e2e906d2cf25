"""An event's agenda."""

from __future__ import annotations

from ninja import Router, Status

from amanat.training import selectors, services
from amanat.training.models import TrainingEvent

from ._common import Strict

router = Router(tags=["training"])


def _agenda(event: TrainingEvent) -> list[dict]:
    return [
        {
            "id": a.pk,
            "ref": a.ref,
            "day": a.day,
            "order": a.order,
            "start_time": a.start_time.strftime("%H:%M") if a.start_time else None,
            "duration_minutes": a.duration_minutes,
            "title": a.title,
            "method": a.method,
            "session": a.session_id,
        }
        for a in selectors.event_agenda(event)
    ]


class AgendaBuildIn(Strict):
    day_minutes: int = 360
    start_time: str = "09:00"
    module_per_day: bool = False


class AgendaItemIn(Strict):
    day: int
    title: str = ""
    session: int | None = None
    method: str = ""
    duration_minutes: int | None = None
    start_time: str | None = None


@router.get("/events/{event_id}/agenda")
def get_agenda(request, event_id: str):
    return _agenda(selectors.event_get(request.user, event_id))


@router.post("/events/{event_id}/agenda/build")
def build_agenda(request, event_id: str, payload: AgendaBuildIn):
    services.agenda_build_from_curriculum(
        user=request.user, event_id=event_id, **payload.model_dump()
    )
    return _agenda(selectors.event_get(request.user, event_id))


@router.delete("/events/{event_id}/agenda/{item_id}", response={204: None})
def delete_agenda_item(request, event_id: str, item_id: str):
    services.agenda_item_delete(user=request.user, event_id=event_id, item_id=item_id)
    return Status(204, None)


@router.post("/events/{event_id}/agenda", response={201: dict})
def add_agenda_item(request, event_id: str, payload: AgendaItemIn):
    item = services.agenda_item_add(user=request.user, event_id=event_id, data=payload.model_dump())
    return Status(201, {"id": item.pk, "ref": item.ref, "title": item.title})
