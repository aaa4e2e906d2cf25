"""The item bank: test questions and their answer keys."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from amanat.core.ids import parse_id_field
from amanat.core.writes import changed_fields, model_update
from amanat.errors import Conflict, ValidationError
from amanat.training import cleaning
from amanat.training.access import item_get, require_trainer
from amanat.training.models import Curriculum, Item, ItemType, Scoring, TestFormItem, TestSubmission

from ._common import _audit


def _clean_item(data: dict, *, existing: Item | None = None) -> dict:
    def value(name, default=""):
        return data[name] if name in data else getattr(existing, name, default)

    cleaned = {
        "text": cleaning.text(value("text"), field="text", max_length=4000, required=True),
        "language": cleaning.language(value("language", "ru"), required=True),
        "topic": cleaning.text(value("topic"), field="topic", max_length=200),
        "module": cleaning.text(value("module"), field="module", max_length=20),
    }
    item_type = value("item_type")
    if item_type not in ItemType.values:
        raise ValidationError(
            _("Choose single choice, multiple choice or true/false."), field="item_type"
        )
    cleaned["item_type"] = item_type
    options = cleaning.item_options(value("options", []))
    if item_type == ItemType.TRUE_FALSE:
        options = []
    cleaned["options"] = options
    cleaned["correct_answer"] = cleaning.item_key(item_type, options, value("correct_answer"))
    cleaned["max_points"] = cleaning.number(
        value("max_points", 1), field="max_points", minimum=0, maximum=100
    )
    scoring = value("scoring", Scoring.ALL_OR_NOTHING) or Scoring.ALL_OR_NOTHING
    if scoring not in Scoring.values:
        raise ValidationError(
            _("'%(value)s' is not an allowed value.") % {"value": scoring}, field="scoring"
        )
    if scoring == Scoring.PARTIAL and item_type != ItemType.MULTIPLE:
        raise ValidationError(
            _("Partial credit applies to multiple-choice items only."), field="scoring"
        )
    cleaned["scoring"] = scoring
    if "is_active" in data:
        cleaned["is_active"] = bool(data["is_active"])
    return cleaned


def _locked_items(item_ids) -> set[int]:
    """Items on a form that already has answers: their key must not change silently."""
    used_forms = TestSubmission.objects.values("form_id")
    return set(
        TestFormItem.objects.filter(item_id__in=item_ids, form_id__in=used_forms).values_list(
            "item_id", flat=True
        )
    )


@transaction.atomic
def item_create(*, user, code: str, data: dict) -> Item:
    require_trainer(user)
    code = cleaning.code_value(code, field="code")
    cleaned = _clean_item(data)
    curriculum_id = data.get("curriculum")
    if curriculum_id:
        cleaned["curriculum"] = Curriculum.objects.filter(
            pk=curriculum_id, owner_organisation_id=user.organisation_id
        ).first()
        if cleaned["curriculum"] is None:
            raise ValidationError(_("Unknown curriculum."), field="curriculum")
    if Item.objects.filter(owner_organisation_id=user.organisation_id, code=code).exists():
        raise ValidationError(_("Your item bank already has an item with this code."), field="code")
    item = Item.objects.create(
        owner_organisation_id=user.organisation_id, code=code, created_by=user, **cleaned
    )
    _audit(user, "training.item.create", "training_item", item.pk, ["code", *cleaned])
    return item


@transaction.atomic
def item_update(*, user, item_id, changes: dict) -> Item:
    """Change an item; its code never changes (answers are stored by code). Changing the key
    of an item that has been answered re-scores those answers, so it needs `rescore=True`."""
    item = item_get(user, item_id)
    if "code" in changes and changes["code"] != item.code:
        raise ValidationError(_("An item's code cannot change: create a new item."), field="code")
    cleaned = _clean_item(changes, existing=item)
    changed = changed_fields(item, cleaned)
    key_fields = {"item_type", "options", "correct_answer", "max_points", "scoring"}
    if (
        key_fields & set(changed)
        and item.pk in _locked_items([item.pk])
        and not changes.get("rescore")
    ):
        raise Conflict(
            _(
                "This item has been answered: changing its key re-scores every answer. "
                "Confirm the re-scoring to go ahead."
            ),
            field="correct_answer",
        )
    model_update(
        item,
        cleaned,
        actor=user,
        action="training.item.update",
        object_type="training_item",
        purpose="training",
        extra={"rescored": bool(key_fields & set(changed))},
    )
    return item


def _items_in_order(user, item_ids) -> list[Item]:
    if not isinstance(item_ids, list | tuple):
        raise ValidationError(_("Give a list of items."), field="items")
    ids = []
    for raw in item_ids:
        pk = parse_id_field(raw, "items")
        if pk not in ids:
            ids.append(pk)
    items = {
        i.pk: i for i in Item.objects.filter(pk__in=ids, owner_organisation_id=user.organisation_id)
    }
    missing = [pk for pk in ids if pk not in items]
    if missing:
        raise ValidationError(_("Unknown item %(id)s.") % {"id": missing[0]}, field="items")
    if not ids:
        raise ValidationError(_("Choose at least one item."), field="items")
    return [items[pk] for pk in ids]
