"""Reads of a case's needs (their reasons are personal data: audited)."""

from __future__ import annotations

from amanat.privacy.audit import audit_record
from amanat.referrals.access import case_for_referral_work
from amanat.referrals.models import Need


def needs_for_case(user, case_id) -> list[Need]:
    case = case_for_referral_work(user, case_id)
    needs = list(Need.objects.filter(case=case).order_by("status", "created_at", "id"))
    audit_record(
        actor=user,
        action="need.list",
        object_type="case",
        object_id=case.pk,
        fields=["reason"],
        purpose="case management",
    )
    return needs
