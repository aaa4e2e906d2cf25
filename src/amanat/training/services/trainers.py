"""The trainers of an event."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from amanat.accounts.models import User
from amanat.accounts.roles import Perm
from amanat.core.ids import parse_id_field
from amanat.errors import Conflict, NotFound, ValidationError
from amanat.training import cleaning
from amanat.training.access import event_get_for_user
from amanat.training.models import EventTrainer

from ._common import _audit


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
