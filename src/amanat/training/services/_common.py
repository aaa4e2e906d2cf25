"""Helpers shared by the training services."""

from __future__ import annotations

import datetime as dt

from amanat.privacy.audit import audit_record


def _audit(
    user,
    action: str,
    object_type: str,
    object_id,
    fields,
    *,
    purpose: str = "training",
    extra: dict | None = None,
) -> None:
    audit_record(
        actor=user,
        action=action,
        object_type=object_type,
        object_id=object_id,
        fields=list(fields),
        purpose=purpose,
        extra=extra,
    )


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)
