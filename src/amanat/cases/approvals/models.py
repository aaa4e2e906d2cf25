"""Supervision: a change that the organisation requires a supervisor to approve is a request
until approved (ADR 1620). Case flags live beside it: both are what a supervisor reviews."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from amanat.core.model_fields import organisation_fk, user_fk
from amanat.privacy.fields import EncryptedTextField


class ApprovalState(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned with a comment")


class ApprovalSetting(models.Model):
    """One row per (organisation, kind) that needs a supervisor's approval; none: no approval."""

    organisation = organisation_fk()
    kind = models.CharField(max_length=32)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "kind"], name="approval_setting_unique")
        ]

    def __str__(self) -> str:
        return f"{self.kind} org={self.organisation_id}"


class ApprovalRequest(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    organisation = organisation_fk()  # the organisation holding the case when requested
    kind = models.CharField(max_length=32)
    # What the change would set, as codes and ids only (e.g. status codes, a plan id).
    payload = models.JSONField(default=dict, blank=True)
    # Free text that goes with the change (a closure note): personal, encrypted.
    note = EncryptedTextField(blank=True, default="")
    state = models.CharField(
        max_length=16, choices=ApprovalState.choices, default=ApprovalState.PENDING
    )
    requested_by = user_fk()
    requested_at = models.DateTimeField()
    decided_by = user_fk(optional=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    comment = EncryptedTextField(blank=True, default="")  # the supervisor's, on return

    class Meta:
        ordering = ["-requested_at", "-id"]
        constraints = [
            # One open request per case and kind: a second one would race the first.
            models.UniqueConstraint(
                fields=["case", "kind"],
                condition=Q(state="pending"),
                name="approval_one_pending_per_case_kind",
            ),
        ]
        indexes = [
            # The supervisor's queue: an organisation's pending requests, oldest first.
            models.Index(
                fields=["organisation", "state", "requested_at", "id"], name="approval_queue"
            ),
        ]

    def __str__(self) -> str:
        return f"approval {self.kind} case={self.case_id} {self.state}"

    @property
    def kind_label(self) -> str:
        from amanat.cases.approvals.kinds import kind_label

        return kind_label(self.kind)

    @property
    def outcome_message(self) -> str:
        """What a page says when a service returned this request instead of making the change
        (read by `core.web`'s form_call and message_call)."""
        if self.state == ApprovalState.PENDING:
            return gettext(
                "Sent to a supervisor for approval. It is not in force until it is approved."
            )
        return ""


class CaseFlag(models.Model):
    """A warning on a case (e.g. "threats from the recruiter"), with a reason and an optional
    end date; from the day after `until` it stops showing. Removed flags are kept as history."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="flags")
    reason = EncryptedTextField(_("reason"))
    until = models.DateField(_("until"), null=True, blank=True)
    created_by = user_fk()
    created_at = models.DateTimeField()
    removed_by = user_fk(optional=True)
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["case", "removed_at"], name="case_flag_case")]

    def __str__(self) -> str:
        return f"flag #{self.pk} case={self.case_id}"
