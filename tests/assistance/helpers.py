"""Helpers for the assistance tests: consented cases, directory entries, referrals."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from amanat.assistance import services
from amanat.cases.consent import consent_record
from amanat.referrals.models import DirectoryService
from amanat.referrals.services import referral_accept, referral_create, referral_send
from tests.fixtures import make_case

TODAY = dt.date(2026, 3, 10)

# Every RSS indicator answered: economic 0.45, social 0.5 (education not applicable), psychosocial
# 0.5, composite (0.45 + 0.5 + 0.5) / 3 = 0.4833 (see tests/assistance/test_reintegration_score.py).
MIXED = {
    "income_and_work": "insufficient",
    "economic_satisfaction": "satisfied",
    "food_shortage": "rarely",
    "debt_and_borrowing": "debt_above_monthly_spending",
    "productive_assets": "none",
    "housing": "adequate_secure",
    "education": "not_applicable",
    "basic_services": "limited",
    "documentation": "some",
    "access_to_justice": "none",
    "support_and_participation": "support_network_only",
    "discrimination": "sometimes",
    "psychological_distress": "often",
    "feeling_safe": "agree",
    "wish_to_remigrate": "considering",
}


def consent(user, case, purpose: str = "assistance", **kwargs):
    return consent_record(user=user, case_id=case.pk, purpose=purpose, method="written", **kwargs)


def consented_case(user, **kwargs):
    case = make_case(user=user, **kwargs)
    consent(user, case)
    return case


def assess(user, case, answers=None, **kwargs):
    return services.needs_assessment_record(
        user=user,
        case_id=case.pk,
        answers=answers
        if answers is not None
        else {"shelter": "urgent", "medical_now": "needed", "income_and_work": "needed"},
        **kwargs,
    )


def plan_with_action(user, case, *, organisation=None, service_type="shelter", **plan_kwargs):
    assessment = assess(user, case)
    plan = services.support_plan_create(
        user=user,
        case_id=case.pk,
        plan_type="SocialCare",
        objectives="Safe place to live",
        agreed_with_person=True,
        **plan_kwargs,
    )
    need = assessment.needs.get(service_type=service_type).need
    action = services.plan_action_add(
        user=user,
        case_id=case.pk,
        plan_id=plan.pk,
        description="Room in the shelter",
        responsible_organisation_id=(organisation or user.organisation).pk,
        need_id=need.pk,
    )
    return plan, action


def offer(org, service_type: str):
    return DirectoryService.objects.get_or_create(
        organisation=org, service_type=service_type, defaults={"country": org.country}
    )[0]


def accepted_referral(sender, case, recipient_org, recipient_user, service_type="medical_care"):
    """A referral of `case` to `recipient_org`, consented, sent and accepted."""
    offer(recipient_org, service_type)
    consent(sender, case, purpose="referral", recipient_organisation_id=recipient_org.pk)
    referral = referral_create(
        user=sender,
        case_id=case.pk,
        to_organisation_id=recipient_org.pk,
        services=[service_type],
        urgency="normal",
        reason="Needs a check-up",
    )
    referral_send(user=sender, referral_id=referral.pk)
    return referral_accept(user=recipient_user, referral_id=referral.pk)


def now():
    return timezone.now()
