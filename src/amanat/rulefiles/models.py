"""The base model of rule files and the way a validator reports a problem at an exact place."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationInfo, model_validator
from pydantic_core import PydanticCustomError

PROBLEM = "rule_file"


def problem(message: str, *at: str | int) -> PydanticCustomError:
    """An error to raise in a validator; `at` continues the path below the validated value.

    The message is used as written (no "Value error," prefix), so files keep the wording their
    readers know; `at` lets a validator of a mapping point at one key, e.g. `label.ru`.
    """
    return PydanticCustomError(PROBLEM, "{message}", {"message": message, "at": list(at)})


class RuleModel(BaseModel):
    """A mapping in a rule file: unknown keys are errors (a misspelt key must not silently disable
    a rule) and say which keys are allowed, unless a model sets `extra="allow"`; models are frozen
    once read."""

    model_config = ConfigDict(frozen=True, populate_by_name=True)

    @model_validator(mode="before")
    @classmethod
    def _known_keys_only(cls, data: Any, info: ValidationInfo) -> Any:
        if isinstance(data, dict) and cls.model_config.get("extra") != "allow":
            context = info.context if isinstance(info.context, dict) else {}
            allowed = cls.allowed_keys(context)
            for key in data:
                if key not in allowed:
                    raise problem(
                        f"unknown key '{key}' (allowed: {', '.join(sorted(allowed))})", str(key)
                    )
            for key in cls.required_keys(context):
                if key not in data:
                    raise problem("is required", key)
        return data

    @classmethod
    def allowed_keys(cls, context: dict | None = None) -> set[str]:
        """The keys a mapping of this kind may have (`context`: what validation has seen)."""
        return {field.alias or name for name, field in cls.model_fields.items()}

    @classmethod
    def required_keys(cls, context: dict | None = None) -> tuple[str, ...]:
        """Keys required beyond the fields without defaults (e.g. by a sibling's value)."""
        return ()


def check_unique(
    items: list, attribute: str = "code", message: str = "duplicate code '{}'"
) -> list:
    """Raise a problem at the first item whose `attribute` repeats an earlier one; else `items`."""
    seen: set = set()
    for index, item in enumerate(items):
        value = getattr(item, attribute)
        if value in seen:
            raise problem(message.format(value), index, attribute)
        seen.add(value)
    return items
