"""The field forms the apps offer, found by id (an extension point, ADR 0545).

An app registers, in its `AppConfig.ready()`, a function listing its forms' ids and one making
the adapter of an id; the shared command line and web page find a form here, so screening's
guides and assistance's needs assessment are exported and imported the same way without either
app importing the other.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext as _

from amanat.cases.fieldwork.adapter import FormAdapter
from amanat.errors import ValidationError

_PROVIDERS: dict[str, tuple[Callable[[], list[str]], Callable[[str], FormAdapter]]] = {}


def register_field_forms(
    owner: str, ids: Callable[[], list[str]], adapter: Callable[[str], FormAdapter]
) -> None:
    """`ids()` lists the owner's form ids; `adapter(id)` makes the adapter of one of them."""
    _PROVIDERS[owner] = (ids, adapter)


def form_ids() -> list[str]:
    return [form_id for ids, _make in _PROVIDERS.values() for form_id in ids()]


def adapter_for(form_id: str) -> FormAdapter:
    for ids, make in _PROVIDERS.values():
        if form_id in ids():
            return make(form_id)
    raise ValidationError(
        _("Unknown guide '%(value)s'. Known guides: %(known)s.")
        % {"value": form_id, "known": ", ".join(form_ids())},
        field="guide",
    )
