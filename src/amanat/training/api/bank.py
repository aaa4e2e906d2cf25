"""The item bank, test forms and evaluation forms."""

from __future__ import annotations

from typing import Literal

from django.utils.translation import gettext as _
from ninja import Router, Status

from amanat.errors import ValidationError
from amanat.training import access, services

from ._common import Strict, _evaluation_form, _item, _test_form

router = Router(tags=["training"])


class OptionIn(Strict):
    key: str
    text: str


class ItemIn(Strict):
    code: str
    text: str
    item_type: Literal["single", "multiple", "true_false"]
    options: list[OptionIn] = []
    correct_answer: str
    max_points: float = 1.0
    scoring: Literal["all_or_nothing", "partial"] = "all_or_nothing"
    topic: str = ""
    module: str = ""
    language: str = "ru"


class ItemPatch(Strict):
    text: str | None = None
    item_type: Literal["single", "multiple", "true_false"] | None = None
    options: list[OptionIn] | None = None
    correct_answer: str | None = None
    max_points: float | None = None
    scoring: Literal["all_or_nothing", "partial"] | None = None
    topic: str | None = None
    module: str | None = None
    language: str | None = None
    is_active: bool | None = None
    rescore: bool = False


@router.get("/items")
def list_items(request):
    access.require_trainer(request.user)
    return [_item(i) for i in access.items_visible_to(request.user)]


@router.post("/items", response={201: dict})
def create_item(request, payload: ItemIn):
    data = payload.model_dump()
    item = services.item_create(user=request.user, code=data.pop("code"), data=data)
    return Status(201, _item(item))


@router.patch("/items/{item_id}")
def update_item(request, item_id: str, payload: ItemPatch):
    changes = payload.model_dump(exclude_unset=True)
    for name, value in changes.items():
        if value is None:
            raise ValidationError(_("This field cannot be null."), field=name)
    return _item(services.item_update(user=request.user, item_id=item_id, changes=changes))


class TestFormIn(Strict):
    title: str
    language: str = "ru"
    items: list[int]


class TestFormItemsIn(Strict):
    items: list[int]


@router.get("/test-forms")
def list_test_forms(request):
    access.require_trainer(request.user)
    return [_test_form(f) for f in access.test_forms_visible_to(request.user)]


@router.post("/test-forms", response={201: dict})
def create_test_form(request, payload: TestFormIn):
    form = services.test_form_create(
        user=request.user, title=payload.title, language=payload.language, item_ids=payload.items
    )
    return Status(201, _test_form(form))


@router.get("/test-forms/{form_id}")
def get_test_form(request, form_id: str):
    return _test_form(access.test_form_get(request.user, form_id))


@router.put("/test-forms/{form_id}/items")
def set_test_form_items(request, form_id: str, payload: TestFormItemsIn):
    return _test_form(
        services.test_form_set_items(user=request.user, form_id=form_id, item_ids=payload.items)
    )


class QuestionIn(Strict):
    text: str
    kind: Literal["likert", "open"]
    scope: Literal["session", "overall"]


class EvaluationFormIn(Strict):
    title: str
    language: str = "ru"
    scale_max: int = 5
    questions: list[QuestionIn]


@router.get("/evaluation-forms")
def list_evaluation_forms(request):
    access.require_trainer(request.user)
    return [_evaluation_form(f) for f in access.evaluation_forms_visible_to(request.user)]


@router.post("/evaluation-forms", response={201: dict})
def create_evaluation_form(request, payload: EvaluationFormIn):
    form = services.evaluation_form_create(
        user=request.user,
        title=payload.title,
        language=payload.language,
        scale_max=payload.scale_max,
        questions=[q.model_dump() for q in payload.questions],
    )
    return Status(201, _evaluation_form(form))
