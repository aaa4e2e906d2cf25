"""Assessments: one run of a screening guide for a case (an interview, or an indicator checklist).

The answers and the stored result are personal data, encrypted at rest. A few codes are kept in
the clear so lists and comparisons can be shown without decrypting anything: whether the engine
suggested a presumed victim, the overall vulnerability profile and the category codes. They are
codes, like the HTCDS picklist fields of a case, never free text or answer values.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from amanat.cases.fieldwork.records import FieldSubmissionBase
from amanat.core.model_fields import user_fk
from amanat.privacy.fields import EncryptedJSONField


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    COMPLETED = "completed", _("Completed")


class Assessment(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="assessments")
    guide_id = models.CharField(_("guide"), max_length=64)
    # The guide version the answers were last checked against (a completed assessment keeps the
    # version that scored it; its stored result stays readable when the guide changes).
    guide_version = models.CharField(_("guide version"), max_length=16)
    language = models.CharField(_("interview language"), max_length=8)
    status = models.CharField(
        _("status"), max_length=16, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT
    )
    # The answer set: {"answers": {question id: value}, "present": [...], "facts": {...}}.
    answers = EncryptedJSONField(_("answers"), default=dict, blank=True)
    # ScreeningResult.to_dict() as computed on completion (with its explanations and citations).
    result = EncryptedJSONField(_("result"), null=True, blank=True)
    # The section the interviewer was on last (a guide section id, to resume there).
    current_section = models.CharField(max_length=64, blank=True)
    presumed_victim = models.BooleanField(null=True, blank=True)
    vulnerability_profile = models.CharField(max_length=8, blank=True)
    categories = models.JSONField(default=list, blank=True)
    started_by = user_fk()
    started_at = models.DateTimeField()
    updated_by = user_fk()
    updated_at = models.DateTimeField()
    completed_by = user_fk(optional=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["case", "started_at", "id"]
        indexes = [models.Index(fields=["case", "started_at"], name="assessment_case_time")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["draft", "completed"]), name="assessment_status_valid"
            ),
            models.CheckConstraint(
                condition=(
                    Q(status="draft", completed_at__isnull=True, completed_by__isnull=True)
                    | Q(status="completed", completed_at__isnull=False, completed_by__isnull=False)
                ),
                name="assessment_completion_consistent",
            ),
            models.CheckConstraint(
                condition=Q(vulnerability_profile__in=["", "low", "medium", "high"]),
                name="assessment_profile_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"assessment #{self.pk} {self.guide_id} case={self.case_id}"

    @property
    def is_draft(self) -> bool:
        return self.status == AssessmentStatus.DRAFT


class FieldSubmission(FieldSubmissionBase):
    """A field submission imported as an assessment (ADR 0361; the shared fields: ADR 0545)."""

    assessment = models.OneToOneField(
        Assessment, on_delete=models.CASCADE, related_name="field_submission"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "instance_id"], name="field_submission_once_per_org"
            ),
        ]

    def __str__(self) -> str:
        return f"field submission {self.instance_id} -> assessment #{self.assessment_id}"
