"""Group work, the trainers' analysis text and the report downloads."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Router, Status

from amanat.errors import ValidationError
from amanat.training import reports, selectors, services

from ._common import Strict

router = Router(tags=["training"])


class StationIn(Strict):
    day: int
    name: str
    agenda_item: int | None = None


class OutputIn(Strict):
    kind: Literal["recommendation", "action_point"]
    text: str
    responsible: str = ""
    due_date: dt.date | None = None


@router.get("/events/{event_id}/group-work")
def get_group_work(request, event_id: str, day: int | None = None):
    _event_obj, stations = selectors.group_work(request.user, event_id, day=day)
    return [
        {
            "id": s.pk,
            "day": s.day,
            "name": s.name,
            "agenda_item": s.agenda_item_id,
            "outputs": [
                {
                    "id": o.pk,
                    "kind": o.kind,
                    "text": o.text,
                    "responsible": o.responsible,
                    "due_date": o.due_date,
                }
                for o in s.outputs.all()
            ],
        }
        for s in stations
    ]


@router.post("/events/{event_id}/stations", response={201: dict})
def add_station(request, event_id: str, payload: StationIn):
    station = services.station_add(
        user=request.user,
        event_id=event_id,
        day=payload.day,
        name=payload.name,
        agenda_item_id=payload.agenda_item,
    )
    return Status(201, {"id": station.pk, "day": station.day, "name": station.name})


@router.post("/events/{event_id}/stations/{station_id}/outputs", response={201: dict})
def add_output(request, event_id: str, station_id: str, payload: OutputIn):
    output = services.group_output_add(
        user=request.user, event_id=event_id, station_id=station_id, **payload.model_dump()
    )
    return Status(201, {"id": output.pk, "kind": output.kind})


@router.delete("/events/{event_id}/outputs/{output_id}", response={204: None})
def delete_output(request, event_id: str, output_id: str):
    services.group_output_delete(user=request.user, event_id=event_id, output_id=output_id)
    return Status(204, None)


@router.delete("/events/{event_id}/trainers/{trainer_id}", response={204: None})
def remove_trainer(request, event_id: str, trainer_id: str):
    services.event_trainer_remove(user=request.user, event_id=event_id, trainer_id=trainer_id)
    return Status(204, None)


class AnalysisTextIn(Strict):
    kind: Literal["interim", "final"]
    text: str


@router.put("/events/{event_id}/analysis-text")
def save_analysis_text(request, event_id: str, payload: AnalysisTextIn):
    services.event_analysis_save(
        user=request.user, event_id=event_id, kind=payload.kind, text=payload.text
    )
    return {"saved": payload.kind}


def _language(language: str) -> str:
    if language not in reports.LANGUAGES:
        raise ValidationError(_("The report language is en or ru."), field="language")
    return language


@router.get("/events/{event_id}/reports/{kind}")
def download_report(request, event_id: str, kind: str, language: str = "en"):
    language = _language(language)
    data = selectors.report_data(request.user, event_id, kind=kind)
    response = HttpResponse(
        reports.build_docx(data, language),
        content_type=("application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    )
    response["Content-Disposition"] = (
        f'attachment; filename="training-{data.event.pk}-{kind}-report-{language}.docx"'
    )
    return response


@router.get("/events/{event_id}/tables")
def download_tables(request, event_id: str, language: str = "en"):
    language = _language(language)
    data = selectors.report_data(request.user, event_id, kind="final")
    response = HttpResponse(
        reports.build_xlsx(data, language),
        content_type=("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    )
    response["Content-Disposition"] = (
        f'attachment; filename="training-{data.event.pk}-tables-{language}.xlsx"'
    )
    return response
