"""The item bank, test forms and evaluation forms."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from amanat.core.model_fields import organisation_fk, user_fk

from .curricula import Curriculum


class ItemType(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    TRUE_FALSE = "true_false", _("True / false")


class Scoring(models.TextChoices):
    ALL_OR_NOTHING = "all_or_nothing", _("All or nothing")
    PARTIAL = "partial", _("Partial credit (right minus wrong picks)")


class Item(models.Model):
    """A test question of an organisation's item bank, with its answer key."""

    owner_organisation = organisation_fk()
    code = models.CharField(_("item code"), max_length=40)
    text = models.TextField(_("question"))
    language = models.CharField(_("language"), max_length=8, default="ru")
    item_type = models.CharField(_("type"), max_length=12, choices=ItemType.choices)
    options = models.JSONField(default=list, blank=True)  # [{"key": "A", "text": "..."}]
    correct_answer = models.CharField(_("correct answer"), max_length=100)
    max_points = models.FloatField(_("points"), default=1.0)
    scoring = models.CharField(
        max_length=16, choices=Scoring.choices, default=Scoring.ALL_OR_NOTHING
    )
    topic = models.CharField(_("topic"), max_length=200, blank=True, default="")
    module = models.CharField(_("module code"), max_length=20, blank=True, default="")
    curriculum = models.ForeignKey(
        Curriculum, null=True, blank=True, on_delete=models.SET_NULL, related_name="items"
    )
    is_active = models.BooleanField(default=True)
    created_by = user_fk()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["module", "code", "id"]
        constraints = [
            models.UniqueConstraint(fields=["owner_organisation", "code"], name="item_code_unique"),
            models.CheckConstraint(condition=Q(max_points__gt=0), name="item_points_positive"),
        ]

    def __str__(self) -> str:
        return self.code


class TestForm(models.Model):
    """A test assembled from the item bank; the same form is the pre- and the post-test."""

    __test__ = False  # not a pytest test class

    owner_organisation = organisation_fk()
    title = models.CharField(_("title"), max_length=200)
    language = models.CharField(_("language"), max_length=8, default="ru")
    items = models.ManyToManyField(Item, through="TestFormItem", related_name="forms")
    created_by = user_fk()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title", "id"]

    def __str__(self) -> str:
        return self.title


class TestFormItem(models.Model):
    __test__ = False

    form = models.ForeignKey(TestForm, on_delete=models.CASCADE, related_name="form_items")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+")
    order = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["form", "item"], name="test_form_item_unique"),
        ]

    def __str__(self) -> str:
        return f"form={self.form_id} item={self.item_id}"


class QuestionKind(models.TextChoices):
    LIKERT = "likert", _("Rating (1 to 5)")
    OPEN = "open", _("Open question")


class QuestionScope(models.TextChoices):
    SESSION = "session", _("Asked for every session")
    OVERALL = "overall", _("Asked once about the whole event")


class EvaluationForm(models.Model):
    owner_organisation = organisation_fk()
    title = models.CharField(_("title"), max_length=200)
    language = models.CharField(_("language"), max_length=8, default="ru")
    scale_max = models.PositiveSmallIntegerField(default=5)
    created_by = user_fk()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(scale_max__gte=3) & Q(scale_max__lte=10), name="evaluation_scale_range"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class EvaluationQuestion(models.Model):
    form = models.ForeignKey(EvaluationForm, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(default=1)
    text = models.CharField(_("question"), max_length=300)
    kind = models.CharField(max_length=8, choices=QuestionKind.choices)
    scope = models.CharField(max_length=8, choices=QuestionScope.choices)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.text
