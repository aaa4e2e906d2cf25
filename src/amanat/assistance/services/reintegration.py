"""Reintegration sustainability assessments: scored answers, at a visit or on their own."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from amanat.assistance import config, events
from amanat.assistance.auditing import audit_case_record
from amanat.assistance.models import (
    FollowUpVisit,
    ReintegrationAssessment,
)
from amanat.assistance.reintegration import InvalidAnswer, score_answers
from amanat.assistance.services._common import (
    answer_error,
    clean_date,
    writable_case,
)
from amanat.cases.models import Case
from amanat.core.ids import parse_id_field
from amanat.errors import Conflict, ValidationError


def reintegration_record(
    *, user, case: Case, answers: dict, assessed_on: dt.date, visit: FollowUpVisit | None
) -> ReintegrationAssessment:
    instrument = config.instrument()
    try:
        result = score_answers(answers, instrument=instrument)
    except InvalidAnswer as error:
        raise answer_error(error) from None
    explanation = result.explanation
    dimensions = explanation["dimensions"].values()
    scored = sum(d["indicators_scored"] for d in dimensions)
    if scored == 0 and not any(v not in (None, "") for v in answers.values()):
        raise ValidationError(_("Answer at least one indicator."), field="answers")
    record = ReintegrationAssessment.objects.create(
        case=case,
        visit=visit,
        assessed_on=assessed_on,
        answers={k: v for k, v in answers.items() if v not in (None, "")},
        explanation=explanation,
        economic=result.economic,
        social=result.social,
        psychosocial=result.psychosocial,
        composite=result.composite,
        indicators_scored=scored,
        indicators_total=sum(d["indicators_total"] for d in dimensions),
        instrument_version=instrument.version,
        instrument_digest=instrument.digest,
        organisation_id=user.organisation_id,
        recorded_by=user,
    )
    audit_case_record(
        user,
        "reintegration_assessment.create",
        "reintegration_assessment",
        record.pk,
        ["answers", "scores"],
        case,
        visit_id=visit.pk if visit else None,
        instrument_version=instrument.version,
    )
    events.SCORE_RECORDED.record(
        case=case,
        actor=user,
        data={
            "assessment_id": record.pk,
            "visit_id": visit.pk if visit else None,
            "instrument_version": instrument.version,
            "indicators_scored": scored,
        },
    )
    return record


@transaction.atomic
def reintegration_assessment_record(
    *, user, case_id, answers: dict, assessed_on: dt.date | str | None = None, visit_id=None
) -> ReintegrationAssessment:
    """Score a reintegration sustainability assessment and store answers, scores, explanation
    and the indicator file's version. Invalid answers change nothing (422 naming the indicator)."""
    case = writable_case(user, case_id)
    if not isinstance(answers, dict) or not answers:
        raise ValidationError(_("Answer at least one indicator."), field="answers")
    assessed_on = clean_date(assessed_on, "assessed_on", required=False) or timezone.localdate()
    visit = None
    if visit_id not in (None, ""):
        visit = FollowUpVisit.objects.filter(
            pk=parse_id_field(visit_id, "visit"), case=case, visited_on__isnull=False
        ).first()
        if visit is None:
            raise ValidationError(_("Unknown visit for this case."), field="visit")
        if ReintegrationAssessment.objects.filter(visit=visit).exists():
            raise Conflict(_("This visit already has an assessment."), field="visit")
    return reintegration_record(
        user=user, case=case, answers=answers, assessed_on=assessed_on, visit=visit
    )
