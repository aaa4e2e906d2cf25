"""Reintegration sustainability assessments: the trajectory and one assessment."""

from __future__ import annotations

from amanat.accounts.denials import denied
from amanat.assistance.access import owner_case
from amanat.assistance.auditing import audit_case_list, audit_case_record
from amanat.assistance.models import (
    ReintegrationAssessment,
)
from amanat.assistance.selectors._common import (
    case_scores,
)
from amanat.core.ids import parse_id


def reintegration_trajectory(user, case_id) -> list[ReintegrationAssessment]:
    case = owner_case(user, case_id)
    rows = case_scores(case)
    audit_case_list(user, "reintegration.trajectory", case, ["scores"], len(rows))
    return rows


def reintegration_assessment_read(user, case_id, assessment_id) -> ReintegrationAssessment:
    case = owner_case(user, case_id)
    pk = parse_id(assessment_id)
    record = ReintegrationAssessment.objects.filter(pk=pk, case=case).first()
    if record is None:
        raise denied(user, "reintegration_assessment", pk, model=ReintegrationAssessment)
    audit_case_record(
        user,
        "reintegration_assessment.view",
        "reintegration_assessment",
        record.pk,
        ["answers", "explanation", "scores"],
        case,
    )
    return record
