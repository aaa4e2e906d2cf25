"""The audit of personal-data reads, shared by the training selectors."""

from __future__ import annotations

from amanat.privacy.audit import audit_record
from amanat.training.models import TrainingEvent


def _audit_read(
    user, action: str, event: TrainingEvent, fields, *, purpose: str, extra: dict | None = None
) -> None:
    audit_record(
        actor=user,
        action=action,
        object_type="training_event",
        object_id=event.pk,
        fields=list(fields),
        purpose=purpose,
        extra=extra,
    )
