"""Group work: stations and their outputs."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from amanat.core.ids import parse_id_field
from amanat.errors import NotFound, ValidationError
from amanat.training import cleaning
from amanat.training.access import event_get_for_user
from amanat.training.models import GroupOutput, GroupStation, OutputKind

from ._common import _audit


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
