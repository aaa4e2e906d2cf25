"""The one way to change a row: save the changed fields, audit them, and say what changed.

Services call `model_update` instead of repeating "compare, setattr, save(update_fields),
audit_record, timeline event". The timeline lives above core (in cases), so the caller passes
what to do once the change is saved (`then`), e.g. a typed case event's `record`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.db import models, transaction

from amanat.privacy.audit import audit_record


def changed_fields(instance: models.Model, values: Mapping[str, Any]) -> list[str]:
    """The names in `values` whose value differs from the instance's, in the given order."""
    return [name for name, value in values.items() if getattr(instance, name) != value]


def model_update(
    instance: models.Model,
    values: Mapping[str, Any],
    *,
    actor,
    action: str,
    object_type: str = "",
    purpose: str = "",
    extra: dict | None = None,
    also_save: Iterable[str] = (),
    before_save: Callable[[list[str]], Iterable[str] | None] | None = None,
    then: Callable[[list[str]], object] | None = None,
) -> list[str]:
    """Apply `values` to `instance` atomically; return the names that changed ([] = no write).

    - `also_save`: further columns the caller set itself (derived indexes, timestamps);
    - `before_save(changed)`: recompute derived columns; returns extra names to save;
    - `then(changed)`: after the save and the audit entry, in the same transaction (timeline).
    The audit entry names the changed fields, never their values.
    """
    changed = changed_fields(instance, values)
    if not changed:
        return []
    with transaction.atomic():
        for name in changed:
            setattr(instance, name, values[name])
        update_fields = [*changed, *also_save]
        if before_save is not None:
            update_fields.extend(before_save(changed) or ())
        if any(f.name == "updated_at" for f in instance._meta.concrete_fields):
            update_fields.append("updated_at")
        instance.save(update_fields=list(dict.fromkeys(update_fields)))
        audit_record(
            actor=actor,
            action=action,
            object_type=object_type or instance._meta.model_name,
            object_id=instance.pk,
            fields=changed,
            purpose=purpose,
            extra=extra,
        )
        if then is not None:
            then(changed)
    return changed
