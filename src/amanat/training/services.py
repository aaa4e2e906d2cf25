"""Every write of the training app. Keyword-only, atomic, audited (field names, never values).

Imports of paper tests, evaluations and participant lists are all-or-nothing: every row is
checked first, and an error names its row and column (amanat.training.analysis.TableError).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import secrets

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from amanat.accounts.models import User
from amanat.accounts.roles import Perm
from amanat.core.ids import parse_id_field
from amanat.errors import Conflict, NotFound, ValidationError
from amanat.privacy.audit import audit_record
from amanat.training import cleaning
from amanat.training.access import (
    curriculum_version_get,
    evaluation_form_get,
    event_get_for_user,
    item_get,
    object_pk,
    participant_for_token,
    participant_get,
    require_trainer,
    test_form_get,
    token_index,
)
from amanat.training.imports import (
    ParsedEvaluation,
    parse_evaluations,
    parse_participants,
    parse_test_responses,
)
from amanat.training.models import (
    AgendaItem,
    Attendance,
    Curriculum,
    CurriculumModule,
    CurriculumSession,
    CurriculumVersion,
    EvaluationForm,
    EvaluationQuestion,
    EvaluationResponse,
    EventTrainer,
    GroupOutput,
    GroupStation,
    Item,
    ItemType,
    OutputKind,
    Participant,
    Phase,
    QuestionKind,
    QuestionScope,
    Scoring,
    SessionMaterial,
    Source,
    TestForm,
    TestFormItem,
    TestSubmission,
    TrainingEvent,
    VersionStatus,
)
from amanat.training.results import evaluation_slots, form_items

RETENTION_YEARS = int(os.environ.get("AMANAT_TRAINING_RETENTION_YEARS", "3"))
MAX_MATERIAL_BYTES = int(os.environ.get("AMANAT_TRAINING_MAX_MATERIAL_MB", "20")) * 1024 * 1024
MAX_EVENT_DAYS = 31
PERSONAL_PARTICIPANT_FIELDS = ("full_name", "organisation_name", "position", "email", "phone")
PARTICIPANT_FIELDS = (
    *PERSONAL_PARTICIPANT_FIELDS,
    "organisation_type",
    "nrm_role",
    "gender",
    "country",
)


def _audit(
    user,
    action: str,
    object_type: str,
    object_id,
    fields,
    *,
    purpose: str = "training",
    extra: dict | None = None,
) -> None:
    audit_record(
        actor=user,
        action=action,
        object_type=object_type,
        object_id=object_id,
        fields=list(fields),
        purpose=purpose,
        extra=extra,
    )


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


# --- curricula --------------------------------------------------------------------------------


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
    changed = [k for k, v in cleaned.items() if getattr(version, k) != v]
    for name in changed:
        setattr(version, name, cleaned[name])
    if changed:
        version.save(update_fields=changed)
        _audit(
            user, "training.curriculum.update", "training_curriculum_version", version.pk, changed
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
    changed = [k for k, v in cleaned.items() if getattr(session, k) != v]
    for name in changed:
        setattr(session, name, cleaned[name])
    if changed:
        session.save(update_fields=changed)
        _audit(user, "training.session.update", "training_session", session.pk, changed)
    return session


@transaction.atomic
def curriculum_session_delete(*, user, session_id) -> None:
    session = _session_for_change(user, session_id)
    pk = session.pk
    session.delete()
    _audit(user, "training.session.delete", "training_session", pk, [])


@transaction.atomic
def material_add(
    *,
    user,
    session_id,
    title: str,
    url: str = "",
    file_name: str = "",
    content: bytes | None = None,
    content_type: str = "",
) -> SessionMaterial:
    session = _session_for_change(user, session_id)
    title = cleaning.text(title, field="title", max_length=200, required=True)
    url = cleaning.text(url, field="url", max_length=500)
    if url and not url.startswith(("https://", "http://")):
        raise ValidationError(_("A link starts with https:// or http://."), field="url")
    file_name = os.path.basename(cleaning.text(file_name, field="file", max_length=200))
    if content is not None and not file_name:
        raise ValidationError(_("The file needs a name."), field="file")
    if content is not None and len(content) > MAX_MATERIAL_BYTES:
        raise ValidationError(
            _("The file is larger than %(mb)d MB.") % {"mb": MAX_MATERIAL_BYTES // (1024 * 1024)},
            field="file",
        )
    if content is not None and len(content) == 0:
        raise ValidationError(_("The file is empty."), field="file")
    if not url and content is None:
        raise ValidationError(_("Attach a file or give a link."), field="file")
    material = SessionMaterial.objects.create(
        session=session,
        title=title,
        url=url,
        file_name=file_name if content is not None else "",
        content_type=cleaning.text(content_type, field="file", max_length=100)
        or "application/octet-stream",
        content=content,
        size=len(content or b""),
        sha256=hashlib.sha256(content).hexdigest() if content is not None else "",
        created_by=user,
    )
    _audit(
        user,
        "training.material.create",
        "training_material",
        material.pk,
        ["title", "url" if url else "file"],
        extra={"session": session.pk, "size": material.size},
    )
    return material


@transaction.atomic
def material_delete(*, user, material_id) -> None:
    material = SessionMaterial.objects.filter(pk=object_pk(material_id)).first()
    if material is None:
        raise NotFound()
    _session_for_change(user, material.session_id)
    pk = material.pk
    material.delete()
    _audit(user, "training.material.delete", "training_material", pk, [])


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


# --- item bank and forms ----------------------------------------------------------------------


def _clean_item(data: dict, *, existing: Item | None = None) -> dict:
    def value(name, default=""):
        return data[name] if name in data else getattr(existing, name, default)

    cleaned = {
        "text": cleaning.text(value("text"), field="text", max_length=4000, required=True),
        "language": cleaning.language(value("language", "ru"), required=True),
        "topic": cleaning.text(value("topic"), field="topic", max_length=200),
        "module": cleaning.text(value("module"), field="module", max_length=20),
    }
    item_type = value("item_type")
    if item_type not in ItemType.values:
        raise ValidationError(
            _("Choose single choice, multiple choice or true/false."), field="item_type"
        )
    cleaned["item_type"] = item_type
    options = cleaning.item_options(value("options", []))
    if item_type == ItemType.TRUE_FALSE:
        options = []
    cleaned["options"] = options
    cleaned["correct_answer"] = cleaning.item_key(item_type, options, value("correct_answer"))
    cleaned["max_points"] = cleaning.number(
        value("max_points", 1), field="max_points", minimum=0, maximum=100
    )
    scoring = value("scoring", Scoring.ALL_OR_NOTHING) or Scoring.ALL_OR_NOTHING
    if scoring not in Scoring.values:
        raise ValidationError(
            _("'%(value)s' is not an allowed value.") % {"value": scoring}, field="scoring"
        )
    if scoring == Scoring.PARTIAL and item_type != ItemType.MULTIPLE:
        raise ValidationError(
            _("Partial credit applies to multiple-choice items only."), field="scoring"
        )
    cleaned["scoring"] = scoring
    if "is_active" in data:
        cleaned["is_active"] = bool(data["is_active"])
    return cleaned


def _locked_items(item_ids) -> set[int]:
    """Items on a form that already has answers: their key must not change silently."""
    used_forms = TestSubmission.objects.values("form_id")
    return set(
        TestFormItem.objects.filter(item_id__in=item_ids, form_id__in=used_forms).values_list(
            "item_id", flat=True
        )
    )


@transaction.atomic
def item_create(*, user, code: str, data: dict) -> Item:
    require_trainer(user)
    code = cleaning.code_value(code, field="code")
    cleaned = _clean_item(data)
    curriculum_id = data.get("curriculum")
    if curriculum_id:
        cleaned["curriculum"] = Curriculum.objects.filter(
            pk=curriculum_id, owner_organisation_id=user.organisation_id
        ).first()
        if cleaned["curriculum"] is None:
            raise ValidationError(_("Unknown curriculum."), field="curriculum")
    if Item.objects.filter(owner_organisation_id=user.organisation_id, code=code).exists():
        raise ValidationError(_("Your item bank already has an item with this code."), field="code")
    item = Item.objects.create(
        owner_organisation_id=user.organisation_id, code=code, created_by=user, **cleaned
    )
    _audit(user, "training.item.create", "training_item", item.pk, ["code", *cleaned])
    return item


@transaction.atomic
def item_update(*, user, item_id, changes: dict) -> Item:
    """Change an item; its code never changes (answers are stored by code). Changing the key
    of an item that has been answered re-scores those answers, so it needs `rescore=True`."""
    item = item_get(user, item_id)
    if "code" in changes and changes["code"] != item.code:
        raise ValidationError(_("An item's code cannot change: create a new item."), field="code")
    cleaned = _clean_item(changes, existing=item)
    changed = [k for k, v in cleaned.items() if getattr(item, k) != v]
    key_fields = {"item_type", "options", "correct_answer", "max_points", "scoring"}
    if (
        key_fields & set(changed)
        and item.pk in _locked_items([item.pk])
        and not changes.get("rescore")
    ):
        raise Conflict(
            _(
                "This item has been answered: changing its key re-scores every answer. "
                "Confirm the re-scoring to go ahead."
            ),
            field="correct_answer",
        )
    for name in changed:
        setattr(item, name, cleaned[name])
    if changed:
        item.save(update_fields=[*changed, "updated_at"])
        _audit(
            user,
            "training.item.update",
            "training_item",
            item.pk,
            changed,
            extra={"rescored": bool(key_fields & set(changed))},
        )
    return item


def _items_in_order(user, item_ids) -> list[Item]:
    if not isinstance(item_ids, list | tuple):
        raise ValidationError(_("Give a list of items."), field="items")
    ids = []
    for raw in item_ids:
        pk = parse_id_field(raw, "items")
        if pk not in ids:
            ids.append(pk)
    items = {
        i.pk: i for i in Item.objects.filter(pk__in=ids, owner_organisation_id=user.organisation_id)
    }
    missing = [pk for pk in ids if pk not in items]
    if missing:
        raise ValidationError(_("Unknown item %(id)s.") % {"id": missing[0]}, field="items")
    if not ids:
        raise ValidationError(_("Choose at least one item."), field="items")
    return [items[pk] for pk in ids]


@transaction.atomic
def test_form_create(*, user, title: str, language: str = "ru", item_ids=()) -> TestForm:
    require_trainer(user)
    title = cleaning.text(title, field="title", max_length=200, required=True)
    language = cleaning.language(language, required=True)
    items = _items_in_order(user, list(item_ids))
    form = TestForm.objects.create(
        owner_organisation_id=user.organisation_id, title=title, language=language, created_by=user
    )
    TestFormItem.objects.bulk_create(
        [TestFormItem(form=form, item=item, order=i) for i, item in enumerate(items, start=1)]
    )
    _audit(
        user,
        "training.test_form.create",
        "training_test_form",
        form.pk,
        ["title", "language", "items"],
        extra={"items": len(items)},
    )
    return form


@transaction.atomic
def test_form_set_items(*, user, form_id, item_ids) -> TestForm:
    form = test_form_get(user, form_id)
    if TestSubmission.objects.filter(form=form).exists():
        raise Conflict(
            _("This test has been answered: its items cannot change. Create a new test form."),
            field="items",
        )
    items = _items_in_order(user, list(item_ids))
    form.form_items.all().delete()
    TestFormItem.objects.bulk_create(
        [TestFormItem(form=form, item=item, order=i) for i, item in enumerate(items, start=1)]
    )
    _audit(
        user,
        "training.test_form.update",
        "training_test_form",
        form.pk,
        ["items"],
        extra={"items": len(items)},
    )
    return form


def _clean_questions(questions) -> list[dict]:
    if not isinstance(questions, list | tuple) or not questions:
        raise ValidationError(_("Add at least one question."), field="questions")
    cleaned = []
    for question in questions:
        if not isinstance(question, dict):
            raise ValidationError(
                _("Each question needs a text, a kind and a scope."), field="questions"
            )
        kind = question.get("kind")
        scope = question.get("scope")
        if kind not in QuestionKind.values:
            raise ValidationError(
                _("A question is a rating or an open question."), field="questions"
            )
        if scope not in QuestionScope.values:
            raise ValidationError(
                _("A question is asked per session or once overall."), field="questions"
            )
        cleaned.append(
            {
                "text": cleaning.text(
                    question.get("text"), field="questions", max_length=300, required=True
                ),
                "kind": kind,
                "scope": scope,
            }
        )
    return cleaned


@transaction.atomic
def evaluation_form_create(
    *, user, title: str, language: str = "ru", questions=(), scale_max: int = 5
) -> EvaluationForm:
    require_trainer(user)
    title = cleaning.text(title, field="title", max_length=200, required=True)
    language = cleaning.language(language, required=True)
    scale_max = cleaning.integer(scale_max, field="scale_max", minimum=3, maximum=10)
    cleaned = _clean_questions(list(questions))
    form = EvaluationForm.objects.create(
        owner_organisation_id=user.organisation_id,
        title=title,
        language=language,
        scale_max=scale_max,
        created_by=user,
    )
    EvaluationQuestion.objects.bulk_create(
        [EvaluationQuestion(form=form, order=i, **q) for i, q in enumerate(cleaned, start=1)]
    )
    _audit(
        user,
        "training.evaluation_form.create",
        "training_evaluation_form",
        form.pk,
        ["title", "language", "questions"],
        extra={"questions": len(cleaned)},
    )
    return form


# --- events -----------------------------------------------------------------------------------


def _clean_event(user, data: dict, *, existing: TrainingEvent | None = None) -> dict:
    def value(name, default=None):
        return data[name] if name in data else getattr(existing, name, default)

    cleaned = {
        "title": cleaning.text(value("title"), field="title", max_length=200, required=True),
        "kind": cleaning.choice(
            value("kind"), field="kind", vocabulary="event_kind", required=True
        ),
        "place": cleaning.text(value("place"), field="place", max_length=200, required=True),
        "start_date": cleaning.date(value("start_date"), field="start_date"),
        "end_date": cleaning.date(value("end_date"), field="end_date"),
        "language": cleaning.language(value("language", "ru"), required=True),
    }
    cleaned["country"] = cleaning.country(value("country"), required=True)
    cleaned["region"] = cleaning.region(value("region", ""), country_code=cleaned["country"])
    if cleaned["end_date"] < cleaned["start_date"]:
        raise ValidationError(_("The last day cannot be before the first day."), field="end_date")
    if (cleaned["end_date"] - cleaned["start_date"]).days + 1 > MAX_EVENT_DAYS:
        raise ValidationError(
            _("An event lasts at most %(n)d days.") % {"n": MAX_EVENT_DAYS}, field="end_date"
        )
    if "curriculum_version" in data:
        raw = data["curriculum_version"]
        cleaned["curriculum_version"] = (
            curriculum_version_get(user, raw) if raw not in (None, "", 0) else None
        )
        if (
            cleaned["curriculum_version"] is not None
            and cleaned["curriculum_version"].status == VersionStatus.DRAFT
        ):
            raise ValidationError(
                _("Publish the curriculum version before using it in an event."),
                field="curriculum_version",
            )
    if "test_form" in data:
        raw = data["test_form"]
        form = test_form_get(user, raw) if raw not in (None, "", 0) else None
        if (
            existing is not None
            and existing.test_form_id != getattr(form, "pk", None)
            and existing.submissions.exists()
        ):
            raise Conflict(
                _("Tests have been taken with the current form: it cannot change."),
                field="test_form",
            )
        cleaned["test_form"] = form
    if "evaluation_form" in data:
        raw = data["evaluation_form"]
        form = evaluation_form_get(user, raw) if raw not in (None, "", 0) else None
        if (
            existing is not None
            and existing.evaluation_form_id != getattr(form, "pk", None)
            and existing.evaluations.exists()
        ):
            raise Conflict(
                _("Evaluations have been collected with the current form: it cannot change."),
                field="evaluation_form",
            )
        cleaned["evaluation_form"] = form
    for flag in ("pre_test_open", "post_test_open", "evaluation_open"):
        if flag in data:
            if not isinstance(data[flag], bool):
                raise ValidationError(_("Enter true or false."), field=flag)
            cleaned[flag] = data[flag]
    test_form = cleaned.get("test_form", getattr(existing, "test_form", None))
    if (cleaned.get("pre_test_open") or cleaned.get("post_test_open")) and test_form is None:
        raise ValidationError(_("Choose the test form first."), field="test_form")
    evaluation_form = cleaned.get("evaluation_form", getattr(existing, "evaluation_form", None))
    if cleaned.get("evaluation_open") and evaluation_form is None:
        raise ValidationError(_("Choose the evaluation form first."), field="evaluation_form")
    return cleaned


@transaction.atomic
def event_create(*, user, data: dict) -> TrainingEvent:
    """A new event, organised by the user's organisation; the user is its first trainer."""
    require_trainer(user)
    cleaned = _clean_event(user, data)
    event = TrainingEvent.objects.create(
        owner_organisation_id=user.organisation_id,
        created_by=user,
        retention_until=_add_years(cleaned["end_date"], RETENTION_YEARS),
        **cleaned,
    )
    EventTrainer.objects.create(event=event, user=user)
    _audit(
        user,
        "training.event.create",
        "training_event",
        event.pk,
        [k for k, v in cleaned.items() if v not in (None, "", False)],
    )
    return event


@transaction.atomic
def event_update(*, user, event_id, changes: dict) -> TrainingEvent:
    event = event_get_for_user(user, event_id)
    cleaned = _clean_event(user, changes, existing=event)
    changed = [k for k, v in cleaned.items() if getattr(event, k) != v]
    if "end_date" in changed or "start_date" in changed:
        last_day = (cleaned["end_date"] - cleaned["start_date"]).days + 1
        if (
            event.agenda.filter(day__gt=last_day).exists()
            or Attendance.objects.filter(participant__event=event, day__gt=last_day).exists()
        ):
            raise Conflict(
                _("The agenda or attendance uses days after the new last day."), field="end_date"
            )
        if "end_date" in changed:
            event.retention_until = _add_years(cleaned["end_date"], RETENTION_YEARS)
            changed.append("retention_until")
    for name in changed:
        if name in cleaned:
            setattr(event, name, cleaned[name])
    if changed:
        event.save(update_fields=[*changed, "updated_at"])
        _audit(user, "training.event.update", "training_event", event.pk, changed)
    return event


@transaction.atomic
def event_trainer_add(*, user, event_id, username: str) -> EventTrainer:
    event = event_get_for_user(user, event_id)
    username = cleaning.text(username, field="username", max_length=150, required=True)
    trainer = User.objects.filter(username__iexact=username, is_active=True).first()
    if trainer is None or not trainer.can(Perm.TRAINING_MANAGE):
        raise ValidationError(_("No active trainer has this username."), field="username")
    row, created = EventTrainer.objects.get_or_create(event=event, user=trainer)
    if created:
        _audit(
            user,
            "training.event.trainer_add",
            "training_event",
            event.pk,
            ["trainers"],
            extra={"trainer": trainer.pk},
        )
    return row


@transaction.atomic
def event_trainer_remove(*, user, event_id, trainer_id) -> None:
    event = event_get_for_user(user, event_id)
    rows = EventTrainer.objects.filter(event=event)
    if rows.count() <= 1:
        raise Conflict(_("An event keeps at least one trainer."), field="trainer")
    deleted, _unused = rows.filter(user_id=parse_id_field(trainer_id, "trainer")).delete()
    if not deleted:
        raise NotFound()
    _audit(
        user,
        "training.event.trainer_remove",
        "training_event",
        event.pk,
        ["trainers"],
        extra={"trainer": int(trainer_id)},
    )


@transaction.atomic
def event_analysis_save(*, user, event_id, kind: str, text: str) -> TrainingEvent:
    """The trainer's own analysis written into the interim or final report."""
    event = event_get_for_user(user, event_id)
    if kind not in ("interim", "final"):
        raise ValidationError(_("Choose the interim or the final report."), field="kind")
    field = f"{kind}_analysis"
    setattr(event, field, cleaning.text(text, field="text", max_length=50000))
    event.save(update_fields=[field, "updated_at"])
    _audit(user, "training.event.analysis_save", "training_event", event.pk, [field])
    return event


# --- agenda -----------------------------------------------------------------------------------


def _evaluations_block_agenda(event: TrainingEvent) -> None:
    if event.evaluations.exists():
        raise Conflict(
            _("Evaluations refer to this agenda: it can no longer be rebuilt or shortened."),
            field="agenda",
        )


@transaction.atomic
def agenda_build_from_curriculum(
    *,
    user,
    event_id,
    day_minutes: int = 360,
    start_time: str = "09:00",
    module_per_day: bool = False,
) -> list[AgendaItem]:
    """Replace the agenda with the curriculum's sessions in order, day after day: a day is
    full at `day_minutes`; with `module_per_day` every module also starts a new day."""
    event = event_get_for_user(user, event_id)
    if event.curriculum_version_id is None:
        raise ValidationError(_("Choose the event's curriculum first."), field="curriculum_version")
    _evaluations_block_agenda(event)
    day_minutes = cleaning.integer(day_minutes, field="day_minutes", minimum=60, maximum=720)
    start = cleaning.time(start_time, field="start_time") or dt.time(9, 0)
    sessions = list(
        CurriculumSession.objects.filter(module__version_id=event.curriculum_version_id).order_by(
            "module__order", "order", "id"
        )
    )
    if not sessions:
        raise ValidationError(_("The curriculum has no sessions."), field="curriculum_version")
    items: list[AgendaItem] = []
    day, used, order = 1, 0, 0
    previous_module = sessions[0].module_id
    for session in sessions:
        new_module = module_per_day and session.module_id != previous_module
        previous_module = session.module_id
        if used and (new_module or used + session.duration_minutes > day_minutes):
            day, used, order = day + 1, 0, 0
        if day > event.days:
            total = sum(s.duration_minutes for s in sessions)
            raise ValidationError(
                _(
                    "The sessions last %(total)d minutes: they do not fit in %(days)d days of "
                    "%(minutes)d minutes. Lengthen the day or the event."
                )
                % {"total": total, "days": event.days, "minutes": day_minutes},
                field="day_minutes",
            )
        order += 1
        begins = (dt.datetime.combine(event.start_date, start) + dt.timedelta(minutes=used)).time()
        items.append(
            AgendaItem(
                event=event,
                day=day,
                order=order,
                start_time=begins,
                duration_minutes=session.duration_minutes,
                session=session,
                title=session.title,
                method=session.method,
            )
        )
        used += session.duration_minutes
    GroupStation.objects.filter(event=event).update(agenda_item=None)
    event.agenda.all().delete()
    AgendaItem.objects.bulk_create(items)
    _audit(
        user,
        "training.agenda.build",
        "training_event",
        event.pk,
        ["agenda"],
        extra={
            "items": len(items),
            "version": event.curriculum_version_id,
            "module_per_day": bool(module_per_day),
        },
    )
    return list(event.agenda.all())


@transaction.atomic
def agenda_item_add(*, user, event_id, data: dict) -> AgendaItem:
    event = event_get_for_user(user, event_id)
    day = cleaning.integer(data.get("day"), field="day", minimum=1, maximum=event.days)
    session = None
    if data.get("session"):
        session = CurriculumSession.objects.filter(
            pk=parse_id_field(data["session"], "session"),
            module__version_id=event.curriculum_version_id,
        ).first()
        if session is None:
            raise ValidationError(
                _("This session is not in the event's curriculum."), field="session"
            )
    title = cleaning.text(
        data.get("title") or (session.title if session else ""),
        field="title",
        max_length=200,
        required=True,
    )
    method = cleaning.choice(
        data.get("method") or (session.method if session else "other"),
        field="method",
        vocabulary="training_method",
    )
    duration = cleaning.integer(
        data.get("duration_minutes") or (session.duration_minutes if session else 30),
        field="duration_minutes",
        minimum=5,
        maximum=600,
    )
    order = (event.agenda.filter(day=day).aggregate(m=Max("order"))["m"] or 0) + 1
    item = AgendaItem.objects.create(
        event=event,
        day=day,
        order=order,
        start_time=cleaning.time(data.get("start_time"), field="start_time"),
        duration_minutes=duration,
        session=session,
        title=title,
        method=method,
    )
    _audit(
        user,
        "training.agenda.add",
        "training_event",
        event.pk,
        ["agenda"],
        extra={"agenda_item": item.pk},
    )
    return item


@transaction.atomic
def agenda_item_delete(*, user, event_id, item_id) -> None:
    event = event_get_for_user(user, event_id)
    _evaluations_block_agenda(event)
    deleted, _unused = event.agenda.filter(pk=parse_id_field(item_id, "agenda_item")).delete()
    if not deleted:
        raise NotFound()
    _audit(
        user,
        "training.agenda.delete",
        "training_event",
        event.pk,
        ["agenda"],
        extra={"agenda_item": int(item_id)},
    )


# --- participants -----------------------------------------------------------------------------


def _clean_participant(data: dict) -> dict:
    cleaned: dict = {}
    limits = {
        "full_name": 200,
        "organisation_name": 300,
        "position": 200,
        "email": 254,
        "phone": 40,
    }
    for name, limit in limits.items():
        if name in data:
            cleaned[name] = cleaning.text(data[name], field=name, max_length=limit)
    if "email" in cleaned and cleaned["email"] and "@" not in cleaned["email"]:
        raise ValidationError(_("Enter a valid e-mail address."), field="email")
    if "organisation_type" in data:
        cleaned["organisation_type"] = cleaning.choice(
            data["organisation_type"], field="organisation_type", vocabulary="organisation_type"
        )
    if "nrm_role" in data:
        cleaned["nrm_role"] = cleaning.choice(
            data["nrm_role"], field="nrm_role", vocabulary="nrm_role"
        )
    if "gender" in data:
        cleaned["gender"] = cleaning.choice(data["gender"], field="gender", vocabulary="gender")
    if "country" in data:
        cleaned["country"] = cleaning.country(data["country"])
    return cleaned


def _next_code(event: TrainingEvent, taken: set[str]) -> str:
    number = 1
    for code in taken:
        if code[:1] == "P" and code[1:].isdigit():
            number = max(number, int(code[1:]) + 1)
    while True:
        code = f"P{number:02d}"
        if code not in taken:
            return code
        number += 1


def _new_token() -> tuple[str, str]:
    token = secrets.token_urlsafe(24)
    return token, token_index(token)


def _create_participants(event: TrainingEvent, rows: list[dict]) -> list[Participant]:
    taken = set(event.participants.values_list("code", flat=True))
    created = []
    for data in rows:
        code = data.pop("code", "") or _next_code(event, taken)
        taken.add(code)
        token, index = _new_token()
        created.append(Participant(event=event, code=code, token=token, token_index=index, **data))
    Participant.objects.bulk_create(created)
    return list(event.participants.filter(code__in=[p.code for p in created]))


@transaction.atomic
def participant_add(*, user, event_id, data: dict) -> Participant:
    event = event_get_for_user(user, event_id)
    cleaned = _clean_participant(data)
    if not cleaned.get("full_name"):
        raise ValidationError(_("This field is required."), field="full_name")
    code = data.get("code")
    if code:
        cleaned["code"] = cleaning.code_value(code, field="code", max_length=16)
        if event.participants.filter(code=cleaned["code"]).exists():
            raise ValidationError(_("Another participant has this code."), field="code")
    participant = _create_participants(event, [cleaned])[0]
    _audit(
        user,
        "training.participant.create",
        "training_participant",
        participant.pk,
        [k for k, v in cleaned.items() if v],
        extra={"event": event.pk},
    )
    return participant


@transaction.atomic
def participant_update(*, user, event_id, participant_id, changes: dict) -> Participant:
    event = event_get_for_user(user, event_id)
    participant = participant_get(event, participant_id, user=user)
    cleaned = _clean_participant(changes)
    if "full_name" in cleaned and not cleaned["full_name"]:
        raise ValidationError(_("This field is required."), field="full_name")
    changed = [k for k, v in cleaned.items() if getattr(participant, k) != v]
    for name in changed:
        setattr(participant, name, cleaned[name])
    if changed:
        participant.save(update_fields=[*changed, "updated_at"])
        _audit(
            user,
            "training.participant.update",
            "training_participant",
            participant.pk,
            changed,
            extra={"event": event.pk},
        )
    return participant


@transaction.atomic
def participant_remove(*, user, event_id, participant_id) -> None:
    """Remove a participant with their attendance, answers and evaluation."""
    event = event_get_for_user(user, event_id)
    participant = participant_get(event, participant_id, user=user)
    pk = participant.pk
    participant.delete()
    _audit(
        user,
        "training.participant.delete",
        "training_participant",
        pk,
        [*PARTICIPANT_FIELDS, "answers"],
        extra={"event": event.pk},
    )


@transaction.atomic
def participant_link_reset(*, user, event_id, participant_id) -> Participant:
    """A new link for a participant; the old one stops working at once."""
    event = event_get_for_user(user, event_id)
    participant = participant_get(event, participant_id, user=user)
    participant.token, participant.token_index = _new_token()
    participant.save(update_fields=["token", "token_index", "updated_at"])
    _audit(
        user,
        "training.participant.link_reset",
        "training_participant",
        participant.pk,
        ["token"],
        extra={"event": event.pk},
    )
    return participant


@transaction.atomic
def participants_import(*, user, event_id, file_name: str, content: bytes) -> list[Participant]:
    """Add every participant of a CSV/XLSX list, or none (an error names its row and column)."""
    event = event_get_for_user(user, event_id)
    existing = set(event.participants.values_list("code", flat=True))
    rows = parse_participants(file_name, content, existing_codes=existing)
    created = _create_participants(event, rows)
    _audit(
        user,
        "training.participant.import",
        "training_event",
        event.pk,
        sorted({k for row in rows for k, v in row.items() if v} | {"code"}),
        extra={"created": len(created)},
    )
    return created


@transaction.atomic
def attendance_set(*, user, event_id, marks: dict) -> int:
    """Set who was present on which day: {(participant id, day): bool}. Returns rows written."""
    event = event_get_for_user(user, event_id)
    ids = set(event.participants.values_list("pk", flat=True))
    current = {
        (a.participant_id, a.day): a for a in Attendance.objects.filter(participant__event=event)
    }
    written = 0
    for (participant_id, day), present in marks.items():
        if participant_id not in ids:
            raise ValidationError(_("Unknown participant."), field="participant")
        if not isinstance(day, int) or not 1 <= day <= event.days:
            raise ValidationError(
                _("Enter a number from %(min)d to %(max)d.") % {"min": 1, "max": event.days},
                field="day",
            )
        if not isinstance(present, bool):
            raise ValidationError(_("Enter true or false."), field="present")
        row = current.get((participant_id, day))
        if row is None:
            Attendance.objects.create(participant_id=participant_id, day=day, present=present)
            written += 1
        elif row.present != present:
            row.present = present
            row.save(update_fields=["present"])
            written += 1
    if written:
        _audit(
            user,
            "training.attendance.set",
            "training_event",
            event.pk,
            ["attendance"],
            extra={"rows": written},
        )
    return written


# --- tests ------------------------------------------------------------------------------------


def _clean_answers(items: list[Item], answers) -> dict[str, str]:
    if not isinstance(answers, dict):
        raise ValidationError(_("Give the answers as item code: answer."), field="answers")
    by_code = {item.code: item for item in items}
    unknown = [code for code in answers if code not in by_code]
    if unknown:
        raise ValidationError(
            _("Item '%(item)s' is not on this test.") % {"item": str(unknown[0])[:40]},
            field=f"answers.{str(unknown[0])[:40]}",
        )
    cleaned = {}
    for code, item in by_code.items():
        try:
            cleaned[code] = cleaning.normalise_answer(item, answers.get(code))
        except cleaning.AnswerProblem as problem:
            raise ValidationError(str(problem), field=f"answers.{code}") from None
    return cleaned


def _check_phase(phase: str) -> str:
    if phase not in Phase.values:
        raise ValidationError(_("The phase is pre or post."), field="phase")
    return phase


@transaction.atomic
def test_submission_record(
    *,
    user,
    event_id,
    participant_id,
    phase: str,
    answers: dict,
    source: str = Source.ENTRY,
    replace: bool = False,
) -> TestSubmission:
    """A trainer types in (or the API sends) one participant's answer sheet."""
    event = event_get_for_user(user, event_id)
    participant = participant_get(event, participant_id, user=user)
    phase = _check_phase(phase)
    if event.test_form_id is None:
        raise ValidationError(_("Choose the test form first."), field="test_form")
    cleaned = _clean_answers(form_items(event.test_form), answers)
    existing = TestSubmission.objects.filter(participant=participant, phase=phase).first()
    if existing is not None and not replace:
        raise Conflict(
            _("This participant's answers to this test are already recorded."),
            field="participant",
        )
    if existing is not None:
        existing.delete()
    submission = TestSubmission.objects.create(
        event=event,
        participant=participant,
        phase=phase,
        form=event.test_form,
        source=source if source in Source.values else Source.ENTRY,
        answers=cleaned,
        submitted_at=timezone.now(),
        recorded_by=user,
    )
    _audit(
        user,
        "training.test.record",
        "training_participant",
        participant.pk,
        ["answers"],
        extra={"event": event.pk, "phase": phase, "replaced": existing is not None},
    )
    return submission


@transaction.atomic
def test_responses_import(
    *,
    user,
    event_id,
    file_name: str,
    content: bytes,
    phase: str | None = None,
    replace: bool = False,
) -> int:
    """Import paper answer sheets (long or wide layout); all rows or none. Returns sheets saved."""
    event = event_get_for_user(user, event_id)
    if event.test_form_id is None:
        raise ValidationError(_("Choose the test form first."), field="test_form")
    if phase is not None:
        phase = _check_phase(phase)
    participants = {p.code: p for p in event.participants.all()}
    existing = {
        (s.participant.code, s.phase)
        for s in TestSubmission.objects.filter(event=event).select_related("participant")
    }
    sheets = parse_test_responses(
        file_name,
        content,
        items=form_items(event.test_form),
        participant_codes=set(participants),
        phase=phase,
        existing=set() if replace else existing,
    )
    now = timezone.now()
    replaced = 0
    for (code, sheet_phase), answers in sheets.items():
        replaced += TestSubmission.objects.filter(
            participant=participants[code], phase=sheet_phase
        ).delete()[0]
        TestSubmission.objects.create(
            event=event,
            participant=participants[code],
            phase=sheet_phase,
            form=event.test_form,
            source=Source.PAPER,
            answers=answers,
            submitted_at=now,
            recorded_by=user,
        )
    _audit(
        user,
        "training.test.import",
        "training_event",
        event.pk,
        ["answers"],
        extra={"sheets": len(sheets), "replaced": replaced},
    )
    return len(sheets)


@transaction.atomic
def public_test_submit(*, token: str, phase: str, answers: dict) -> TestSubmission:
    """A participant submits a test through their own link (no account)."""
    participant = participant_for_token(token)
    event = participant.event
    phase = _check_phase(phase)
    is_open = event.pre_test_open if phase == Phase.PRE else event.post_test_open
    if not is_open or event.test_form_id is None:
        raise Conflict(_("This test is not open."), field="phase")
    cleaned = _clean_answers(form_items(event.test_form), answers)
    if TestSubmission.objects.filter(participant=participant, phase=phase).exists():
        raise Conflict(_("You have already submitted this test. Thank you!"), field="phase")
    try:
        with transaction.atomic():
            submission = TestSubmission.objects.create(
                event=event,
                participant=participant,
                phase=phase,
                form=event.test_form,
                source=Source.WEB,
                answers=cleaned,
                submitted_at=timezone.now(),
            )
    except IntegrityError:  # two submissions at once: the first one counts
        raise Conflict(
            _("You have already submitted this test. Thank you!"), field="phase"
        ) from None
    _audit(
        None,
        "training.test.submit",
        "training_participant",
        participant.pk,
        ["answers"],
        purpose="participant's own test",
        extra={"event": event.pk, "phase": phase, "channel": "link"},
    )
    return submission


# --- evaluations ------------------------------------------------------------------------------


def _clean_evaluation_answers(event: TrainingEvent, answers) -> list[dict]:
    """[{"agenda": id|None, "question": id, "answer": str}] checked against the form."""
    if not isinstance(answers, list | tuple):
        raise ValidationError(_("Give the answers as a list."), field="answers")
    slots = {(a.pk if a else None, q.pk): q for a, q in evaluation_slots(event)}
    scale = event.evaluation_form.scale_max
    cleaned = []
    seen = set()
    for entry in answers:
        if not isinstance(entry, dict):
            raise ValidationError(_("Each answer names its question."), field="answers")
        agenda = entry.get("agenda")
        question = entry.get("question")
        key = (agenda if agenda not in ("", 0) else None, question)
        if key not in slots or key in seen:
            raise ValidationError(
                _("This question is not on the evaluation form."), field="answers.question"
            )
        seen.add(key)
        value = entry.get("answer")
        value = "" if value is None else str(value).strip()
        if not value:
            continue
        if slots[key].kind == QuestionKind.LIKERT:
            if not value.isdigit() or not 1 <= int(value) <= scale:
                raise ValidationError(
                    _("Choose a rating from 1 to %(max)d.") % {"max": scale},
                    field=f"answers.{question}",
                )
        elif len(value) > 2000:
            raise ValidationError(
                _("Enter at most %(n)d characters.") % {"n": 2000}, field=f"answers.{question}"
            )
        cleaned.append({"agenda": key[0], "question": question, "answer": value})
    return cleaned


@transaction.atomic
def public_evaluation_submit(*, token: str, answers) -> EvaluationResponse:
    participant = participant_for_token(token)
    event = participant.event
    if not event.evaluation_open or event.evaluation_form_id is None:
        raise Conflict(_("The evaluation is not open."), field="evaluation")
    cleaned = _clean_evaluation_answers(event, answers)
    if EvaluationResponse.objects.filter(participant=participant).exists():
        raise Conflict(
            _("You have already submitted your evaluation. Thank you!"), field="evaluation"
        )
    try:
        with transaction.atomic():
            response = EvaluationResponse.objects.create(
                event=event,
                participant=participant,
                source=Source.WEB,
                answers=cleaned,
                submitted_at=timezone.now(),
            )
    except IntegrityError:
        raise Conflict(
            _("You have already submitted your evaluation. Thank you!"), field="evaluation"
        ) from None
    _audit(
        None,
        "training.evaluation.submit",
        "training_participant",
        participant.pk,
        ["answers"],
        purpose="participant's own evaluation",
        extra={"event": event.pk, "channel": "link"},
    )
    return response


@transaction.atomic
def evaluation_record(
    *, user, event_id, answers, respondent: str = "", participant_id=None
) -> EvaluationResponse:
    """A trainer types in one evaluation sheet (anonymous unless a participant is named)."""
    event = event_get_for_user(user, event_id)
    if event.evaluation_form_id is None:
        raise ValidationError(_("Choose the evaluation form first."), field="evaluation_form")
    participant = participant_get(event, participant_id, user=user) if participant_id else None
    cleaned = _clean_evaluation_answers(event, answers)
    if (
        participant is not None
        and EvaluationResponse.objects.filter(participant=participant).exists()
    ):
        raise Conflict(_("This participant's evaluation is already recorded."), field="participant")
    response = EvaluationResponse.objects.create(
        event=event,
        participant=participant,
        respondent=cleaning.text(respondent, field="respondent", max_length=40),
        source=Source.ENTRY,
        answers=cleaned,
        submitted_at=timezone.now(),
        recorded_by=user,
    )
    _audit(
        user,
        "training.evaluation.record",
        "training_event",
        event.pk,
        ["answers"],
        extra={"response": response.pk},
    )
    return response


@transaction.atomic
def evaluations_import(*, user, event_id, file_name: str, content: bytes) -> int:
    """Import paper evaluation sheets; all rows or none. Returns the number of sheets."""
    event = event_get_for_user(user, event_id)
    if event.evaluation_form_id is None:
        raise ValidationError(_("Choose the evaluation form first."), field="evaluation_form")
    participants = {p.code: p for p in event.participants.all()}
    already = set(
        EvaluationResponse.objects.filter(event=event, participant__isnull=False).values_list(
            "participant__code", flat=True
        )
    )
    sheets: list[ParsedEvaluation] = parse_evaluations(
        file_name,
        content,
        slots=evaluation_slots(event),
        scale_max=event.evaluation_form.scale_max,
        participant_codes=set(participants),
        already_answered=already,
    )
    now = timezone.now()
    EvaluationResponse.objects.bulk_create(
        [
            EvaluationResponse(
                event=event,
                participant=participants.get(sheet.participant),
                respondent=sheet.respondent if not sheet.participant else "",
                source=Source.PAPER,
                answers=sheet.answers,
                submitted_at=now,
                recorded_by=user,
            )
            for sheet in sheets
        ]
    )
    _audit(
        user,
        "training.evaluation.import",
        "training_event",
        event.pk,
        ["answers"],
        extra={"sheets": len(sheets)},
    )
    return len(sheets)


# --- group work -------------------------------------------------------------------------------


@transaction.atomic
def station_add(*, user, event_id, day, name: str, agenda_item_id=None) -> GroupStation:
    event = event_get_for_user(user, event_id)
    day = cleaning.integer(day, field="day", minimum=1, maximum=event.days)
    agenda_item = None
    if agenda_item_id not in (None, ""):
        agenda_item = event.agenda.filter(pk=parse_id_field(agenda_item_id, "agenda_item")).first()
        if agenda_item is None:
            raise ValidationError(
                _("This session is not on the event's agenda."), field="agenda_item"
            )
    order = (event.stations.filter(day=day).aggregate(m=Max("order"))["m"] or 0) + 1
    station = GroupStation.objects.create(
        event=event,
        day=day,
        order=order,
        agenda_item=agenda_item,
        name=cleaning.text(name, field="name", max_length=200, required=True),
    )
    _audit(
        user,
        "training.station.create",
        "training_event",
        event.pk,
        ["stations"],
        extra={"station": station.pk, "day": day},
    )
    return station


@transaction.atomic
def group_output_add(
    *, user, event_id, station_id, kind: str, text: str, responsible: str = "", due_date=None
) -> GroupOutput:
    event = event_get_for_user(user, event_id)
    station = event.stations.filter(pk=parse_id_field(station_id, "station")).first()
    if station is None:
        raise NotFound()
    if kind not in OutputKind.values:
        raise ValidationError(_("Choose a recommendation or an action point."), field="kind")
    output = GroupOutput.objects.create(
        station=station,
        kind=kind,
        text=cleaning.text(text, field="text", max_length=4000, required=True),
        responsible=cleaning.text(responsible, field="responsible", max_length=300),
        due_date=cleaning.date(due_date, field="due_date", required=False),
        created_by=user,
    )
    _audit(
        user,
        "training.group_output.create",
        "training_event",
        event.pk,
        ["text", "responsible", "due_date"],
        extra={"station": station.pk, "kind": kind},
    )
    return output


@transaction.atomic
def group_output_delete(*, user, event_id, output_id) -> None:
    event = event_get_for_user(user, event_id)
    deleted, _unused = GroupOutput.objects.filter(
        station__event=event,
        pk=parse_id_field(output_id, "output"),
    ).delete()
    if not deleted:
        raise NotFound()
    _audit(
        user,
        "training.group_output.delete",
        "training_event",
        event.pk,
        ["text"],
        extra={"output": int(output_id)},
    )


# --- retention --------------------------------------------------------------------------------


def _erase_event(event: TrainingEvent) -> int:
    participants = list(event.participants.all())
    for participant in participants:
        for name in (*PERSONAL_PARTICIPANT_FIELDS, "token"):
            setattr(participant, name, "")
        participant.token_index = ""
    Participant.objects.bulk_update(
        participants, [*PERSONAL_PARTICIPANT_FIELDS, "token", "token_index"]
    )
    # Open answers may name people; ratings and test answers stay (pseudonymous, for statistics).
    for response in event.evaluations.all():
        kept = [a for a in response.answers if str(a.get("answer", "")).isdigit()]
        if kept != response.answers:
            response.answers = kept
            response.save(update_fields=["answers"])
    event.interim_analysis = event.final_analysis = ""
    event.personal_data_erased_at = timezone.now()
    event.save(
        update_fields=[
            "interim_analysis",
            "final_analysis",
            "personal_data_erased_at",
            "updated_at",
        ]
    )
    return len(participants)


@transaction.atomic
def event_personal_data_erase(*, user, event_id) -> int:
    """Erase participants' names, contacts, links and open answers now (codes, attributes,
    attendance and scores stay for the statistics). Returns the participants affected."""
    event = event_get_for_user(user, event_id)
    count = _erase_event(event)
    _audit(
        user,
        "training.event.erase",
        "training_event",
        event.pk,
        [*PERSONAL_PARTICIPANT_FIELDS, "token", "open_answers", "analysis"],
        purpose="data minimisation",
        extra={"participants": count},
    )
    return count


@transaction.atomic
def training_retention_apply(*, today: dt.date | None = None, dry_run: bool = False) -> dict:
    """Erase participants' personal data of every event past its retention date."""
    today = today or timezone.localdate()
    due = list(
        TrainingEvent.objects.filter(
            retention_until__lt=today, personal_data_erased_at__isnull=True
        )
    )
    participants = 0
    if not dry_run:
        for event in due:
            erased = _erase_event(event)
            participants += erased
            audit_record(
                actor=None,
                action="training.retention.apply",
                object_type="training_event",
                object_id=event.pk,
                fields=[*PERSONAL_PARTICIPANT_FIELDS, "token", "open_answers"],
                purpose="retention",
                extra={"participants": erased},
            )
    return {"events": len(due), "participants": participants, "dry_run": dry_run}
