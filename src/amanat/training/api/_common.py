"""What the training endpoints share: the strict input schema, presenters, uploads."""

from __future__ import annotations

from ninja import Schema
from ninja.files import UploadedFile
from pydantic import ConfigDict

from amanat.training import results as training_results
from amanat.training.imports import MAX_UPLOAD_BYTES
from amanat.training.models import (
    CurriculumVersion,
    EvaluationForm,
    Item,
    Participant,
    TestForm,
    TrainingEvent,
)


class Strict(Schema):
    model_config = ConfigDict(extra="forbid")


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
        "attempts_allowed": event.attempts_allowed,
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
