"""An event's agenda: built from the curriculum or added by hand."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from amanat.core.ids import parse_id_field
from amanat.errors import Conflict, NotFound, ValidationError
from amanat.training import cleaning
from amanat.training.access import event_get_for_user
from amanat.training.models import AgendaItem, CurriculumSession, GroupStation, TrainingEvent

from ._common import _audit


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
