"""Curricula: versions, modules, sessions and materials."""

from __future__ import annotations

from ninja import File, Form, Router, Status
from ninja.files import UploadedFile

from amanat.training import access, selectors, services

from ._common import Strict, _version
from .events import _changes

router = Router(tags=["training"])


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
    return [_version(v) for v in selectors.curriculum_versions(request.user)]


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
