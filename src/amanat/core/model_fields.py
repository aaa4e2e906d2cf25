"""The foreign keys most models repeat: who did it, for which organisation, on which case.

Each returns exactly the field the apps used to spell out (same target, on_delete, null/blank,
related_name "+" so no reverse accessor clutters User, Organisation or Case), so using them
changes no migration. Targets are named as strings: this module imports no app's models.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


def _optional(optional: bool) -> dict:
    return {"null": True, "blank": True} if optional else {}


def user_fk(*, optional: bool = False, on_delete=models.PROTECT) -> models.ForeignKey:
    """The user who recorded, created or decided something (kept: PROTECT by default)."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=on_delete, related_name="+", **_optional(optional)
    )


def organisation_fk(*, optional: bool = False) -> models.ForeignKey:
    """The organisation that holds or recorded the row."""
    return models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+", **_optional(optional)
    )


def case_fk() -> models.ForeignKey:
    """The case a row belongs to; it goes with the case (retention deletes the whole case)."""
    return models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
