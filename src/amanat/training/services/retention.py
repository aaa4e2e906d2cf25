"""Erasure of an event's personal data and the retention rule."""

from __future__ import annotations

import datetime as dt
import os

from django.db import transaction
from django.utils import timezone

from amanat.privacy.audit import audit_record
from amanat.training.access import event_get_for_user
from amanat.training.models import Participant, TrainingEvent

from ._common import _audit
from .participants import PERSONAL_PARTICIPANT_FIELDS

RETENTION_YEARS = int(os.environ.get("AMANAT_TRAINING_RETENTION_YEARS", "3"))


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
