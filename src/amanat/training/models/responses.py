"""What participants hand in: test submissions, evaluation responses, group work."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from amanat.core.model_fields import user_fk
from amanat.privacy.fields import EncryptedJSONField, EncryptedTextField

from .bank import TestForm
from .events import AgendaItem, Participant, TrainingEvent


class Phase(models.TextChoices):
    PRE = "pre", _("Pre-test")
    POST = "post", _("Post-test")


class Source(models.TextChoices):
    WEB = "web", _("Participant's link")
    PAPER = "paper", _("Paper, imported")
    ENTRY = "entry", _("Paper, typed in")
    API = "api", _("API")


class SubmissionQuerySet(models.QuerySet):
    def counted(self) -> SubmissionQuerySet:
        """The one attempt per participant and phase that counts (ADR 1606): the last one.
        Every reader of scores (analysis, reports, participant pages) goes through here."""
        later = self.model.objects.filter(
            participant=models.OuterRef("participant"),
            phase=models.OuterRef("phase"),
            attempt__gt=models.OuterRef("attempt"),
        )
        return self.filter(~models.Exists(later))


class TestSubmission(models.Model):
    __test__ = False

    event = models.ForeignKey(TrainingEvent, on_delete=models.CASCADE, related_name="submissions")
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="submissions"
    )
    phase = models.CharField(max_length=4, choices=Phase.choices)
    form = models.ForeignKey(TestForm, on_delete=models.PROTECT, related_name="+")
    source = models.CharField(max_length=8, choices=Source.choices)
    answers = EncryptedJSONField(default=dict)  # {item code: answer as given}
    submitted_at = models.DateTimeField()
    recorded_by = user_fk(optional=True, on_delete=models.SET_NULL)
    attempt = models.PositiveSmallIntegerField(default=1)  # 1, 2, ... per participant and phase

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        ordering = ["participant__code", "phase", "attempt"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "phase", "attempt"], name="submission_one_per_attempt"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.phase}-test participant={self.participant_id}"


class EvaluationResponse(models.Model):
    event = models.ForeignKey(TrainingEvent, on_delete=models.CASCADE, related_name="evaluations")
    # Null for anonymous paper sheets; then `respondent` is the sheet's number, never a name.
    participant = models.ForeignKey(
        Participant, null=True, blank=True, on_delete=models.CASCADE, related_name="evaluations"
    )
    respondent = models.CharField(max_length=40, blank=True, default="")
    source = models.CharField(max_length=8, choices=Source.choices)
    # [{"agenda": agenda item id or null (overall), "question": question id, "answer": "4"}]
    answers = EncryptedJSONField(default=list)
    submitted_at = models.DateTimeField()
    recorded_by = user_fk(optional=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant"],
                condition=Q(participant__isnull=False),
                name="evaluation_one_per_participant",
            ),
        ]

    def __str__(self) -> str:
        return f"evaluation #{self.pk} event={self.event_id}"


class OutputKind(models.TextChoices):
    RECOMMENDATION = "recommendation", _("Recommendation")
    ACTION_POINT = "action_point", _("Action point")


class GroupStation(models.Model):
    event = models.ForeignKey(TrainingEvent, on_delete=models.CASCADE, related_name="stations")
    day = models.PositiveSmallIntegerField()
    order = models.PositiveSmallIntegerField(default=1)
    name = models.CharField(_("station"), max_length=200)
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="stations"
    )

    class Meta:
        ordering = ["day", "order", "id"]

    def __str__(self) -> str:
        return self.name


class GroupOutput(models.Model):
    station = models.ForeignKey(GroupStation, on_delete=models.CASCADE, related_name="outputs")
    kind = models.CharField(max_length=16, choices=OutputKind.choices)
    text = EncryptedTextField()
    responsible = EncryptedTextField(blank=True, default="")
    due_date = models.DateField(null=True, blank=True)
    created_by = user_fk()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "id"]

    def __str__(self) -> str:
        return f"{self.kind} station={self.station_id}"
