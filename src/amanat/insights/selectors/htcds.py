"""HTCDS export: which cases an organisation may transfer or share for research."""

from __future__ import annotations

from django.db.models import OuterRef, Subquery

from amanat.accounts.roles import Perm
from amanat.cases.access import cases_visible_to
from amanat.cases.models import Case
from amanat.core.ids import parse_id
from amanat.errors import NotFound
from amanat.privacy.models import Consent, ConsentPurpose


def with_research_consent(queryset):
    """Only cases whose newest research-consent record is a grant not withdrawn.

    The rule of `amanat.cases.consent.consent_in_force`, as one query over many cases.
    """
    latest = Consent.objects.filter(case=OuterRef("pk"), purpose=ConsentPurpose.RESEARCH).order_by(
        "-recorded_at", "-id"
    )
    return queryset.annotate(
        _research_granted=Subquery(latest.values("granted")[:1]),
        _research_withdrawn=Subquery(latest.values("withdrawn_at")[:1]),
    ).filter(_research_granted=True, _research_withdrawn__isnull=True)


def htcds_cases(user, *, case_ids=None, research: bool) -> list[Case]:
    """Cases the user's organisation holds (never those seen through a referral), in id order.

    Any id asked for that is not such a case answers NotFound, like a missing one. Research
    extracts keep only people whose research consent is in force.
    """
    if not user.can(Perm.CASE_VIEW) or user.organisation_id is None:
        raise NotFound()
    queryset = cases_visible_to(user).filter(owner_organisation_id=user.organisation_id)
    if case_ids is not None:
        wanted = {parse_id(i) for i in case_ids}
        queryset = queryset.filter(pk__in=wanted)
        if queryset.count() != len(wanted):
            raise NotFound()
    if research:
        queryset = with_research_consent(queryset)
    return list(queryset.select_related("person", "owner_organisation").order_by("id"))
