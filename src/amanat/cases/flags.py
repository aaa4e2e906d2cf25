"""Case flags (ADR 1620): a warning on a case with a reason and an optional end date.

A flag is in force from when it is added until it is removed or its `until` day has passed;
lists and the case page show only flags in force. The reason is personal (encrypted).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from amanat.accounts.denials import denied
from amanat.accounts.roles import Perm
from amanat.cases import events
from amanat.cases.access import case_get_for_owner
from amanat.cases.models import Case, CaseFlag
from amanat.core.ids import try_parse_id
from amanat.errors import ValidationError
from amanat.privacy.audit import audit_record

REASON_MAX = 500


def flags_in_force_q(today: dt.date, prefix: str = "") -> Q:
    """Flags in force on `today` (as a filter over CaseFlag, or over Case with prefix="flags__")."""
    return Q(**{f"{prefix}removed_at__isnull": True}) & (
        Q(**{f"{prefix}until__isnull": True}) | Q(**{f"{prefix}until__gte": today})
    )


def _today() -> dt.date:
    return timezone.localdate()


def _until(value) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        day = value
    else:
        try:
            day = dt.date.fromisoformat(str(value))
        except ValueError as error:
            raise ValidationError(_("Enter a date as YYYY-MM-DD."), field="until") from error
    if day < _today():
        raise ValidationError(_("The end date cannot be in the past."), field="until")
    return day


@transaction.atomic
def case_flag_add(*, user, case_id, reason: str, until=None) -> CaseFlag:
    case = case_get_for_owner(user, case_id, permission=Perm.CASE_UPDATE)
    reason = (reason or "").strip() if isinstance(reason, str) else ""
    if not reason:
        raise ValidationError(_("Say why the case is flagged."), field="reason")
    if len(reason) > REASON_MAX:
        raise ValidationError(_("At most %(n)d characters.") % {"n": REASON_MAX}, field="reason")
    flag = CaseFlag.objects.create(
        case=case, reason=reason, until=_until(until), created_by=user, created_at=timezone.now()
    )
    audit_record(
        actor=user,
        action="case.flag_add",
        object_type="case",
        object_id=case.pk,
        fields=["flag.reason"] + (["flag.until"] if flag.until else []),
        purpose="case management",
        extra={"flag_id": flag.pk},
    )
    events.CASE_FLAG_ADDED.record(case=case, actor=user, data={"flag_id": flag.pk})
    return flag


@transaction.atomic
def case_flag_remove(*, user, case_id, flag_id) -> CaseFlag:
    case = case_get_for_owner(user, case_id, permission=Perm.CASE_UPDATE)
    pk = try_parse_id(flag_id)
    flag = (
        CaseFlag.objects.select_for_update().filter(pk=pk, case=case).first()
        if pk is not None
        else None
    )
    if flag is None or flag.removed_at is not None:
        raise denied(user, "case_flag", flag_id, exists=flag is not None)
    flag.removed_by = user
    flag.removed_at = timezone.now()
    flag.save(update_fields=["removed_by", "removed_at"])
    audit_record(
        actor=user,
        action="case.flag_remove",
        object_type="case",
        object_id=case.pk,
        fields=["flag.removed_at"],
        purpose="case management",
        extra={"flag_id": flag.pk},
    )
    events.CASE_FLAG_REMOVED.record(case=case, actor=user, data={"flag_id": flag.pk})
    return flag


def case_flags_in_force(case: Case) -> list[CaseFlag]:
    """The flags shown on a case (the caller read the case through its access check)."""
    return list(
        CaseFlag.objects.filter(flags_in_force_q(_today()), case=case).order_by("created_at", "id")
    )


def flags_by_case(case_ids: list[int]) -> dict[int, list[CaseFlag]]:
    """Flags in force of the listed cases (one query), for the lists."""
    result: dict[int, list[CaseFlag]] = {}
    for flag in CaseFlag.objects.filter(flags_in_force_q(_today()), case_id__in=case_ids):
        result.setdefault(flag.case_id, []).append(flag)
    return result
