"""Services delivered to the person."""

from __future__ import annotations

from amanat.accounts.roles import Perm
from amanat.assistance.access import service_case
from amanat.assistance.auditing import audit_case_list
from amanat.assistance.models import (
    ServiceDelivery,
)


def services_delivered(user, case_id, *, referral_id=None) -> list[ServiceDelivery]:
    """The holder sees every service; the recipient of an active referral, its own."""
    case, is_owner, _referral = service_case(
        user, case_id, permission=Perm.CASE_VIEW, referral_id=referral_id
    )
    rows = ServiceDelivery.objects.filter(case=case).select_related("organisation", "recorded_by")
    if not is_owner:
        rows = rows.filter(organisation_id=user.organisation_id)
    rows = list(rows)
    audit_case_list(user, "service_delivery.list", case, ["description"], len(rows))
    return rows
