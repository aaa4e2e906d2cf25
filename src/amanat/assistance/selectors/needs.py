"""Needs assessments of a case."""

from __future__ import annotations

from amanat.accounts.denials import denied
from amanat.assistance.access import owner_case
from amanat.assistance.auditing import audit_case_list, audit_case_record
from amanat.assistance.models import (
    NeedsAssessment,
)
from amanat.core.ids import parse_id


def needs_assessments(user, case_id) -> list[NeedsAssessment]:
    case = owner_case(user, case_id)
    rows = list(
        NeedsAssessment.objects.filter(case=case)
        .prefetch_related("needs")
        .select_related("recorded_by")
    )
    audit_case_list(user, "needs_assessment.list", case, ["answers", "notes"], len(rows))
    return rows


def needs_assessment_read(user, case_id, assessment_id) -> NeedsAssessment:
    case = owner_case(user, case_id)
    pk = parse_id(assessment_id)
    assessment = (
        NeedsAssessment.objects.filter(pk=pk, case=case)
        .prefetch_related("needs")
        .select_related("recorded_by")
        .first()
    )
    if assessment is None:
        raise denied(user, "needs_assessment", pk, model=NeedsAssessment)
    audit_case_record(
        user, "needs_assessment.view", "needs_assessment", assessment.pk, ["answers", "notes"], case
    )
    return assessment
