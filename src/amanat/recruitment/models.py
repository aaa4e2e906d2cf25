"""Kept advertisements ("monitoring records") and their links to cases (issue 18, ADR 0911).

An advertisement found online is kept as evidence by one organisation: its text encrypted at rest
(it may name a recruiter, a phone number, a victim's photo caption), its address only as a keyed
hash (`url_index`, so the same address is recognised within the organisation without storing
it), the platform and the web domain in clear for statistics, and the screen's result as codes.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from amanat.privacy.fields import EncryptedTextField


class MonitoredAd(models.Model):
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="monitored_ads"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="monitored_ads"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    text = EncryptedTextField()
    # blind_index("ad_url", normalised URL): equal addresses match, the address cannot be read.
    url_index = models.CharField(max_length=64, blank=True, default="")
    platform = models.CharField(max_length=32, blank=True, default="")  # websites_apps code
    domain = models.CharField(max_length=253, blank=True, default="")
    language = models.CharField(max_length=8, blank=True, default="")
    found_on = models.DateField()
    level = models.CharField(max_length=8)
    score = models.PositiveSmallIntegerField()
    indicators = models.JSONField(default=list, blank=True)  # indicator ids
    destinations = models.JSONField(default=list, blank=True)  # ISO 3166-1 alpha-2 codes
    rules_version = models.CharField(max_length=32, blank=True, default="")
    retain_until = models.DateField()

    class Meta:
        ordering = ("-found_on", "-pk")
        constraints = [
            models.UniqueConstraint(
                fields=("organisation", "url_index"),
                condition=~Q(url_index=""),
                name="recruitment_ad_url_once_per_org",
            ),
            models.CheckConstraint(
                condition=Q(level__in=("low", "medium", "high")), name="recruitment_ad_level"
            ),
        ]
        indexes = [models.Index(fields=("organisation", "found_on"))]

    def __str__(self) -> str:
        return f"ad {self.pk} ({self.level})"


class AdCaseLink(models.Model):
    """A kept advertisement as recruitment evidence in a case of the same organisation."""

    ad = models.ForeignKey(MonitoredAd, on_delete=models.CASCADE, related_name="case_links")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="ad_links")
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    linked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("linked_at", "pk")
        constraints = [
            models.UniqueConstraint(fields=("ad", "case"), name="recruitment_ad_case_once")
        ]

    def __str__(self) -> str:
        return f"ad {self.ad_id} -> case {self.case_id}"
