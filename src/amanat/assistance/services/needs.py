"""Needs assessments: the answers and the needs they identify."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from amanat.assistance import codes, config, events
from amanat.assistance.auditing import audit_case_record
from amanat.assistance.models import (
    AssessmentStage,
    IdentifiedNeed,
    NeedsAssessment,
)
from amanat.assistance.needs import InvalidNeedsAnswer, assess_needs
from amanat.assistance.services._common import (
    answer_error,
    clean_choice,
    clean_date,
    clean_text,
    respondent_group_for,
    writable_case,
)
from amanat.referrals.services import needs_suggest_from


@transaction.atomic
def needs_assessment_record(
    *,
    user,
    case_id,
    answers: dict,
    stage: str = AssessmentStage.INTAKE,
    assessed_on: dt.date | str | None = None,
    respondent_group: str | None = None,
    reintegration_setting: str = "",
    notes: str = "",
) -> NeedsAssessment:
    """Record a needs assessment and the needs it identifies (one per category and service type,
    at the most urgent level any answer gave)."""
    case = writable_case(user, case_id)
    stage = clean_choice(stage, AssessmentStage.values, "stage")
    assessed_on = clean_date(assessed_on, "assessed_on", required=False) or timezone.localdate()
    guide = config.needs_guide()
    group = respondent_group or respondent_group_for(case, assessed_on)
    if reintegration_setting:
        clean_choice(reintegration_setting, guide.settings, "reintegration_setting")
    notes = clean_text(notes, "notes")
    try:
        result = assess_needs(answers if answers is not None else {}, group=group, guide=guide)
    except InvalidNeedsAnswer as error:
        raise answer_error(error) from None
    answered = {code: value for code, value in answers.items() if value not in (None, "")}
    assessment = NeedsAssessment.objects.create(
        case=case,
        stage=stage,
        assessed_on=assessed_on,
        respondent_group=group,
        reintegration_setting=reintegration_setting or "",
        guide_version=guide.version,
        guide_digest=guide.digest,
        answers=answered,
        notes=notes,
        organisation_id=user.organisation_id,
        recorded_by=user,
    )
    merged: dict[tuple[str, str], str] = {}
    for finding in result.needs:
        key = (finding.category, finding.service_type)
        current = merged.get(key)
        if current is None or codes.urgency_rank(finding.urgency) < codes.urgency_rank(current):
            merged[key] = finding.urgency
    # Open (or confirm) the case's needs in the referral mechanism, so they can be referred and
    # planned: one per service type, at the most urgent level found.
    by_type: dict[str, str] = {}
    for (_category, service_type), urgency in merged.items():
        if service_type not in by_type or codes.urgency_rank(urgency) < codes.urgency_rank(
            by_type[service_type]
        ):
            by_type[service_type] = urgency
    linked = needs_suggest_from(
        user=user,
        case=case,
        suggestions=[{"service_type": st, "urgency": u} for st, u in by_type.items()],
        source_ref=f"needs_assessment:{assessment.pk}",
    )
    needs = {n.service_type: n for n in [*linked.created, *linked.already_open]}
    IdentifiedNeed.objects.bulk_create(
        IdentifiedNeed(
            assessment=assessment,
            case=case,
            category=category,
            service_type=service_type,
            urgency=urgency,
            need=needs.get(service_type),
        )
        for (category, service_type), urgency in merged.items()
    )
    audit_case_record(
        user,
        "needs_assessment.create",
        "needs_assessment",
        assessment.pk,
        ["answers"] + (["notes"] if notes else []),
        case,
        needs=len(merged),
        guide_version=guide.version,
    )
    events.NEEDS_ASSESSED.record(
        case=case,
        actor=user,
        data={"assessment_id": assessment.pk, "stage": stage, "needs": len(merged)},
    )
    return assessment
