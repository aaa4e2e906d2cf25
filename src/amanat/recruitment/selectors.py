"""Reads of kept advertisements, scoped to the user's organisation; reading a text is audited."""

from __future__ import annotations

from django.db.models import QuerySet

from amanat.cases.access import cases_visible_to
from amanat.privacy.audit import audit_record
from amanat.recruitment.access import ad_get_for_user, can_keep
from amanat.recruitment.models import AdCaseLink, MonitoredAd

LIST_LIMIT = 500


def ads_for_user(user, *, level: str = "") -> QuerySet[MonitoredAd]:
    """The organisation's kept advertisements, newest first (no text is decrypted for a list:
    `defer` keeps the ciphertext unread)."""
    if not can_keep(user):
        return MonitoredAd.objects.none()
    queryset = MonitoredAd.objects.filter(organisation_id=user.organisation_id).defer("text")
    if level:
        queryset = queryset.filter(level=level)
    return queryset


def ad_read(user, ad_id) -> MonitoredAd:
    """One kept advertisement with its text, for a user of its organisation; audited."""
    ad = ad_get_for_user(user, ad_id)
    audit_record(
        actor=user,
        action="recruitment.ad.read",
        object_type="monitored_ad",
        object_id=ad.pk,
        fields=["text"],
        purpose="recruitment monitoring",
    )
    return ad


def ad_links(ad: MonitoredAd) -> list[AdCaseLink]:
    return list(ad.case_links.select_related("case", "linked_by"))


def ads_linked_to_case(user, case) -> list[AdCaseLink]:
    """Links of the user's organisation's kept advertisements to this case (no text read)."""
    if not can_keep(user):
        return []
    return list(
        AdCaseLink.objects.filter(case=case, ad__organisation_id=user.organisation_id)
        .select_related("ad", "linked_by")
        .defer("ad__text")
    )


def owned_case_id_for_code(user, code: str) -> int | None:
    """The id of the case with this code if the user's organisation holds it and the user may
    see it; None otherwise (a case held elsewhere looks the same as no case)."""
    return (
        cases_visible_to(user)
        .filter(code=(code or "").strip().upper(), owner_organisation_id=user.organisation_id)
        .values_list("pk", flat=True)
        .first()
    )
