"""Reason codes a match carries, and their labels. Codes only are stored; never a value."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

REASON_LABELS = {
    "name": gettext_lazy("Same name"),
    "name_similar": gettext_lazy("Similar name"),
    "name_variant": gettext_lazy("Name in another spelling or script"),
    "name_latin": gettext_lazy("Same name in Latin script"),
    "name_swapped": gettext_lazy("First and last name swapped"),
    "patronymic": gettext_lazy("Same patronymic"),
    "birth_date": gettext_lazy("Same birth date"),
    "birth_date_similar": gettext_lazy("Similar birth date"),
    "birth_year": gettext_lazy("Same birth year"),
    "phone": gettext_lazy("Same phone number"),
    "document": gettext_lazy("Same identity document number"),
    "gender": gettext_lazy("Same gender"),
    "citizenship": gettext_lazy("Same citizenship"),
}

# A code is an identifier, never free text (so no value can be smuggled into the queue).
CODE = re.compile(r"[a-z][a-z0-9_]{0,39}")
MAX_REASONS = 20


def reason_label(code: str) -> str:
    # The batch linkage uses the codes above; the search index (`persons scan`) its own.
    from amanat.cases.identity.reasons import REASONS as INDEX_REASONS

    label = REASON_LABELS.get(code, INDEX_REASONS.get(code))
    if label is not None:
        return str(label)
    return _("Other similarity (%(code)s)") % {"code": code}


def is_reason_code(value: object) -> bool:
    return isinstance(value, str) and CODE.fullmatch(value) is not None
