"""Test forms (ordered items) and evaluation forms (questions)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from amanat.errors import Conflict, ValidationError
from amanat.training import cleaning
from amanat.training.access import require_trainer, test_form_get
from amanat.training.models import (
    EvaluationForm,
    EvaluationQuestion,
    QuestionKind,
    QuestionScope,
    TestForm,
    TestFormItem,
    TestSubmission,
)

from ._common import _audit
from .items import _items_in_order


@transaction.atomic
def test_form_create(*, user, title: str, language: str = "ru", item_ids=()) -> TestForm:
    require_trainer(user)
    title = cleaning.text(title, field="title", max_length=200, required=True)
    language = cleaning.language(language, required=True)
    items = _items_in_order(user, list(item_ids))
    form = TestForm.objects.create(
        owner_organisation_id=user.organisation_id, title=title, language=language, created_by=user
    )
    TestFormItem.objects.bulk_create(
        [TestFormItem(form=form, item=item, order=i) for i, item in enumerate(items, start=1)]
    )
    _audit(
        user,
        "training.test_form.create",
        "training_test_form",
        form.pk,
        ["title", "language", "items"],
        extra={"items": len(items)},
    )
    return form


@transaction.atomic
def test_form_set_items(*, user, form_id, item_ids) -> TestForm:
    form = test_form_get(user, form_id)
    if TestSubmission.objects.filter(form=form).exists():
        raise Conflict(
            _("This test has been answered: its items cannot change. Create a new test form."),
            field="items",
        )
    items = _items_in_order(user, list(item_ids))
    form.form_items.all().delete()
    TestFormItem.objects.bulk_create(
        [TestFormItem(form=form, item=item, order=i) for i, item in enumerate(items, start=1)]
    )
    _audit(
        user,
        "training.test_form.update",
        "training_test_form",
        form.pk,
        ["items"],
        extra={"items": len(items)},
    )
    return form


def _clean_questions(questions) -> list[dict]:
    if not isinstance(questions, list | tuple) or not questions:
        raise ValidationError(_("Add at least one question."), field="questions")
    cleaned = []
    for question in questions:
        if not isinstance(question, dict):
            raise ValidationError(
                _("Each question needs a text, a kind and a scope."), field="questions"
            )
        kind = question.get("kind")
        scope = question.get("scope")
        if kind not in QuestionKind.values:
            raise ValidationError(
                _("A question is a rating or an open question."), field="questions"
            )
        if scope not in QuestionScope.values:
            raise ValidationError(
                _("A question is asked per session or once overall."), field="questions"
            )
        cleaned.append(
            {
                "text": cleaning.text(
                    question.get("text"), field="questions", max_length=300, required=True
                ),
                "kind": kind,
                "scope": scope,
            }
        )
    return cleaned


@transaction.atomic
def evaluation_form_create(
    *, user, title: str, language: str = "ru", questions=(), scale_max: int = 5
) -> EvaluationForm:
    require_trainer(user)
    title = cleaning.text(title, field="title", max_length=200, required=True)
    language = cleaning.language(language, required=True)
    scale_max = cleaning.integer(scale_max, field="scale_max", minimum=3, maximum=10)
    cleaned = _clean_questions(list(questions))
    form = EvaluationForm.objects.create(
        owner_organisation_id=user.organisation_id,
        title=title,
        language=language,
        scale_max=scale_max,
        created_by=user,
    )
    EvaluationQuestion.objects.bulk_create(
        [EvaluationQuestion(form=form, order=i, **q) for i, q in enumerate(cleaned, start=1)]
    )
    _audit(
        user,
        "training.evaluation_form.create",
        "training_evaluation_form",
        form.pk,
        ["title", "language", "questions"],
        extra={"questions": len(cleaned)},
    )
    return form
