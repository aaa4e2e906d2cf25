"""Participants of an event and their personal links (registration tokens)."""

from __future__ import annotations

import secrets

from django.db import transaction
from django.utils.translation import gettext as _

from amanat.core.writes import model_update
from amanat.errors import ValidationError
from amanat.training import cleaning
from amanat.training.access import event_get_for_user, participant_get, token_index
from amanat.training.imports import parse_participants
from amanat.training.models import Participant, TrainingEvent

from ._common import _audit

PERSONAL_PARTICIPANT_FIELDS = ("full_name", "organisation_name", "position", "email", "phone")
PARTICIPANT_FIELDS = (
    *PERSONAL_PARTICIPANT_FIELDS,
    "organisation_type",
    "nrm_role",
    "gender",
    "country",
)


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
    cleaned = cleaning.participant(data)
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
    cleaned = cleaning.participant(changes)
    if "full_name" in cleaned and not cleaned["full_name"]:
        raise ValidationError(_("This field is required."), field="full_name")
    model_update(
        participant,
        cleaned,
        actor=user,
        action="training.participant.update",
        object_type="training_participant",
        purpose="training",
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
