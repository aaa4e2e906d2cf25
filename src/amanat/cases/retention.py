"""Erase personal data of cases past their retention date, keeping non-identifying facts.

Apps that hold personal data about a case (answers, notes, plans) erase their part through
`amanat.<app>.retention.erase_case_personal_data(case) -> int`, called in the same transaction.
"""

from __future__ import annotations

import importlib
import importlib.util

from django.db import transaction
from django.utils import timezone

from amanat.cases import events
from amanat.cases.field_spec import PERSON_FIELD_MAP, PERSONAL_PERSON_FIELDS
from amanat.cases.identity.index import person_names_unindex
from amanat.cases.links.retention import erase_person_links
from amanat.cases.models import Case
from amanat.config import DATA_APPS
from amanat.privacy.audit import audit_record

ERASED_CASE_FIELDS = ("narrative", "closure_reason")
# Every data app above cases, found by name (a new app needs no edit here; ADR 0911).
APPS_WITH_CASE_DATA = DATA_APPS[DATA_APPS.index("cases") + 1 :]


def _erased(name: str):
    """The empty value of a personal field: no date, no list, no text."""
    kind = PERSON_FIELD_MAP[name].kind
    return None if kind == "date" else ([] if kind == "vocab_list" else "")


def _retention_modules() -> list:
    modules = []
    for app in APPS_WITH_CASE_DATA:
        name = f"amanat.{app}.retention"
        if importlib.util.find_spec(name) is not None:
            modules.append(importlib.import_module(name))
    return modules


def _app_erasers() -> list:
    return [module.erase_case_personal_data for module in _retention_modules()]


def retention_apply(*, dry_run: bool = False) -> dict:
    today = timezone.localdate()
    due = Case.objects.filter(retention_until__lt=today, person__anonymised_at__isnull=True)
    count = due.count()
    # Data kept by its own clock (e.g. training participants, per event).
    others = {
        module.__name__.split(".")[1]: module.apply_other_retention(dry_run=dry_run)
        for module in _retention_modules()
        if hasattr(module, "apply_other_retention")
    }
    if dry_run:
        return {"cases": count, "other": others}
    erasers = _app_erasers()
    for case in due.select_related("person").iterator(chunk_size=200):
        with transaction.atomic():
            for erase in erasers:
                erase(case)
            person = case.person
            erase_person_links(person)
            for name in PERSONAL_PERSON_FIELDS:
                setattr(person, name, _erased(name))
            person.phone_index = ""
            person.id_document_index = ""
            person_names_unindex(person.pk)  # erased names leave no key behind
            person.anonymised_at = timezone.now()
            person.save(
                update_fields=[
                    *PERSONAL_PERSON_FIELDS,
                    "phone_index",
                    "id_document_index",
                    "anonymised_at",
                    "updated_at",
                ]
            )
            for name in ERASED_CASE_FIELDS:
                setattr(case, name, "")
            case.save(update_fields=[*ERASED_CASE_FIELDS, "updated_at"])
            audit_record(
                action="retention.erase",
                object_type="case",
                object_id=case.pk,
                fields=[*PERSONAL_PERSON_FIELDS, *ERASED_CASE_FIELDS],
                purpose="retention",
            )
            events.CASE_RETENTION_APPLIED.record(case=case)
    return {"cases": count, "other": others}
