"""Events a trainer sees."""

from __future__ import annotations

from django.db.models import Count

from amanat.accounts.models import User
from amanat.training.access import event_get_for_user, events_visible_to
from amanat.training.models import AgendaItem, EvaluationQuestion, TrainingEvent


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


def event_agenda(event: TrainingEvent) -> list[AgendaItem]:
    """The event's agenda in its order (day, time, position)."""
    return list(event.agenda.all())


def agenda_count(event: TrainingEvent) -> int:
    return event.agenda.count()


def evaluation_questions(event: TrainingEvent) -> list[EvaluationQuestion]:
    """The questions of the event's evaluation form, or none without a form."""
    if not event.evaluation_form_id:
        return []
    return list(event.evaluation_form.questions.all())


def active_user(username: str) -> User | None:
    """The active account a command-line report is produced for (its access rules apply)."""
    return User.objects.filter(username=username, is_active=True).first()
