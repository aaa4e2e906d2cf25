"""Erase personal data of cases past their retention date, keeping non-identifying facts."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from amanat.cases.field_spec import PERSONAL_PERSON_FIELDS
from amanat.cases.models import Case
from amanat.cases.timeline import case_event_record
from amanat.privacy.audit import audit_record

ERASED_CASE_FIELDS = ("narrative", "closure_reason")


def retention_apply(*, dry_run: bool = False) -> dict:
    today = timezone.localdate()
    due = Case.objects.filter(retention_until__lt=today, person__anonymised_at__isnull=True)
    count = due.count()
    if dry_run:
        return {"cases": count}
    for case in due.select_related("person").iterator(chunk_size=200):
        with transaction.atomic():
            person = case.person
            for name in PERSONAL_PERSON_FIELDS:
                setattr(person, name, None if name == "birth_date" else "")
            person.phone_index = ""
            person.id_document_index = ""
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
            case_event_record(case=case, kind="case.retention_applied")
    return {"cases": count}
