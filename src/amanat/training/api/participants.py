"""Participants, their links and attendance."""

from __future__ import annotations

from django.http import HttpResponse
from ninja import File, Router, Status
from ninja.files import UploadedFile

from amanat.core.keyset import check_page_limit
from amanat.training import selectors, services

from ._common import Strict, _participant, _read_upload
from .events import _changes

router = Router(tags=["training"])


class ParticipantIn(Strict):
    code: str = ""
    full_name: str
    organisation_name: str = ""
    position: str = ""
    email: str = ""
    phone: str = ""
    organisation_type: str = ""
    nrm_role: str = ""
    gender: str = ""
    country: str = ""


class ParticipantPatch(Strict):
    full_name: str | None = None
    organisation_name: str | None = None
    position: str | None = None
    email: str | None = None
    phone: str | None = None
    organisation_type: str | None = None
    nrm_role: str | None = None
    gender: str | None = None
    country: str | None = None


@router.get("/events/{event_id}/participants")
def list_participants(
    request,
    response: HttpResponse,
    event_id: str,
    links: bool = False,
    cursor: str = "",
    limit: int = 0,
):
    """Every participant (as before), or with `limit` (and then `cursor`) one keyset page; the
    next page's cursor is in the `X-Next-Cursor` header (ADR 0030; the answer stays a list)."""
    check_page_limit(limit)
    if not limit and not cursor:
        _event_obj, people = selectors.participants_read(request.user, event_id, with_links=links)
        return [_participant(p, with_link=links) for p in people]
    _event_obj, page = selectors.participants_page(
        request.user,
        event_id,
        cursor=cursor,
        per_page=limit or 100,
        with_links=links,
    )
    if page.next_cursor:
        response["X-Next-Cursor"] = page.next_cursor
    return [_participant(p, with_link=links) for p in page.items]


@router.post("/events/{event_id}/participants", response={201: dict})
def add_participant(request, event_id: str, payload: ParticipantIn):
    participant = services.participant_add(
        user=request.user, event_id=event_id, data=payload.model_dump()
    )
    return Status(201, _participant(participant))


# Literal paths before `{participant_id}`: URL patterns match in registration order.
@router.post("/events/{event_id}/participants/import", response={201: dict})
def import_participants(request, event_id: str, file: File[UploadedFile]):
    name, content = _read_upload(file)
    created = services.participants_import(
        user=request.user, event_id=event_id, file_name=name, content=content
    )
    return Status(201, {"created": len(created), "codes": [p.code for p in created]})


@router.patch("/events/{event_id}/participants/{participant_id}")
def update_participant(request, event_id: str, participant_id: str, payload: ParticipantPatch):
    participant = services.participant_update(
        user=request.user,
        event_id=event_id,
        participant_id=participant_id,
        changes=_changes(payload),
    )
    return _participant(participant)


@router.get("/events/{event_id}/participants/{participant_id}")
def get_participant(request, event_id: str, participant_id: str):
    """One participant with their link and their answer sheets (audited)."""
    _event_obj, participant = selectors.participant_read(request.user, event_id, participant_id)
    return {
        **_participant(participant, with_link=True),
        "tests": {
            s.phase: {"answers": s.answers, "source": s.source, "submitted_at": s.submitted_at}
            for s in selectors.submissions_of(participant)
        },
    }


@router.delete("/events/{event_id}/participants/{participant_id}", response={204: None})
def remove_participant(request, event_id: str, participant_id: str):
    services.participant_remove(user=request.user, event_id=event_id, participant_id=participant_id)
    return Status(204, None)


@router.post("/events/{event_id}/participants/{participant_id}/link-reset")
def reset_link(request, event_id: str, participant_id: str):
    participant = services.participant_link_reset(
        user=request.user, event_id=event_id, participant_id=participant_id
    )
    return _participant(participant, with_link=True)


class Mark(Strict):
    participant: int
    day: int
    present: bool


class AttendanceIn(Strict):
    marks: list[Mark]


@router.put("/events/{event_id}/attendance")
def set_attendance(request, event_id: str, payload: AttendanceIn):
    marks = {(m.participant, m.day): m.present for m in payload.marks}
    written = services.attendance_set(user=request.user, event_id=event_id, marks=marks)
    event = selectors.event_get(request.user, event_id)
    return {
        "written": written,
        "present_by_day": {
            str(k): v for k, v in selectors.participation(event).present_by_day.items()
        },
    }
