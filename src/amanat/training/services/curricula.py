"""Curricula: versions, modules and sessions; publishing and new drafts."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from amanat.core.writes import model_update
from amanat.errors import Conflict, NotFound, ValidationError
from amanat.training import cleaning
from amanat.training.access import curriculum_version_get, object_pk, require_trainer
from amanat.training.models import (
    Curriculum,
    CurriculumModule,
    CurriculumSession,
    CurriculumVersion,
    SessionMaterial,
    VersionStatus,
)

from ._common import _audit


def _clean_version_fields(data: dict) -> dict:
    cleaned: dict = {}
    if "title" in data:
        cleaned["title"] = cleaning.text(
            data["title"], field="title", max_length=200, required=True
        )
    if "description" in data:
        cleaned["description"] = cleaning.text(
            data["description"], field="description", max_length=10000
        )
    if "target_roles" in data:
        cleaned["target_roles"] = cleaning.choice_list(
            data["target_roles"], field="target_roles", vocabulary="nrm_role"
        )
    if "languages" in data:
        cleaned["languages"] = cleaning.language_list(data["languages"])
    if "change_note" in data:
        cleaned["change_note"] = cleaning.text(
            data["change_note"], field="change_note", max_length=2000
        )
    return cleaned


@transaction.atomic
def curriculum_create(
    *, user, code: str, title: str, description: str = "", target_roles=(), languages=()
) -> CurriculumVersion:
    """A new curriculum with its first (draft) version."""
    require_trainer(user)
    code = cleaning.code_value(code, field="code")
    fields = _clean_version_fields(
        {
            "title": title,
            "description": description,
            "target_roles": list(target_roles),
            "languages": list(languages),
        }
    )
    if Curriculum.objects.filter(owner_organisation_id=user.organisation_id, code=code).exists():
        raise ValidationError(
            _("Your organisation already has a curriculum with this code."), field="code"
        )
    curriculum = Curriculum.objects.create(
        owner_organisation_id=user.organisation_id, code=code, created_by=user
    )
    version = CurriculumVersion.objects.create(
        curriculum=curriculum, number=1, created_by=user, **fields
    )
    _audit(
        user,
        "training.curriculum.create",
        "training_curriculum_version",
        version.pk,
        ["code", *fields],
        extra={"curriculum": curriculum.pk},
    )
    return version


def _draft(user, version_id) -> CurriculumVersion:
    version = curriculum_version_get(user, version_id, change=True)
    if not version.is_editable:
        raise Conflict(
            _("This version is published and cannot change: start a new version."), field="version"
        )
    return version


@transaction.atomic
def curriculum_version_update(*, user, version_id, changes: dict) -> CurriculumVersion:
    version = _draft(user, version_id)
    cleaned = _clean_version_fields(changes)
    model_update(
        version,
        cleaned,
        actor=user,
        action="training.curriculum.update",
        object_type="training_curriculum_version",
        purpose="training",
    )
    return version


@transaction.atomic
def curriculum_module_add(
    *, user, version_id, code: str, title: str, description: str = ""
) -> CurriculumModule:
    version = _draft(user, version_id)
    code = cleaning.code_value(code, field="code", max_length=20)
    if version.modules.filter(code=code).exists():
        raise ValidationError(_("This version already has a module with this code."), field="code")
    order = (version.modules.aggregate(m=Max("order"))["m"] or 0) + 1
    module = CurriculumModule.objects.create(
        version=version,
        order=order,
        code=code,
        title=cleaning.text(title, field="title", max_length=200, required=True),
        description=cleaning.text(description, field="description", max_length=5000),
    )
    _audit(
        user,
        "training.module.create",
        "training_module",
        module.pk,
        ["code", "title", "description"],
        extra={"version": version.pk},
    )
    return module


def _clean_session(data: dict, *, partial: bool = False) -> dict:
    cleaned: dict = {}
    if "title" in data or not partial:
        cleaned["title"] = cleaning.text(
            data.get("title"), field="title", max_length=200, required=True
        )
    if "objectives" in data or not partial:
        cleaned["objectives"] = cleaning.text(
            data.get("objectives"), field="objectives", max_length=5000
        )
    if "duration_minutes" in data or not partial:
        cleaned["duration_minutes"] = cleaning.integer(
            data.get("duration_minutes", 60), field="duration_minutes", minimum=5, maximum=600
        )
    if "method" in data or not partial:
        cleaned["method"] = cleaning.choice(
            data.get("method"), field="method", vocabulary="training_method", required=True
        )
    if "target_roles" in data:
        cleaned["target_roles"] = cleaning.choice_list(
            data["target_roles"], field="target_roles", vocabulary="nrm_role"
        )
    return cleaned


def _module_for_change(user, module_id) -> CurriculumModule:
    module = (
        CurriculumModule.objects.select_related("version").filter(pk=object_pk(module_id)).first()
    )
    if module is None:
        raise NotFound()
    _draft(user, module.version_id)
    return module


def _session_for_change(user, session_id) -> CurriculumSession:
    session = (
        CurriculumSession.objects.select_related("module__version")
        .filter(pk=object_pk(session_id))
        .first()
    )
    if session is None:
        raise NotFound()
    _draft(user, session.module.version_id)
    return session


@transaction.atomic
def curriculum_session_add(*, user, module_id, data: dict) -> CurriculumSession:
    module = _module_for_change(user, module_id)
    cleaned = _clean_session(data)
    order = (module.sessions.aggregate(m=Max("order"))["m"] or 0) + 1
    session = CurriculumSession.objects.create(module=module, order=order, **cleaned)
    _audit(
        user,
        "training.session.create",
        "training_session",
        session.pk,
        cleaned,
        extra={"module": module.pk},
    )
    return session


@transaction.atomic
def curriculum_session_update(*, user, session_id, changes: dict) -> CurriculumSession:
    session = _session_for_change(user, session_id)
    cleaned = _clean_session(changes, partial=True)
    model_update(
        session,
        cleaned,
        actor=user,
        action="training.session.update",
        object_type="training_session",
        purpose="training",
    )
    return session


@transaction.atomic
def curriculum_session_delete(*, user, session_id) -> None:
    session = _session_for_change(user, session_id)
    pk = session.pk
    session.delete()
    _audit(user, "training.session.delete", "training_session", pk, [])


@transaction.atomic
def curriculum_version_publish(*, user, version_id) -> CurriculumVersion:
    version = _draft(user, version_id)
    if not CurriculumSession.objects.filter(module__version=version).exists():
        raise ValidationError(_("Add at least one session before publishing."), field="version")
    version.status = VersionStatus.PUBLISHED
    version.published_at = timezone.now()
    version.save(update_fields=["status", "published_at"])
    # The previous published version stays usable by the events that already use it, but is
    # no longer offered for new events.
    CurriculumVersion.objects.filter(
        curriculum=version.curriculum, status=VersionStatus.PUBLISHED
    ).exclude(pk=version.pk).update(status=VersionStatus.RETIRED)
    _audit(
        user,
        "training.curriculum.publish",
        "training_curriculum_version",
        version.pk,
        ["status"],
        extra={"number": version.number},
    )
    return version


@transaction.atomic
def curriculum_version_new(*, user, version_id, change_note: str = "") -> CurriculumVersion:
    """A new draft copied from `version_id` (modules, sessions, materials), numbered next."""
    source = curriculum_version_get(user, version_id, change=True)
    curriculum = Curriculum.objects.select_for_update().get(pk=source.curriculum_id)
    if curriculum.versions.filter(status=VersionStatus.DRAFT).exists():
        raise Conflict(_("This curriculum already has a draft version: edit it."), field="version")
    number = (curriculum.versions.aggregate(m=Max("number"))["m"] or 0) + 1
    version = CurriculumVersion.objects.create(
        curriculum=curriculum,
        number=number,
        title=source.title,
        description=source.description,
        target_roles=list(source.target_roles),
        languages=list(source.languages),
        change_note=cleaning.text(change_note, field="change_note", max_length=2000),
        created_by=user,
    )
    for module in source.modules.prefetch_related("sessions__materials"):
        new_module = CurriculumModule.objects.create(
            version=version,
            order=module.order,
            code=module.code,
            title=module.title,
            description=module.description,
        )
        for session in module.sessions.all():
            new_session = CurriculumSession.objects.create(
                module=new_module,
                order=session.order,
                title=session.title,
                objectives=session.objectives,
                duration_minutes=session.duration_minutes,
                method=session.method,
                target_roles=list(session.target_roles),
            )
            for material in session.materials.all():
                SessionMaterial.objects.create(
                    session=new_session,
                    title=material.title,
                    url=material.url,
                    file_name=material.file_name,
                    content_type=material.content_type,
                    content=material.content,
                    size=material.size,
                    sha256=material.sha256,
                    created_by=user,
                )
    _audit(
        user,
        "training.curriculum.new_version",
        "training_curriculum_version",
        version.pk,
        ["title", "modules", "sessions"],
        extra={"from_version": source.pk, "number": number},
    )
    return version
