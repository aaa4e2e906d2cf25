"""Events a trainer sees."""

from __future__ import annotations

from django.db.models import Count

from amanat.training.access import event_get_for_user, events_visible_to
from amanat.training.models import TrainingEvent


def event_list(user) -> list[TrainingEvent]:
    """The user's own events with counts; no personal data is read."""
    return list(
        events_visible_to(user)
        .annotate(
            participant_count=Count("participants", distinct=True),
        )
        .order_by("-start_date", "-id")
    )


def event_get(user, event_id) -> TrainingEvent:
    return event_get_for_user(user, event_id)


def event_trainers(event: TrainingEvent) -> list:
    return [row.user for row in event.trainer_rows.select_related("user", "user__organisation")]
