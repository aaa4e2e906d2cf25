"""The service directory, a case's needs, referrals and their history, notifications.

Codes (service types, urgency, shared fields) come from `referrals/rules/taxonomy/*.yaml`; the referral
life cycle from `referrals/state_machine.py`. Personal values (free text about a person, staff
contact details) are encrypted at rest. Every write goes through `referrals.services`.

For other apps (e.g. support plans in `assistance`): link to `Need` (a case's identified need of
one service type) and `Referral` (one referral of a case to one organisation, for one or more
service types); `Referral.needs` says which needs a referral addresses. Read them through
`referrals.selectors` (`needs_for_case`, `referrals_for_case`), which check access.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from amanat.core.model_fields import organisation_fk, user_fk
from amanat.privacy.fields import EncryptedTextField
from amanat.referrals.state_machine import State

STATE_CHOICES = [
    (State.DRAFT.value, _("Draft")),
    (State.SENT.value, _("Sent")),
    (State.ACCEPTED.value, _("Accepted")),
    (State.DECLINED.value, _("Declined")),
    (State.IN_PROGRESS.value, _("In progress")),
    (State.COMPLETED.value, _("Completed")),
    (State.CLOSED_WITHOUT_SERVICE.value, _("Closed without service")),
    (State.REVOKED.value, _("Revoked")),
    (State.EXPIRED.value, _("Expired")),
]


class OrganisationProfile(models.Model):
    """What the directory says about an organisation beyond its account record."""

    organisation = models.OneToOneField(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="directory_profile"
    )
    core_functions = models.TextField(_("core functions"), blank=True, default="")
    nrm_role = models.TextField(_("role in the national referral mechanism"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"profile org={self.organisation_id}"


class DirectoryService(models.Model):
    """One service one organisation offers (at most one per service type).

    Empty eligibility lists mean "no restriction"; empty `regions` means the whole country.
    """

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="directory_services"
    )
    service_type = models.CharField(_("service type"), max_length=40)
    country = models.CharField(_("country"), max_length=2)
    regions = models.JSONField(_("regions served"), default=list, blank=True)
    genders = models.JSONField(_("genders served"), default=list, blank=True)
    age_min = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    nationalities = models.JSONField(_("nationalities served"), default=list, blank=True)
    statuses = models.JSONField(_("statuses served"), default=list, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    available = models.PositiveIntegerField(_("places available now"), null=True, blank=True)
    accepting = models.BooleanField(_("accepting referrals"), default=True)
    hours = models.CharField(_("opening hours"), max_length=200, blank=True)
    # A member of staff: personal data, encrypted.
    contact_name = EncryptedTextField(_("contact person"), blank=True, default="")
    contact_phone = EncryptedTextField(_("contact phone"), blank=True, default="")
    contact_email = EncryptedTextField(_("contact e-mail"), blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["organisation__name", "service_type"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "service_type"], name="directory_one_service_per_type"
            ),
            models.CheckConstraint(
                condition=Q(age_min__isnull=True)
                | Q(age_max__isnull=True)
                | Q(age_min__lte=models.F("age_max")),
                name="directory_age_range_ordered",
            ),
        ]
        indexes = [models.Index(fields=["service_type", "country"], name="directory_type_country")]

    def __str__(self) -> str:
        return f"{self.service_type} org={self.organisation_id}"


class NeedStatus(models.TextChoices):
    OPEN = "open", _("Open")
    MET = "met", _("Met")
    CANCELLED = "cancelled", _("No longer needed")


class NeedSource(models.TextChoices):
    MANUAL = "manual", _("Recorded by a caseworker")
    IDENTIFICATION = "identification", _("Suggested by the identification interview")


class Need(models.Model):
    """An identified need of a case, of one service type, with its urgency.

    At most one open need per case and service type (a database constraint).
    """

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="needs")
    service_type = models.CharField(_("service type"), max_length=40)
    urgency = models.CharField(_("urgency"), max_length=16, default="normal")
    status = models.CharField(
        _("status"), max_length=16, choices=NeedStatus.choices, default=NeedStatus.OPEN
    )
    source = models.CharField(max_length=16, choices=NeedSource.choices, default=NeedSource.MANUAL)
    # An id of what suggested it (e.g. the identification interview), never personal data.
    source_ref = models.CharField(max_length=64, blank=True)
    reason = EncryptedTextField(_("why it is needed"), blank=True, default="")
    created_by = user_fk(optional=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["case", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "service_type"],
                condition=Q(status="open"),
                name="need_one_open_per_type",
            ),
        ]

    def __str__(self) -> str:
        return f"need {self.service_type} case={self.case_id}"


class Referral(models.Model):
    """A referral of one case from its holder to one organisation, for one or more services."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="referrals")
    from_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="referrals_sent"
    )
    to_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="referrals_received"
    )
    services = models.JSONField(_("services"), default=list)  # service-type codes
    needs = models.ManyToManyField(
        Need, through="ReferralNeed", blank=True, related_name="referrals"
    )
    urgency = models.CharField(_("urgency"), max_length=16, default="normal")
    state = models.CharField(_("status"), max_length=24, choices=STATE_CHOICES, default="draft")
    reason = EncryptedTextField(_("reason for the referral"), blank=True, default="")
    shared_fields = models.JSONField(_("shared fields"), default=list)
    # Transnational: the two organisations are in different countries.
    transnational = models.BooleanField(default=False)
    legal_basis = models.CharField(_("legal basis of the transfer"), max_length=40, blank=True)
    legal_basis_note = EncryptedTextField(blank=True, default="")
    consent = models.ForeignKey(
        "privacy.Consent", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    consent_override = models.BooleanField(default=False)
    override_justification = EncryptedTextField(blank=True, default="")
    decline_reason = EncryptedTextField(blank=True, default="")
    outcome_note = EncryptedTextField(blank=True, default="")  # recorded by the recipient
    sender_snapshot = models.JSONField(default=dict, blank=True)
    recipient_snapshot = models.JSONField(default=dict, blank=True)
    created_by = user_fk()
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    due_at = models.DateTimeField(null=True, blank=True)  # the response deadline
    answered_at = models.DateTimeField(null=True, blank=True)  # accepted or declined
    # Hours from sending to the answer, kept for the matcher's past-response-time factor.
    response_hours = models.FloatField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)  # reached a final state
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["to_organisation", "-sent_at", "-id"], name="referral_inbox"),
            models.Index(
                fields=["to_organisation", "state", "-sent_at"], name="referral_inbox_state"
            ),
            models.Index(
                fields=["from_organisation", "-created_at", "-id"], name="referral_outbox_all"
            ),
            models.Index(
                fields=["from_organisation", "state", "-created_at"], name="referral_outbox"
            ),
            models.Index(fields=["state", "due_at"], name="referral_due"),
            # Keyset paging of the boxes (ADR 0030): the state filter with the tie-breaker, and
            # the outgoing box's order (its filter is on the case, another table).
            models.Index(
                fields=["to_organisation", "state", "-sent_at", "-id"],
                name="referral_inbox_state_keyset",
            ),
            models.Index(fields=["-created_at", "-id"], name="referral_recent"),
            models.Index(fields=["answered_at"], name="referral_answered"),
            models.Index(fields=["case", "-created_at"], name="referral_case"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_organisation=models.F("to_organisation")),
                name="referral_to_another_organisation",
            ),
            models.CheckConstraint(
                condition=Q(transnational=False) | ~Q(legal_basis=""),
                name="referral_transnational_has_legal_basis",
            ),
        ]

    def __str__(self) -> str:
        return f"referral #{self.pk} {self.state}"


class ReferralNeed(models.Model):
    """Which needs a referral addresses (an explicit row, so backups keep the link)."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="+")
    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["referral", "need"], name="referral_need_unique")
        ]

    def __str__(self) -> str:
        return f"referral={self.referral_id} need={self.need_id}"


class ReferralTransition(models.Model):
    """One move of a referral's state, with who made it and both parties as they were then."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="transitions")
    action = models.CharField(max_length=32)
    from_state = models.CharField(max_length=24, choices=STATE_CHOICES)
    to_state = models.CharField(max_length=24, choices=STATE_CHOICES)
    side = models.CharField(max_length=16)  # sender | recipient | system
    actor = user_fk(optional=True, on_delete=models.SET_NULL)
    at = models.DateTimeField()
    reason = EncryptedTextField(blank=True, default="")
    sender_snapshot = models.JSONField(default=dict)
    recipient_snapshot = models.JSONField(default=dict)
    flagged = models.BooleanField(default=False)  # e.g. sent without consent (override)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.action} referral={self.referral_id}"


class ReferralNote(models.Model):
    """What the recipient records about the service; it keeps seeing it after the referral ends."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="notes")
    organisation = organisation_fk()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = EncryptedTextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"note referral={self.referral_id}"


class Notification(models.Model):
    """An in-app notice to one user about a referral. No personal data: a kind and ids."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="referral_notifications"
    )
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=32)  # the transition action, e.g. "send", "accept"
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return f"{self.kind} user={self.user_id}"
