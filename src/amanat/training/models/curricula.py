"""Curricula: versions, modules, sessions and their materials."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from amanat.core.model_fields import organisation_fk, user_fk


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    RETIRED = "retired", _("Retired")


class Curriculum(models.Model):
    """A reusable curriculum; its content lives in numbered versions."""

    owner_organisation = organisation_fk()
    code = models.CharField(_("code"), max_length=40)
    created_by = user_fk()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["code", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner_organisation", "code"], name="curriculum_code_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.code


class CurriculumVersion(models.Model):
    """One version of a curriculum. Drafts can change; published versions never do."""

    curriculum = models.ForeignKey(Curriculum, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, default="")
    target_roles = models.JSONField(_("target audience (NRM roles)"), default=list, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    status = models.CharField(
        max_length=12, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    change_note = models.TextField(_("what changed"), blank=True, default="")
    created_by = user_fk()
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["curriculum_id", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["curriculum", "number"], name="curriculum_version_unique"
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="curriculum_version_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.title} v{self.number}"

    @property
    def is_editable(self) -> bool:
        return self.status == VersionStatus.DRAFT


class CurriculumModule(models.Model):
    version = models.ForeignKey(CurriculumVersion, on_delete=models.CASCADE, related_name="modules")
    order = models.PositiveSmallIntegerField(default=1)
    code = models.CharField(_("module code"), max_length=20)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, default="")

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "code"], name="curriculum_module_code_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class CurriculumSession(models.Model):
    module = models.ForeignKey(CurriculumModule, on_delete=models.CASCADE, related_name="sessions")
    order = models.PositiveSmallIntegerField(default=1)
    title = models.CharField(_("title"), max_length=200)
    objectives = models.TextField(_("objectives"), blank=True, default="")  # one per line
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=60)
    method = models.CharField(_("method"), max_length=24)  # vocabulary: training_method
    # Empty: the curriculum version's target audience.
    target_roles = models.JSONField(_("target audience (NRM roles)"), default=list, blank=True)

    class Meta:
        ordering = ["module__order", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=5) & Q(duration_minutes__lte=600),
                name="curriculum_session_duration_range",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def objective_list(self) -> list[str]:
        return [line.strip() for line in self.objectives.splitlines() if line.strip()]


class SessionMaterial(models.Model):
    """A handout, slide deck or link attached to a session. Files are kept in the database so a
    backup carries them (see ADR 0740); they are training content, not personal data."""

    session = models.ForeignKey(
        CurriculumSession, on_delete=models.CASCADE, related_name="materials"
    )
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("link"), max_length=500, blank=True, default="")
    file_name = models.CharField(max_length=200, blank=True, default="")
    content_type = models.CharField(max_length=100, blank=True, default="")
    content = models.BinaryField(null=True, blank=True, editable=False)
    size = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True, default="")
    created_by = user_fk()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(url="") | ~Q(file_name=""), name="material_has_link_or_file"
            ),
        ]

    def __str__(self) -> str:
        return self.title
