"""Retention hook (see amanat.cases.retention): erase free text about the person held in needs,
referrals, their transitions and recipients' notes; codes, dates and states stay for statistics."""

from __future__ import annotations

from amanat.privacy.audit import audit_record
from amanat.referrals.models import Need, Referral, ReferralNote, ReferralTransition

REFERRAL_TEXT = (
    "reason",
    "legal_basis_note",
    "override_justification",
    "decline_reason",
    "outcome_note",
)


def erase_case_personal_data(case) -> int:
    erased = 0
    for need in Need.objects.filter(case=case):
        need.reason = ""
        need.save(update_fields=["reason"])
        erased += 1
    referrals = list(Referral.objects.filter(case=case))
    for referral in referrals:
        for name in REFERRAL_TEXT:
            setattr(referral, name, "")
        referral.save(update_fields=list(REFERRAL_TEXT))
        erased += 1
    for transition in ReferralTransition.objects.filter(referral__in=referrals):
        transition.reason = ""
        transition.save(update_fields=["reason"])
    notes = ReferralNote.objects.filter(referral__in=referrals)
    for note in notes:
        note.text = ""
        note.save(update_fields=["text"])
    if erased:
        audit_record(
            action="retention.erase",
            object_type="case",
            object_id=case.pk,
            fields=[
                "need.reason",
                *(f"referral.{n}" for n in REFERRAL_TEXT),
                "referral_transition.reason",
                "referral_note.text",
            ],
            purpose="retention",
        )
    return erased
