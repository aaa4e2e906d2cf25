"""The audit entries of assistance reads and writes: field names only, never values."""

from __future__ import annotations

from amanat.cases.models import Case
from amanat.privacy.audit import audit_record

PURPOSE = "assistance"


def audit_case_record(
    user, action: str, object_type: str, object_id: int, fields: list[str], case: Case, **extra
) -> None:
    """Audit a read of, or a write to, one of a case's records."""
    audit_record(
        actor=user,
        action=action,
        object_type=object_type,
        object_id=object_id,
        fields=fields,
        purpose=PURPOSE,
        extra={"case_id": case.pk, **extra},
    )


def audit_case_list(user, action: str, case: Case, fields: list[str], count: int) -> None:
    """Audit a list of a case's records read."""
    audit_record(
        actor=user,
        action=action,
        object_type="case",
        object_id=case.pk,
        fields=fields,
        purpose=PURPOSE,
        extra={"count": count},
    )
