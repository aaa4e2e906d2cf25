"""Training endpoints. Thin: parse, call one service or selector, present.

Trainers authenticate with a bearer token; events answer 404 unless the caller is one of the
event's trainers. The `/training/public/{token}/...` endpoints need no account: the
participant's link token is the key, and they expose only that participant's own forms
(test items without their answer keys).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import ConfigDict, StrictBool

from amanat.errors import ValidationError
from amanat.training import access, reports, selectors, services
from amanat.training import results as training_results
from amanat.training.analysis import analysis_dict
from amanat.training.analysis.evaluations import evaluation_dict
from amanat.training.imports import MAX_UPLOAD_BYTES
from amanat.training.models import (
    CurriculumVersion,
    EvaluationForm,
    Item,
    Participant,
    TestForm,
    TrainingEvent,
)

router = Router(tags=["training"])


class Strict(Schema):
    model_config = ConfigDict(extra="forbid")


# --- presenters -------------------------------------------------------------------------------


def _event(event: TrainingEvent) -> dict:
    return {
        "id": event.pk,
        "title": event.title,
        "kind": event.kind,
        "start_date": event.start_date,
        "end_date": event.end_date,
        "days": event.days,
        "place": event.place,
        "country": event.country,
        "region": event.region,
        "language": event.language,
        "organisation": event.owner_organisation_id,
        "curriculum_version": event.curriculum_version_id,
        "test_form": event.test_form_id,
        "evaluation_form": event.evaluation_form_id,
        "pre_test_open": event.pre_test_open,
        "post_test_open": event.post_test_open,
        "evaluation_open": event.evaluation_open,
        "retention_until": event.retention_until,
    }


def _participant(p: Participant, *, with_link: bool = False) -> dict:
    data = {
        "id": p.pk,
        "code": p.code,
        "full_name": p.full_name,
        "organisation_name": p.organisation_name,
        "position": p.position,
        "email": p.email,
        "phone": p.phone,
        "organisation_type": p.organisation_type,
        "nrm_role": p.nrm_role,
        "gender": p.gender,
        "country": p.country,
    }
    if with_link:
        data["link"] = f"/training/t/{p.token}/" if p.token else None
    return data


def _version(version: CurriculumVersion, *, full: bool = False) -> dict:
    data = {
        "id": version.pk,
        "curriculum": version.curriculum_id,
        "code": version.curriculum.code,
        "number": version.number,
        "title": version.title,
        "description": version.description,
        "status": version.status,
        "target_roles": version.target_roles,
        "languages": version.languages,
        "change_note": version.change_note,
    }
    if full:
        data["modules"] = [
            {
                "id": m.pk,
                "code": m.code,
                "title": m.title,
                "description": m.description,
                "sessions": [
                    {
                        "id": s.pk,
                        "title": s.title,
                        "objectives": s.objective_list,
                        "duration_minutes": s.duration_minutes,
                        "method": s.method,
                        "target_roles": s.target_roles,
                        "materials": [
                            {
                                "id": mat.pk,
                                "title": mat.title,
                                "url": mat.url,
                                "file_name": mat.file_name,
                                "size": mat.size,
                            }
                            for mat in s.materials.defer("content")
                        ],
                    }
                    for s in m.sessions.all()
                ],
            }
            for m in version.modules.prefetch_related("sessions")
        ]
    return data


def _item(item: Item) -> dict:
    return {
        "id": item.pk,
        "code": item.code,
        "text": item.text,
        "language": item.language,
        "item_type": item.item_type,
        "options": item.options,
        "correct_answer": item.correct_answer,
        "max_points": item.max_points,
        "scoring": item.scoring,
        "topic": item.topic,
        "module": item.module,
        "is_active": item.is_active,
    }


def _test_form(form: TestForm) -> dict:
    return {
        "id": form.pk,
        "title": form.title,
        "language": form.language,
        "items": [i.code for i in training_results.form_items(form)],
    }


def _evaluation_form(form: EvaluationForm) -> dict:
    return {
        "id": form.pk,
        "title": form.title,
        "language": form.language,
        "scale_max": form.scale_max,
        "questions": [
            {"id": q.pk, "order": q.order, "text": q.text, "kind": q.kind, "scope": q.scope}
            for q in form.questions.all()
        ],
    }


def _read_upload(file: UploadedFile) -> tuple[str, bytes]:
    content = file.read(MAX_UPLOAD_BYTES + 1)
    return file.name or "upload", content


# --- events -----------------------------------------------------------------------------------


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


# --- agenda -----------------------------------------------------------------------------------


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
        for a in event.agenda.all()
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


# --- participants and attendance --------------------------------------------------------------


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
def list_participants(request, event_id: str, links: bool = False):
    _event_obj, people = selectors.participants_read(request.user, event_id, with_links=links)
    return [_participant(p, with_link=links) for p in people]


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
            for s in participant.submissions.all()
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


# --- tests ------------------------------------------------------------------------------------


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


# --- evaluations ------------------------------------------------------------------------------


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


# --- group work and reports -------------------------------------------------------------------


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


# --- curricula, item bank, forms --------------------------------------------------------------


class CurriculumIn(Strict):
    code: str
    title: str
    description: str = ""
    target_roles: list[str] = []
    languages: list[str] = []


class VersionPatch(Strict):
    title: str | None = None
    description: str | None = None
    target_roles: list[str] | None = None
    languages: list[str] | None = None
    change_note: str | None = None


class ModuleIn(Strict):
    code: str
    title: str
    description: str = ""


class SessionIn(Strict):
    title: str
    objectives: str = ""
    duration_minutes: int = 60
    method: str
    target_roles: list[str] = []


class SessionPatch(Strict):
    title: str | None = None
    objectives: str | None = None
    duration_minutes: int | None = None
    method: str | None = None
    target_roles: list[str] | None = None


class NewVersionIn(Strict):
    change_note: str = ""


@router.get("/curricula")
def list_curricula(request):
    access.require_trainer(request.user)
    versions = access.curriculum_versions_visible_to(request.user).select_related("curriculum")
    return [_version(v) for v in versions.order_by("curriculum__code", "-number")]


@router.post("/curricula", response={201: dict})
def create_curriculum(request, payload: CurriculumIn):
    version = services.curriculum_create(user=request.user, **payload.model_dump())
    return Status(201, _version(version, full=True))


@router.get("/curricula/versions/{version_id}")
def get_version(request, version_id: str):
    return _version(access.curriculum_version_get(request.user, version_id), full=True)


@router.patch("/curricula/versions/{version_id}")
def update_version(request, version_id: str, payload: VersionPatch):
    version = services.curriculum_version_update(
        user=request.user, version_id=version_id, changes=_changes(payload)
    )
    return _version(version, full=True)


@router.post("/curricula/versions/{version_id}/modules", response={201: dict})
def add_module(request, version_id: str, payload: ModuleIn):
    module = services.curriculum_module_add(
        user=request.user, version_id=version_id, **payload.model_dump()
    )
    return Status(201, {"id": module.pk, "code": module.code, "title": module.title})


@router.post("/curricula/modules/{module_id}/sessions", response={201: dict})
def add_session(request, module_id: str, payload: SessionIn):
    session = services.curriculum_session_add(
        user=request.user, module_id=module_id, data=payload.model_dump()
    )
    return Status(201, {"id": session.pk, "title": session.title})


@router.patch("/curricula/sessions/{session_id}")
def update_session(request, session_id: str, payload: SessionPatch):
    session = services.curriculum_session_update(
        user=request.user, session_id=session_id, changes=_changes(payload)
    )
    return {
        "id": session.pk,
        "title": session.title,
        "method": session.method,
        "duration_minutes": session.duration_minutes,
    }


OPTIONAL_FILE = File(None)  # ninja's declaration of an optional multipart file


@router.post("/curricula/sessions/{session_id}/materials", response={201: dict})
def add_material(
    request,
    session_id: str,
    title: Form[str],
    url: Form[str] = "",
    file: UploadedFile = OPTIONAL_FILE,
):
    content = file.read(services.MAX_MATERIAL_BYTES + 1) if file is not None else None
    material = services.material_add(
        user=request.user,
        session_id=session_id,
        title=title,
        url=url,
        file_name=(file.name or "file") if file is not None else "",
        content=content,
        content_type=(file.content_type or "") if file is not None else "",
    )
    return Status(
        201,
        {
            "id": material.pk,
            "title": material.title,
            "url": material.url,
            "file_name": material.file_name,
            "size": material.size,
        },
    )


@router.post("/curricula/versions/{version_id}/publish")
def publish_version(request, version_id: str):
    return _version(services.curriculum_version_publish(user=request.user, version_id=version_id))


@router.post("/curricula/versions/{version_id}/new-version", response={201: dict})
def new_version(request, version_id: str, payload: NewVersionIn):
    version = services.curriculum_version_new(
        user=request.user, version_id=version_id, change_note=payload.change_note
    )
    return Status(201, _version(version, full=True))


class OptionIn(Strict):
    key: str
    text: str


class ItemIn(Strict):
    code: str
    text: str
    item_type: Literal["single", "multiple", "true_false"]
    options: list[OptionIn] = []
    correct_answer: str
    max_points: float = 1.0
    scoring: Literal["all_or_nothing", "partial"] = "all_or_nothing"
    topic: str = ""
    module: str = ""
    language: str = "ru"


class ItemPatch(Strict):
    text: str | None = None
    item_type: Literal["single", "multiple", "true_false"] | None = None
    options: list[OptionIn] | None = None
    correct_answer: str | None = None
    max_points: float | None = None
    scoring: Literal["all_or_nothing", "partial"] | None = None
    topic: str | None = None
    module: str | None = None
    language: str | None = None
    is_active: bool | None = None
    rescore: bool = False


@router.get("/items")
def list_items(request):
    access.require_trainer(request.user)
    return [_item(i) for i in access.items_visible_to(request.user)]


@router.post("/items", response={201: dict})
def create_item(request, payload: ItemIn):
    data = payload.model_dump()
    item = services.item_create(user=request.user, code=data.pop("code"), data=data)
    return Status(201, _item(item))


@router.patch("/items/{item_id}")
def update_item(request, item_id: str, payload: ItemPatch):
    changes = payload.model_dump(exclude_unset=True)
    for name, value in changes.items():
        if value is None:
            raise ValidationError(_("This field cannot be null."), field=name)
    return _item(services.item_update(user=request.user, item_id=item_id, changes=changes))


class TestFormIn(Strict):
    title: str
    language: str = "ru"
    items: list[int]


class TestFormItemsIn(Strict):
    items: list[int]


@router.get("/test-forms")
def list_test_forms(request):
    access.require_trainer(request.user)
    return [_test_form(f) for f in access.test_forms_visible_to(request.user)]


@router.post("/test-forms", response={201: dict})
def create_test_form(request, payload: TestFormIn):
    form = services.test_form_create(
        user=request.user, title=payload.title, language=payload.language, item_ids=payload.items
    )
    return Status(201, _test_form(form))


@router.get("/test-forms/{form_id}")
def get_test_form(request, form_id: str):
    return _test_form(access.test_form_get(request.user, form_id))


@router.put("/test-forms/{form_id}/items")
def set_test_form_items(request, form_id: str, payload: TestFormItemsIn):
    return _test_form(
        services.test_form_set_items(user=request.user, form_id=form_id, item_ids=payload.items)
    )


class QuestionIn(Strict):
    text: str
    kind: Literal["likert", "open"]
    scope: Literal["session", "overall"]


class EvaluationFormIn(Strict):
    title: str
    language: str = "ru"
    scale_max: int = 5
    questions: list[QuestionIn]


@router.get("/evaluation-forms")
def list_evaluation_forms(request):
    access.require_trainer(request.user)
    return [_evaluation_form(f) for f in access.evaluation_forms_visible_to(request.user)]


@router.post("/evaluation-forms", response={201: dict})
def create_evaluation_form(request, payload: EvaluationFormIn):
    form = services.evaluation_form_create(
        user=request.user,
        title=payload.title,
        language=payload.language,
        scale_max=payload.scale_max,
        questions=[q.model_dump() for q in payload.questions],
    )
    return Status(201, _evaluation_form(form))


# --- the participant's own link (no account) --------------------------------------------------

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


@public.post("/{token}/tests/{phase}", response={201: dict})
def link_test_submit(request, token: str, phase: str, payload: PublicAnswersIn):
    submission = services.public_test_submit(token=token, phase=phase, answers=payload.answers)
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


ROUTERS = (("/training/public", public), ("/training", router))
