"""Attendance marks per participant and day."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from amanat.errors import ValidationError
from amanat.training.access import event_get_for_user
from amanat.training.models import Attendance

from ._common import _audit


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
