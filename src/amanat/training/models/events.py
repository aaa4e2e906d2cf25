"""Training events: trainers, agenda, participants and attendance."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from amanat.core.model_fields import organisation_fk, user_fk
from amanat.privacy.fields import EncryptedTextField

from .bank import EvaluationForm, TestForm
from .curricula import CurriculumSession, CurriculumVersion


class TrainingEvent(models.Model):
    owner_organisation = organisation_fk()
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind of event"), max_length=24)  # vocabulary: event_kind
    curriculum_version = models.ForeignKey(
        CurriculumVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    place = models.CharField(_("place"), max_length=200)
    country = models.CharField(_("country"), max_length=2)
    region = models.CharField(_("region"), max_length=10, blank=True, default="")
    language = models.CharField(_("working language"), max_length=8, default="ru")
    test_form = models.ForeignKey(
        TestForm, null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    evaluation_form = models.ForeignKey(
        EvaluationForm, null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    pre_test_open = models.BooleanField(default=False)
    post_test_open = models.BooleanField(default=False)
    evaluation_open = models.BooleanField(default=False)
    # How many times a participant may send each test through their link (1 = no retake);
    # which attempt counts is decided in one place: TestSubmission.objects.counted().
    attempts_allowed = models.PositiveSmallIntegerField(_("attempts allowed per test"), default=1)
    # The trainer's own analysis for the narrative reports: free text, possibly about people.
    interim_analysis = EncryptedTextField(blank=True, default="")
    final_analysis = EncryptedTextField(blank=True, default="")
    retention_until = models.DateField(_("keep participants' personal data until"))
    personal_data_erased_at = models.DateTimeField(null=True, blank=True)
    created_by = user_fk()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-start_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="training_event_dates_ordered"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def days(self) -> int:
        return (self.end_date - self.start_date).days + 1


class EventTrainer(models.Model):
    event = models.ForeignKey(TrainingEvent, on_delete=models.CASCADE, related_name="trainer_rows")
    user = user_fk()
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="event_trainer_unique"),
        ]

    def __str__(self) -> str:
        return f"event={self.event_id} trainer={self.user_id}"


class AgendaItem(models.Model):
    event = models.ForeignKey(TrainingEvent, on_delete=models.CASCADE, related_name="agenda")
    day = models.PositiveSmallIntegerField()
    order = models.PositiveSmallIntegerField(default=1)
    start_time = models.TimeField(null=True, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(default=60)
    session = models.ForeignKey(
        CurriculumSession, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    method = models.CharField(_("method"), max_length=24, blank=True, default="")

    class Meta:
        ordering = ["day", "order", "id"]
        constraints = [models.CheckConstraint(condition=Q(day__gte=1), name="agenda_day_positive")]

    def __str__(self) -> str:
        return self.title

    @property
    def ref(self) -> str:
        """'1.2': day and position, used on paper evaluation sheets."""
        return f"{self.day}.{self.order}"


class Participant(models.Model):
    event = models.ForeignKey(TrainingEvent, on_delete=models.CASCADE, related_name="participants")
    # A short pseudonymous code (P01...) written on paper sheets and used in every table.
    code = models.CharField(_("code"), max_length=16)
    full_name = EncryptedTextField(_("name"), blank=True, default="")
    organisation_name = EncryptedTextField(_("organisation"), blank=True, default="")
    position = EncryptedTextField(_("position"), blank=True, default="")
    email = EncryptedTextField(_("e-mail"), blank=True, default="")
    phone = EncryptedTextField(_("phone"), blank=True, default="")
    organisation_type = models.CharField(
        _("organisation type"), max_length=40, blank=True, default=""
    )
    nrm_role = models.CharField(_("role in the NRM"), max_length=32, blank=True, default="")
    gender = models.CharField(_("gender"), max_length=32, blank=True, default="")
    country = models.CharField(_("country"), max_length=2, blank=True, default="")
    # The per-participant link: the token is encrypted (trainers can show it again) and found
    # through a keyed hash, so a copy of the database reveals no working link.
    token = EncryptedTextField(blank=True, default="")
    token_index = models.CharField(max_length=64, db_index=True, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "code"], name="participant_code_unique"),
        ]

    def __str__(self) -> str:
        return self.code


class Attendance(models.Model):
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="attendance"
    )
    day = models.PositiveSmallIntegerField()
    present = models.BooleanField(default=True)

    class Meta:
        ordering = ["day"]
        constraints = [
            models.UniqueConstraint(fields=["participant", "day"], name="attendance_unique"),
        ]

    def __str__(self) -> str:
        return f"participant={self.participant_id} day={self.day}"
