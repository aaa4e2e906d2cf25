"""Training events: create, update, the trainers' analysis text."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from amanat.core.writes import changed_fields, model_update
from amanat.errors import Conflict, ValidationError
from amanat.training import cleaning
from amanat.training.access import (
    curriculum_version_get,
    evaluation_form_get,
    event_get_for_user,
    require_trainer,
    test_form_get,
)
from amanat.training.models import Attendance, EventTrainer, TrainingEvent, VersionStatus

from ._common import _add_years, _audit
from .retention import RETENTION_YEARS

MAX_EVENT_DAYS = 31
MAX_ATTEMPTS = 10  # a retake is a second chance, not unlimited guessing


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
    if "attempts_allowed" in data:
        cleaned["attempts_allowed"] = _clean_attempts(data["attempts_allowed"])
    test_form = cleaned.get("test_form", getattr(existing, "test_form", None))
    if (cleaned.get("pre_test_open") or cleaned.get("post_test_open")) and test_form is None:
        raise ValidationError(_("Choose the test form first."), field="test_form")
    evaluation_form = cleaned.get("evaluation_form", getattr(existing, "evaluation_form", None))
    if cleaned.get("evaluation_open") and evaluation_form is None:
        raise ValidationError(_("Choose the evaluation form first."), field="evaluation_form")
    return cleaned


def _clean_attempts(value) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_ATTEMPTS:
        raise ValidationError(
            _("Enter a whole number from 1 to %(max)d.") % {"max": MAX_ATTEMPTS},
            field="attempts_allowed",
        )
    return value


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
    changed = changed_fields(event, cleaned)
    values = dict(cleaned)
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
            values["retention_until"] = _add_years(cleaned["end_date"], RETENTION_YEARS)
    model_update(
        event,
        values,
        actor=user,
        action="training.event.update",
        object_type="training_event",
        purpose="training",
    )
    return event


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
