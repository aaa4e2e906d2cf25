"""Retention: erase the personal data this app holds about a case."""

from __future__ import annotations

from django.db import transaction

from amanat.assistance.models import (
    FollowUpVisit,
    NeedsAssessment,
    PlanAction,
    ReintegrationAssessment,
    ServiceDelivery,
    SupportPlan,
)
from amanat.privacy.audit import audit_record

# Encrypted fields of this app, per model, with their erased value.
ERASABLE = (
    (NeedsAssessment, {"answers": {}, "notes": ""}),
    (SupportPlan, {"objectives": ""}),
    (PlanAction, {"description": "", "progress_note": ""}),
    (ServiceDelivery, {"description": ""}),
    (FollowUpVisit, {"notes": ""}),
    (ReintegrationAssessment, {"answers": {}, "explanation": {}}),
)


@transaction.atomic
def assistance_personal_data_erase(*, case_id: int) -> dict[str, int]:
    """Erase the personal data this app holds about a case (retention), keeping codes, dates,
    costs and scores. For `cases.retention` to call with the case and person fields; no access
    check (a system job). Returns the number of rows erased per model."""
    from amanat.cases.models import CaseStatusChange

    counts = {}
    for model, values in (*ERASABLE, (CaseStatusChange, {"note": ""})):
        rows = list(model.objects.filter(case_id=case_id))
        for row in rows:
            for name, value in values.items():
                setattr(row, name, value)
        if rows:
            model.objects.bulk_update(rows, list(values))
        counts[model.__name__] = len(rows)
    audit_record(
        action="assistance.retention_erase",
        object_type="case",
        object_id=case_id,
        fields=[f"{m.__name__}.{n}" for m, v in ERASABLE for n in v] + ["CaseStatusChange.note"],
        purpose="retention",
        extra={"rows": sum(counts.values())},
    )
    return counts
