"""Audit log, consent records: the privacy app's data."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from amanat.privacy.fields import EncryptedTextField


class AuditEvent(models.Model):
    """One append-only, hash-chained entry: who did what to which object, never the values.

    Written unsealed (ADR 0020): `mac`, an HMAC over the content and a random `nonce`, makes an
    edited or forged row detectable at once. Sealing then gives it `seq`, gap-free (assigned
    under the chain-head lock), so a deleted row is detectable, and `entry_hash`, an HMAC over
    the previous hash and this row, so an edited or moved row is detectable. Rows written
    before ADR 0020 have no `mac`: they were sealed when written.
    """

    seq = models.BigIntegerField(unique=True, null=True, blank=True)
    at = models.DateTimeField()
    actor_id = models.BigIntegerField(null=True, blank=True)
    actor_username = models.CharField(max_length=150, blank=True)
    organisation_id = models.BigIntegerField(null=True, blank=True)
    action = models.CharField(max_length=64)
    object_type = models.CharField(max_length=64, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    fields = models.JSONField(default=list, blank=True)
    purpose = models.CharField(max_length=200, blank=True)
    flagged = models.BooleanField(default=False)
    extra = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64, blank=True, default="")
    entry_hash = models.CharField(max_length=64, blank=True, default="")
    nonce = models.CharField(max_length=32, blank=True, default="")
    mac = models.CharField(max_length=64, null=True, blank=True, unique=True)

    class Meta:
        ordering = ["seq"]
        indexes = [
            models.Index(fields=["object_type", "object_id"]),
            models.Index(fields=["actor_id", "at"]),
            # The sealer's queue: small, whatever the size of the chain.
            models.Index(
                fields=["id"], condition=Q(seq__isnull=True), name="privacy_audit_unsealed"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_type}:{self.object_id}"


# Newest first, whether sealed or not: unsealed entries (no seq yet) are the newest.
AUDIT_NEWEST_FIRST = (models.F("seq").desc(nulls_first=True), "-id")


class AuditChainHead(models.Model):
    """A single row locked while sealing, holding the last sequence number and hash."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_seq = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(id=1), name="audit_chain_head_singleton")]

    def __str__(self) -> str:
        return f"audit chain head #{self.last_seq}"


class AuditCheckpoint(models.Model):
    """A signed statement "entry #seq of the chain had this hash at this time".

    The Ed25519 signing key derives from the audit key, which is never in the database, so a
    checkpoint cannot be forged by editing the database; copies go to the anchor file outside
    it, where deleting these rows along with the tail of the chain does not reach
    (docs/decisions/0009-audit-anchoring.md).
    """

    seq = models.BigIntegerField(unique=True)
    entry_hash = models.CharField(max_length=64)
    at = models.DateTimeField()
    signature = models.CharField(max_length=128)

    class Meta:
        ordering = ["seq"]

    def __str__(self) -> str:
        return f"audit checkpoint #{self.seq}"


class ConsentPurpose(models.TextChoices):
    INTERVIEW = "interview", _("Interview")
    ASSISTANCE = "assistance", _("Assistance")
    REFERRAL = "referral", _("Referral to a named organisation")
    RESEARCH = "research", _("Research use of non-identifying data")


class ConsentMethod(models.TextChoices):
    VERBAL = "verbal", _("Verbal, witnessed")
    WRITTEN = "written", _("Written, signed form")
    DIGITAL = "digital", _("Digital signature")
    GUARDIAN = "guardian", _("By parent or guardian (child assent recorded)")


# The IOM screening-form consent checklist (HTCDS con_Consent guidance).
CONSENT_CHECKLIST = (
    ("informed_purpose", _("Informed of the purpose of the interview")),
    ("informed_use", _("Informed of the actual and potential use of the data")),
    ("informed_research", _("Informed of the use of non-identifying data for research")),
    (
        "informed_access_right",
        _("Informed of the right to request their personal data at any time"),
    ),
    ("informed_retention", _("Informed of how long the data will be stored")),
    ("informed_withdrawal", _("Informed of how to withdraw consent")),
)


class Consent(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(max_length=20, choices=ConsentPurpose.choices)
    recipient_organisation = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Required when the purpose is a referral."),
    )
    granted = models.BooleanField(default=True)
    method = models.CharField(max_length=20, choices=ConsentMethod.choices)
    checklist = models.JSONField(default=dict, blank=True)
    given_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    notes = EncryptedTextField(blank=True, default="")
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdrawal_reason = EncryptedTextField(blank=True, default="")

    class Meta:
        ordering = ["-recorded_at", "-id"]
        indexes = [models.Index(fields=["case", "purpose"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(purpose="referral") | Q(recipient_organisation__isnull=False),
                name="consent_referral_names_recipient",
            ),
        ]

    def __str__(self) -> str:
        return f"consent {self.purpose} case={self.case_id}"

    @property
    def is_active(self) -> bool:
        return self.granted and self.withdrawn_at is None
