"""The interview's consent checklist and the case's consent record are one thing (ADR 1601).

A guide with a consent section (`consent` with the question `consent_interview`, as the
identification interview has) asks the same checklist as the case's consent form. It is asked
once: when the case already holds consent to an interview, a new interview starts with the
checklist filled from that record and opens at the first question after it; when it does not,
the interviewer goes through the checklist in the interview and a "yes" records the consent on
the case (`cases.consent.consent_record`, purpose `interview`, verbal). Without either, the
interview gives no result: "no result: no consent".
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from amanat.cases.consent import consent_in_force, consent_record
from amanat.errors import ValidationError
from amanat.privacy.models import Consent, ConsentPurpose

CONSENT_SECTION = "consent"
CONSENT_QUESTION = "consent_interview"
# Guide question -> key of the case consent checklist (privacy.models.CONSENT_CHECKLIST).
CHECKLIST = {
    "informed_purpose": "informed_purpose",
    "informed_data_use": "informed_use",
    "informed_research_use": "informed_research",
    "informed_right_to_access": "informed_access_right",
    "informed_retention": "informed_retention",
    "informed_withdrawal": "informed_withdrawal",
}


def asks_consent(guide) -> bool:
    """Does this guide open with the consent checklist?"""
    return any(
        section.id == CONSENT_SECTION and any(q.id == CONSENT_QUESTION for q in section.questions)
        for section in guide.sections or ()
    )


def answers_from_case_consent(case_id: int) -> dict | None:
    """The checklist answers the case's interview consent in force gives, or None."""
    if not consent_in_force(case_id=case_id, purpose=ConsentPurpose.INTERVIEW):
        return None
    record = (
        Consent.objects.filter(case_id=case_id, purpose=ConsentPurpose.INTERVIEW)
        .order_by("-recorded_at", "-id")
        .first()
    )
    checklist = (record.checklist if record else None) or {}
    # Points ticked on the record are "yes"; the others stay unanswered (not a guessed "no").
    answers = {q: "yes" for q, key in CHECKLIST.items() if checklist.get(key)}
    answers[CONSENT_QUESTION] = "yes"
    return answers


def record_interview_consent(*, user, case_id: int, answers: dict) -> None:
    """The person said yes in the interview: record it on the case, once."""
    if answers.get(CONSENT_QUESTION) != "yes":
        return
    if consent_in_force(case_id=case_id, purpose=ConsentPurpose.INTERVIEW):
        return
    consent_record(
        user=user,
        case_id=case_id,
        purpose=ConsentPurpose.INTERVIEW,
        method="verbal",
        checklist={key: answers.get(q) == "yes" for q, key in CHECKLIST.items()},
        notes="",
    )


def require_consent(*, guide, case_id: int, answers: dict) -> None:
    """No result without consent: refuse to score an interview the person did not agree to."""
    if not asks_consent(guide):
        return
    if answers.get(CONSENT_QUESTION) == "yes" and consent_in_force(
        case_id=case_id, purpose=ConsentPurpose.INTERVIEW
    ):
        return
    raise ValidationError(
        _(
            "No result: no consent. The person has not agreed to the interview (or the "
            "question is unanswered), so nothing is scored or filed. Record the consent, or "
            "discard this draft."
        ),
        field=CONSENT_QUESTION,
    )
