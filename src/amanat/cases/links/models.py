"""Possible matches and confirmed links between persons of different organisations.

Pairs are stored unordered as (person_low, person_high) with low < high, so a pair is one row
whatever order a caller names it in. Only ids, a score and reason codes: no personal value.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from amanat.core.model_fields import user_fk


class MatchSource(models.TextChoices):
    DEDUP = "dedup", _("Batch record linkage")
    INDEX_SCAN = "index_scan", _("Search index scan")


class MatchStatus(models.TextChoices):
    OPEN = "open", _("Awaiting decision")
    CONFIRMED = "confirmed", _("Confirmed: same person")
    REJECTED = "rejected", _("Rejected: different persons")


def _person_fk() -> models.ForeignKey:
    # A person is never deleted (retention anonymises it and removes its pairs first).
    return models.ForeignKey("cases.Person", on_delete=models.CASCADE, related_name="+")


class PossibleMatch(models.Model):
    person_low = _person_fk()
    person_high = _person_fk()
    score = models.FloatField()  # 0..1, the highest proposed
    reasons = models.JSONField(default=list, blank=True)  # reason codes (links.reasons)
    source = models.CharField(max_length=16, choices=MatchSource.choices)
    status = models.CharField(max_length=16, choices=MatchStatus.choices, default="open")
    # Not auto_now_add: a restore must keep the stored value (auto_now_add would overwrite it).
    created_at = models.DateTimeField(default=timezone.now)
    proposed_at = models.DateTimeField()  # last time a source proposed the pair
    decided_by = user_fk(optional=True, on_delete=models.SET_NULL)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-score", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person_low__lt=F("person_high")), name="possible_match_ordered"
            ),
            models.UniqueConstraint(
                fields=["person_low", "person_high"], name="possible_match_unique_pair"
            ),
            models.CheckConstraint(
                condition=Q(score__gte=0) & Q(score__lte=1), name="possible_match_score_range"
            ),
        ]
        indexes = [models.Index(fields=["status", "-score"], name="possible_match_queue")]

    def __str__(self) -> str:
        return f"match {self.person_low_id}~{self.person_high_id} ({self.status})"


class PersonLink(models.Model):
    """A confirmed "same person" link. Unlinking keeps the row (history) with unlinked_at/by."""

    person_low = _person_fk()
    person_high = _person_fk()
    match = models.ForeignKey(
        PossibleMatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="links"
    )
    created_by = user_fk(optional=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField()
    unlinked_by = user_fk(optional=True, on_delete=models.SET_NULL)
    unlinked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person_low__lt=F("person_high")), name="person_link_ordered"
            ),
            # At most one active link per pair; unlinked rows are history.
            models.UniqueConstraint(
                fields=["person_low", "person_high"],
                condition=Q(unlinked_at__isnull=True),
                name="person_link_active_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"link {self.person_low_id}~{self.person_high_id}"
