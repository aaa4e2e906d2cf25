"""Field submissions of the needs assessment form imported as needs assessments (ADR 0546).

The adapter of the needs form to the shared import (`amanat.cases.fieldwork.importer`). The
form's consent question is the person's consent to assistance: where the case has none in force,
the import records it (verbal, given on the assessment date, with the checklist answered) through
`cases.consent.consent_record` before the assessment, which requires it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from amanat.accounts.roles import Perm
from amanat.assistance.access import owner_case
from amanat.assistance.fieldwork.form import (
    CONSENT_QUESTION,
    GROUP_FIELD,
    needs_field_form,
)
from amanat.assistance.models import AssessmentStage, NeedsFieldSubmission
from amanat.assistance.needs import InvalidNeedsAnswer, validate_needs_answers
from amanat.assistance.services.needs import needs_assessment_record
from amanat.cases.consent import consent_in_force, consent_record
from amanat.cases.fieldwork.adapter import Converted
from amanat.cases.lifecycle import CLOSED_STATUSES
from amanat.cases.models import Case
from amanat.core.fieldwork.form import CASE_CODE
from amanat.core.fieldwork.readers import Submission
from amanat.core.fieldwork.xlsform import parse_languages, workbook_bytes
from amanat.errors import ValidationError
from amanat.privacy.models import ConsentMethod, ConsentPurpose

SETTINGS = ("stage", "assessed_on", GROUP_FIELD, "reintegration_setting", "notes")


class NeedsAdapter:
    """The needs assessment guide as a field form."""

    consent_question = CONSENT_QUESTION
    record_model = NeedsFieldSubmission
    purpose = "assistance"
    audit_fields = ("instance_id", "answers")
    ids_key = "needs_assessment_ids"

    def __init__(self, form_id: str = ""):
        self.form = needs_field_form()
        self.guide = self.form.source
        self.title = self.form.title

    def imported_message(self, count: int) -> str:
        return _("Imported %(count)s needs assessment(s).") % {"count": count}

    def xlsform(self, languages, *, public_key_pem: bytes | None, submission_url: str) -> bytes:
        codes = parse_languages(languages, ("ru", "en"))
        return workbook_bytes(self.form, codes, public_key_pem=public_key_pem,
                              submission_url=submission_url)  # fmt: skip

    def may_import(self, user) -> bool:
        return user.can(Perm.CASE_UPDATE) and user.can(Perm.CONSENT_RECORD)

    def convert(self, submission: Submission, values: dict[str, Any]) -> Converted:
        answers = {name: value for name, value in values.items()
                   if self.form.by_name[name].kind == "question"}  # fmt: skip
        checklist = {name: value == "yes" for name, value in values.items()
                     if self.form.by_name[name].kind == "checklist"}  # fmt: skip
        payload = {name: values.get(name) or "" for name in SETTINGS}
        payload.update(answers=answers, checklist=checklist)
        return Converted(payload=payload, consent="")

    def case_for(self, user, case: Case) -> Case:
        return owner_case(user, case.pk, permission=Perm.CASE_UPDATE)

    def check(self, user, converted: Converted, case: Case | None) -> dict[str, Any]:
        """The payload checked as `needs_assessment_record` will check it, naming the field."""
        payload = dict(converted.payload)
        if case is not None and case.status in CLOSED_STATUSES:
            raise ValidationError(_("this case is closed: reopen it first."), field=CASE_CODE)
        for name in ("stage", "assessed_on", GROUP_FIELD):
            if not payload[name]:
                raise ValidationError(_("not answered."), field=name)
        if payload["stage"] not in AssessmentStage.values:
            raise ValidationError(_("unknown stage."), field="stage")
        assessed_on = dt.date.fromisoformat(payload["assessed_on"])  # parsed by the reader
        if assessed_on > timezone.localdate():
            raise ValidationError(_("the date cannot be in the future."), field="assessed_on")
        try:
            payload["answers"] = validate_needs_answers(
                payload["answers"], group=payload[GROUP_FIELD], guide=self.guide
            )
        except InvalidNeedsAnswer as error:
            raise ValidationError(error.message, field=error.field or "answers") from None
        return payload

    def write(self, *, user, case: Case, checked: Any, language: str, new_case: bool):
        if not consent_in_force(case_id=case.pk, purpose=ConsentPurpose.ASSISTANCE):
            consent_record(user=user, case_id=case.pk, purpose=ConsentPurpose.ASSISTANCE,
                           method=ConsentMethod.VERBAL, given_on=checked["assessed_on"],
                           checklist=checked["checklist"])  # fmt: skip
        return needs_assessment_record(
            user=user, case_id=case.pk, answers=checked["answers"], stage=checked["stage"],
            assessed_on=checked["assessed_on"], respondent_group=checked[GROUP_FIELD],
            reintegration_setting=checked["reintegration_setting"], notes=checked["notes"],
        )  # fmt: skip

    def link(self, record) -> dict[str, Any]:
        return {"needs_assessment": record}
