"""Curricula, their sessions and materials; the item bank and forms."""

from __future__ import annotations

from amanat.errors import NotFound
from amanat.training import access
from amanat.training.models import (
    CurriculumModule,
    CurriculumSession,
    CurriculumVersion,
    EvaluationForm,
    Item,
    SessionMaterial,
    TrainingEvent,
    VersionStatus,
)


def published_versions(user) -> list[CurriculumVersion]:
    """The published curriculum versions `user` may pick for an event."""
    return list(
        access.curriculum_versions_visible_to(user)
        .filter(status=VersionStatus.PUBLISHED)
        .select_related("curriculum")
    )


def curriculum_versions(user) -> list[CurriculumVersion]:
    return list(
        access.curriculum_versions_visible_to(user)
        .select_related("curriculum")
        .order_by("curriculum__code", "-number")
    )


def version_siblings(user, version: CurriculumVersion) -> list[CurriculumVersion]:
    """The other versions of `version`'s curriculum that `user` sees, newest first."""
    return list(
        access.curriculum_versions_visible_to(user)
        .filter(curriculum=version.curriculum)
        .order_by("-number")
    )


def version_modules(version: CurriculumVersion) -> list[CurriculumModule]:
    return list(version.modules.prefetch_related("sessions"))


def version_materials(version: CurriculumVersion) -> dict[int, list[SessionMaterial]]:
    """{session id: its materials} for a version, without the file contents."""
    materials: dict[int, list[SessionMaterial]] = {}
    for material in SessionMaterial.objects.filter(session__module__version=version).defer(
        "content"
    ):
        materials.setdefault(material.session_id, []).append(material)
    return materials


def curriculum_sessions(event: TrainingEvent) -> list[CurriculumSession]:
    """The sessions of the event's curriculum version, in teaching order."""
    if not event.curriculum_version_id:
        return []
    return list(
        CurriculumSession.objects.filter(module__version_id=event.curriculum_version_id).order_by(
            "module__order", "order"
        )
    )


def curriculum_session(user, session_id) -> tuple[CurriculumSession, CurriculumVersion]:
    """A session and its version if `user` sees the version, else NotFound."""
    session = (
        CurriculumSession.objects.select_related("module__version__curriculum")
        .filter(pk=access.object_pk(session_id))
        .first()
    )
    if session is None:
        raise NotFound()
    return session, access.curriculum_version_get(user, session.module.version_id)


def session_materials(session: CurriculumSession) -> list[SessionMaterial]:
    return list(session.materials.defer("content"))


def material_file(user, material_id) -> SessionMaterial:
    """A material with a file, in a version `user` sees, else NotFound."""
    material = (
        SessionMaterial.objects.select_related("session__module")
        .filter(pk=access.object_pk(material_id))
        .first()
    )
    if material is None or not material.file_name:
        raise NotFound()
    access.curriculum_version_get(user, material.session.module.version_id)
    return material


def active_items(user) -> list[Item]:
    return list(access.items_visible_to(user).filter(is_active=True))


def evaluation_forms(user) -> list[EvaluationForm]:
    return list(access.evaluation_forms_visible_to(user).prefetch_related("questions"))
