"""Retention of the recruitment app's data (found by name by amanat.cases.retention).

- When a case's personal data is erased, the links of kept advertisements to it go: a link says
  how this person was recruited. The advertisement itself stays with its own clock.
- Kept advertisements are deleted `AMANAT_ADS_RETENTION_DAYS` after the date they were found
  (`retain_until`, set when kept), with their links.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from amanat.privacy.audit import audit_record
from amanat.recruitment import events
from amanat.recruitment.models import AdCaseLink, MonitoredAd


def erase_case_personal_data(case) -> int:
    links = list(AdCaseLink.objects.filter(case=case).values_list("pk", "ad_id"))
    if not links:
        return 0
    AdCaseLink.objects.filter(pk__in=[pk for pk, _ad in links]).delete()
    for _pk, ad_id in links:
        audit_record(
            action="retention.erase",
            object_type="monitored_ad",
            object_id=ad_id,
            fields=["case"],
            purpose="retention",
            extra={"case": case.pk},
        )
    return len(links)


def apply_other_retention(*, dry_run: bool = False) -> dict:
    """`{"advertisements": n}`: kept advertisements past their date, deleted (or, with
    `dry_run`, that would be); the shape `amanat retention run` prints."""
    due = MonitoredAd.objects.filter(retain_until__lt=timezone.localdate())
    if dry_run:
        return {"advertisements": due.count()}
    count = 0
    for ad in due.iterator(chunk_size=200):
        with transaction.atomic():
            for link in ad.case_links.select_related("case"):
                events.AD_UNLINKED.record(case=link.case, data={"ad": ad.pk})
            pk = ad.pk
            ad.delete()
            audit_record(
                action="retention.erase",
                object_type="monitored_ad",
                object_id=pk,
                fields=["text", "url_index"],
                purpose="retention",
            )
            count += 1
    return {"advertisements": count}
