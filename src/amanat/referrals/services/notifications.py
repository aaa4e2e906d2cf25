"""In-app notices about referrals: marking them read (they are written by `notify`)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from amanat.errors import ValidationError
from amanat.referrals.models import Notification


@transaction.atomic
def notifications_mark_read(*, user, ids: list[int] | None = None, mark_all: bool = False) -> int:
    """Mark the given notifications of `user` read, or all of them with `mark_all=True`.

    Exactly one of the two: a missing list must never silently widen to "everything".
    """
    if mark_all == (ids is not None):
        raise ValidationError(_("Give either a list of ids or all: true."), field="ids")
    rows = Notification.objects.filter(user=user, read_at__isnull=True)
    if not mark_all:
        rows = rows.filter(pk__in=ids)
    return rows.update(read_at=timezone.now())
