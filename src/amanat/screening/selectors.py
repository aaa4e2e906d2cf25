"""Reads of assessments. Lists show codes only (nothing decrypted); reading answers or a result
is a read of personal data: access-checked and audited."""

from __future__ import annotations

from django.db.models import QuerySet

from amanat.accounts.denials import denied
from amanat.core.ids import parse_id
from amanat.privacy.audit import audit_record
from amanat.screening.access import screening_case_for_user
from amanat.screening.models import Assessment, AssessmentStatus

SUMMARY_DEFER = ("answers", "result")


def _summaries(case) -> QuerySet[Assessment]:
    return (
        Assessment.objects.filter(case=case)
        .defer(*SUMMARY_DEFER)
        .select_related("started_by", "completed_by", "updated_by")
    )


def assessment_summaries(case) -> list[Assessment]:
    """A case's assessments, oldest first, without their (encrypted) answers and results.

    For a case the caller has already read through `screening_case_for_user`.
    """
    return list(_summaries(case).order_by("started_at", "id"))


def assessment_list_for_case(user, case_id) -> tuple[object, list[Assessment]]:
    case = screening_case_for_user(user, case_id)
    return case, assessment_summaries(case)


def _completed(case, guide_id: str) -> QuerySet[Assessment]:
    return Assessment.objects.filter(
        case=case, guide_id=guide_id, status=AssessmentStatus.COMPLETED
    )


def latest_completed_assessment_id(case, guide_id: str) -> int | None:
    """The id of the case's latest completed assessment with a guide (to copy its answers).

    For a case the caller has already read through `screening_case_for_user`.
    """
    return (
        _completed(case, guide_id)
        .order_by("-started_at", "-id")
        .values_list("pk", flat=True)
        .first()
    )


def completed_assessment_count(case, guide_id: str) -> int:
    """How many completed assessments of a guide the case has (two or more can be compared)."""
    return _completed(case, guide_id).count()


def assessment_read(
    user, case_id, assessment_id, *, purpose: str = "identification", with_result: bool = True
) -> Assessment:
    """One assessment with its answers (and result): checked and audited as a read."""
    case = screening_case_for_user(user, case_id)
    pk = parse_id(assessment_id)
    assessment = (
        Assessment.objects.filter(pk=pk, case=case)
        .select_related("case", "started_by", "completed_by", "updated_by")
        .first()
    )
    if assessment is None:
        raise denied(user, "assessment", pk, model=Assessment)
    fields = ["answers", "result"] if with_result and assessment.result is not None else ["answers"]
    audit_record(
        actor=user,
        action="assessment.view",
        object_type="assessment",
        object_id=assessment.pk,
        fields=fields,
        purpose=purpose,
        extra={"case_id": case.pk},
    )
    return assessment


def assessments_for_comparison(user, case_id, guide_id: str) -> tuple[object, list[Assessment]]:
    """The completed assessments of one guide for a case, oldest first, with their results."""
    case = screening_case_for_user(user, case_id)
    rows = list(
        _completed(case, guide_id).select_related("completed_by").order_by("completed_at", "id")
    )
    if rows:
        audit_record(
            actor=user,
            action="assessment.compare",
            object_type="case",
            object_id=case.pk,
            fields=["result"],
            purpose="identification",
            extra={"assessment_ids": [a.pk for a in rows], "guide": guide_id},
        )
    return case, rows
