"""Assistance, rehabilitation and reintegration: needs, support plans, services, follow-up.

Personal data (answers, objectives, descriptions of actions and services, visit notes, handover
notes) is encrypted at rest. Codes (categories, service types, urgency, statuses), dates, costs
and scores are stored in clear so coordinators can count them without decrypting anything
(see docs/decisions/0540-assistance-data-model.md).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from amanat.cases.fieldwork.records import FieldSubmissionBase
from amanat.core.model_fields import case_fk, organisation_fk, user_fk
from amanat.privacy.fields import EncryptedJSONField, EncryptedTextField


class AssessmentStage(models.TextChoices):
    INTAKE = "intake", _("At intake")
    REVIEW = "review", _("Review during assistance")
    EXIT = "exit", _("Before exit from assistance")


class NeedsAssessment(models.Model):
    case = case_fk()
    stage = models.CharField(max_length=16, choices=AssessmentStage.choices)
    assessed_on = models.DateField()
    respondent_group = models.CharField(max_length=8)  # guide group: adult | child
    reintegration_setting = models.CharField(max_length=16, blank=True)
    guide_version = models.CharField(max_length=32)
    guide_digest = models.CharField(max_length=16)
    answers = EncryptedJSONField(default=dict)  # question code -> option code
    notes = EncryptedTextField(blank=True, default="")
    organisation = organisation_fk()
    recorded_by = user_fk()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-assessed_on", "-id"]
        indexes = [models.Index(fields=["case", "assessed_on"], name="needs_assessment_case")]

    def __str__(self) -> str:
        return f"needs assessment #{self.pk}"


class IdentifiedNeed(models.Model):
    """One need an assessment found: a category and service type with its urgency (codes only).

    Which question and answer produced it stay in the encrypted answers of the assessment.
    """

    assessment = models.ForeignKey(NeedsAssessment, on_delete=models.CASCADE, related_name="needs")
    case = case_fk()
    category = models.CharField(max_length=16)  # immediate | rehabilitation | reintegration
    service_type = models.CharField(max_length=40)  # referral taxonomy code
    urgency = models.CharField(max_length=16)  # referral taxonomy urgency code
    # The case's need in the referral mechanism that this finding opened or confirmed.
    need = models.ForeignKey(
        "referrals.Need", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "category", "service_type"], name="identified_need_unique"
            )
        ]

    def __str__(self) -> str:
        return f"need {self.category}/{self.service_type}"


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft: not yet agreed with the person")
    ACTIVE = "active", _("Agreed and in progress")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_PLAN_STATUSES = (PlanStatus.DRAFT, PlanStatus.ACTIVE)
ENDED_PLAN_STATUSES = (PlanStatus.COMPLETED, PlanStatus.CANCELLED)


class SupportPlan(models.Model):
    """HTCDS Support Plan: spl_Objectives, spl_Type, spl_PlannedEndDate, spl_ActualEndDate; the
    spl_ActionPlan is the plan's actions."""

    case = case_fk()
    assessment = models.ForeignKey(
        NeedsAssessment, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=16, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    plan_type = models.CharField(max_length=48)  # spl_Type
    objectives = EncryptedTextField(default="")  # spl_Objectives
    planned_end_date = models.DateField(null=True, blank=True)  # spl_PlannedEndDate
    actual_end_date = models.DateField(null=True, blank=True)  # spl_ActualEndDate
    agreed_with_person = models.BooleanField(default=False)
    agreed_on = models.DateField(null=True, blank=True)
    organisation = organisation_fk()
    created_by = user_fk()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # One open plan per case at a time; ended plans are kept as history.
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(status__in=["draft", "active"]),
                name="support_plan_one_open_per_case",
            ),
            models.CheckConstraint(
                condition=Q(actual_end_date__isnull=True)
                | Q(status__in=["completed", "cancelled"]),
                name="support_plan_end_date_only_when_ended",
            ),
            models.CheckConstraint(
                condition=Q(agreed_with_person=True) | ~Q(status="active"),
                name="support_plan_active_only_when_agreed",
            ),
        ]

    def __str__(self) -> str:
        return f"support plan #{self.pk}"


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class PlanAction(models.Model):
    plan = models.ForeignKey(SupportPlan, on_delete=models.CASCADE, related_name="actions")
    case = case_fk()
    description = EncryptedTextField(default="")
    service_type = models.CharField(max_length=40)  # referral taxonomy code
    spl_type = models.CharField(max_length=48)  # HTCDS spl_Type of this action
    # The need the action answers (the referral mechanism's need of this case), the assessment
    # finding behind it when there is one, and the referral that carries it out where needed.
    need = models.ForeignKey(
        "referrals.Need", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    identified_need = models.ForeignKey(
        IdentifiedNeed, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    referral = models.ForeignKey(
        "referrals.Referral", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    responsible_organisation = organisation_fk()
    status = models.CharField(
        max_length=16, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    progress = models.PositiveSmallIntegerField(default=0)  # percent
    progress_note = EncryptedTextField(blank=True, default="")
    planned_end_date = models.DateField(null=True, blank=True)
    actual_end_date = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="plan_action_progress_max"),
            models.CheckConstraint(
                condition=~Q(status="done") | Q(progress=100), name="plan_action_done_is_100"
            ),
        ]

    def __str__(self) -> str:
        return f"plan action #{self.pk}"


class ServiceDelivery(models.Model):
    """A service given to the person: what (type and description), when, by whom, at what cost."""

    case = case_fk()
    action = models.ForeignKey(
        PlanAction, null=True, blank=True, on_delete=models.SET_NULL, related_name="services"
    )
    # Set when an organisation other than the case holder recorded it under this referral.
    referral = models.ForeignKey(
        "referrals.Referral", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    service_type = models.CharField(max_length=40)
    delivered_on = models.DateField()
    description = EncryptedTextField(blank=True, default="")
    cost = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True)  # ISO 4217
    organisation = organisation_fk()
    recorded_by = user_fk()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-delivered_on", "-id"]
        indexes = [
            models.Index(fields=["case", "delivered_on"], name="service_case_date"),
            models.Index(fields=["organisation", "delivered_on"], name="service_org_date"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(cost__isnull=True, currency="")
                | Q(cost__isnull=False, cost__gte=0) & ~Q(currency=""),
                name="service_cost_with_currency",
            ),
        ]

    def __str__(self) -> str:
        return f"service #{self.pk}"


class AnchorKind(models.TextChoices):
    RETURN = "return", _("Return to the country of origin")
    EXIT = "exit", _("Exit from assistance")


class FollowUpSchedule(models.Model):
    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="+")
    anchor_kind = models.CharField(max_length=8, choices=AnchorKind.choices)
    anchor_date = models.DateField()
    visit_months = models.JSONField(default=list)
    remind_days_before = models.PositiveSmallIntegerField()
    grace_days = models.PositiveSmallIntegerField()
    set_by = user_fk()
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"follow-up schedule case={self.case_id}"


class VisitMode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    PHONE = "phone", _("By phone")
    VIDEO = "video", _("By video call")


class FollowUpVisit(models.Model):
    """A scheduled visit (number, due date) and, once it took place, when and how.

    `number` is null for a visit outside the schedule.
    """

    case = case_fk()
    number = models.PositiveSmallIntegerField(null=True, blank=True)
    months_after = models.PositiveSmallIntegerField(null=True, blank=True)
    due_date = models.DateField(null=True, blank=True)
    # The reminder window, stored so the reminder list is one indexed query: "due" from
    # `remind_from`, "overdue" after `overdue_after` (schedule's remind_days_before, grace_days).
    remind_from = models.DateField(null=True, blank=True)
    overdue_after = models.DateField(null=True, blank=True)
    visited_on = models.DateField(null=True, blank=True)
    mode = models.CharField(max_length=16, choices=VisitMode.choices, blank=True)
    notes = EncryptedTextField(blank=True, default="")
    organisation = organisation_fk(optional=True)
    visited_by = user_fk(optional=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["case", "number", "visited_on", "id"]
        indexes = [
            # The reminder list: visits not yet held, by due date.
            models.Index(
                fields=["remind_from"],
                condition=Q(visited_on__isnull=True),
                name="visit_pending_remind",
            ),
            # The reminder list keyset-paged, overdue first (ADR 0030).
            models.Index(
                fields=["overdue_after", "due_date", "id"],
                condition=Q(visited_on__isnull=True),
                name="visit_pending_overdue",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "number"],
                condition=Q(number__isnull=False),
                name="visit_unique_number",
            ),
            models.CheckConstraint(
                condition=Q(number__isnull=True, visited_on__isnull=False)
                | Q(
                    number__isnull=False,
                    due_date__isnull=False,
                    remind_from__isnull=False,
                    overdue_after__isnull=False,
                ),
                name="visit_scheduled_or_held",
            ),
        ]

    def __str__(self) -> str:
        return f"follow-up visit #{self.pk}"


class ReintegrationAssessment(models.Model):
    """A reintegration sustainability assessment: answers (encrypted) and the scores they gave,
    with the version and digest of the indicator file that scored them."""

    case = case_fk()
    visit = models.OneToOneField(
        FollowUpVisit, null=True, blank=True, on_delete=models.SET_NULL, related_name="assessment"
    )
    assessed_on = models.DateField()
    answers = EncryptedJSONField(default=dict)
    explanation = EncryptedJSONField(default=dict)
    economic = models.FloatField(null=True, blank=True)
    social = models.FloatField(null=True, blank=True)
    psychosocial = models.FloatField(null=True, blank=True)
    composite = models.FloatField(null=True, blank=True)
    indicators_scored = models.PositiveSmallIntegerField(default=0)
    indicators_total = models.PositiveSmallIntegerField(default=0)
    instrument_version = models.CharField(max_length=32)
    instrument_digest = models.CharField(max_length=16)
    organisation = organisation_fk()
    recorded_by = user_fk()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["assessed_on", "id"]
        indexes = [models.Index(fields=["case", "assessed_on"], name="reintegration_case_date")]
        constraints = [
            models.CheckConstraint(
                condition=(
                    (Q(economic__isnull=True) | Q(economic__gte=0, economic__lte=1))
                    & (Q(social__isnull=True) | Q(social__gte=0, social__lte=1))
                    & (Q(psychosocial__isnull=True) | Q(psychosocial__gte=0, psychosocial__lte=1))
                    & (Q(composite__isnull=True) | Q(composite__gte=0, composite__lte=1))
                ),
                name="reintegration_scores_in_unit_interval",
            ),
        ]

    def __str__(self) -> str:
        return f"reintegration assessment #{self.pk}"


class NeedsFieldSubmission(FieldSubmissionBase):
    """A field submission of the needs form imported as a needs assessment (ADR 0546)."""

    needs_assessment = models.OneToOneField(
        NeedsAssessment, on_delete=models.CASCADE, related_name="field_submission"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "instance_id"], name="needs_field_submission_once_per_org"
            ),
        ]

    def __str__(self) -> str:
        return (
            f"field submission {self.instance_id} -> needs assessment #{self.needs_assessment_id}"
        )


class FollowUpFieldSubmission(FieldSubmissionBase):
    """A field submission of the follow-up visit form imported as a visit (ADR 0546)."""

    visit = models.OneToOneField(
        FollowUpVisit, on_delete=models.CASCADE, related_name="field_submission"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "instance_id"], name="visit_field_submission_once_per_org"
            ),
        ]

    def __str__(self) -> str:
        return f"field submission {self.instance_id} -> follow-up visit #{self.visit_id}"
