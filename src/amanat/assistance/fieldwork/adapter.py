"""Field submissions of assistance's forms imported (ADR 0546): the needs assessment form as
needs assessments, the follow-up visit form as visits with their reintegration assessment.

The adapters of both forms to the shared import (`amanat.cases.fieldwork.importer`). The forms'
consent question is the person's consent to assistance: where the case has none in force, the
import records it (verbal, given on the assessment or visit date, with the checklist answered)
through `cases.consent.consent_record` before the record, which requires it.
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
from amanat.assistance.fieldwork.visit_form import visit_field_form
from amanat.assistance.models import FollowUpFieldSubmission, FollowUpVisit, NeedsFieldSubmission
from amanat.assistance.needs import InvalidNeedsAnswer, validate_needs_answers
from amanat.assistance.reintegration import InvalidAnswer, score_answers
from amanat.assistance.services.followup import followup_visit_record
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


class _AssistanceForm:
    """What both assistance forms share: consent to assistance, owner cases, the workbook."""

    consent_question = CONSENT_QUESTION
    purpose = "assistance"
    new_persons = True

    def xlsform(self, languages, *, public_key_pem: bytes | None, submission_url: str) -> bytes:
        codes = parse_languages(languages, ("ru", "en"))
        return workbook_bytes(self.form, codes, public_key_pem=public_key_pem,
                              submission_url=submission_url)  # fmt: skip

    def may_import(self, user) -> bool:
        return user.can(Perm.CASE_UPDATE) and user.can(Perm.CONSENT_RECORD)

    def _checklist(self, values: dict[str, Any]) -> dict[str, bool]:
        return {name: value == "yes" for name, value in values.items()
                if self.form.by_name[name].kind == "checklist"}  # fmt: skip

    def _answers(self, values: dict[str, Any]) -> dict[str, Any]:
        return {name: value for name, value in values.items()
                if self.form.by_name[name].kind == "question"}  # fmt: skip

    def case_for(self, user, case: Case) -> Case:
        return owner_case(user, case.pk, permission=Perm.CASE_UPDATE)

    def _open_and_dated(self, case: Case | None, payload: dict, date_field: str) -> dt.date:
        if case is not None and case.status in CLOSED_STATUSES:
            raise ValidationError(_("this case is closed: reopen it first."), field=CASE_CODE)
        if not payload.get(date_field):
            raise ValidationError(_("not answered."), field=date_field)
        on = dt.date.fromisoformat(payload[date_field])  # parsed by the reader
        if on > timezone.localdate():
            raise ValidationError(_("the date cannot be in the future."), field=date_field)
        return on

    def _consent(self, user, case: Case, given_on, checklist: dict[str, bool]) -> None:
        if not consent_in_force(case_id=case.pk, purpose=ConsentPurpose.ASSISTANCE):
            consent_record(user=user, case_id=case.pk, purpose=ConsentPurpose.ASSISTANCE,
                           method=ConsentMethod.VERBAL, given_on=given_on,
                           checklist=checklist)  # fmt: skip


class NeedsAdapter(_AssistanceForm):
    """The needs assessment guide as a field form."""

    record_model = NeedsFieldSubmission
    audit_fields = ("instance_id", "answers")
    ids_key = "needs_assessment_ids"

    def __init__(self, form_id: str = ""):
        self.form = needs_field_form()
        self.guide = self.form.source
        self.title = self.form.title

    def imported_message(self, count: int) -> str:
        return _("Imported %(count)s needs assessment(s).") % {"count": count}

    def convert(self, submission: Submission, values: dict[str, Any]) -> Converted:
        payload = {name: values.get(name) or "" for name in SETTINGS}
        payload.update(answers=self._answers(values), checklist=self._checklist(values))
        return Converted(payload=payload, consent="")

    def check(self, user, converted: Converted, case: Case | None) -> dict[str, Any]:
        """The payload checked as `needs_assessment_record` will check it, naming the field."""
        payload = dict(converted.payload)
        self._open_and_dated(case, payload, "assessed_on")
        for name in ("stage", GROUP_FIELD):
            if not payload[name]:
                raise ValidationError(_("not answered."), field=name)
        try:
            payload["answers"] = validate_needs_answers(
                payload["answers"], group=payload[GROUP_FIELD], guide=self.guide
            )
        except InvalidNeedsAnswer as error:
            raise ValidationError(error.message, field=error.field or "answers") from None
        return payload

    def write(self, *, user, case: Case, checked: Any, language: str, new_case: bool):
        self._consent(user, case, checked["assessed_on"], checked["checklist"])
        return needs_assessment_record(
            user=user, case_id=case.pk, answers=checked["answers"], stage=checked["stage"],
            assessed_on=checked["assessed_on"], respondent_group=checked[GROUP_FIELD],
            reintegration_setting=checked["reintegration_setting"], notes=checked["notes"],
        )  # fmt: skip

    def link(self, record) -> dict[str, Any]:
        return {"needs_assessment": record}


class VisitAdapter(_AssistanceForm):
    """A follow-up visit and its reintegration sustainability assessment as a field form."""

    record_model = FollowUpFieldSubmission
    new_persons = False
    audit_fields = ("instance_id", "visited_on", "mode", "answers")
    ids_key = "visit_ids"

    def __init__(self, form_id: str = ""):
        self.form = visit_field_form()
        self.instrument = self.form.source
        self.title = self.form.title

    def imported_message(self, count: int) -> str:
        return _("Imported %(count)s follow-up visit(s).") % {"count": count}

    def convert(self, submission: Submission, values: dict[str, Any]) -> Converted:
        payload = {name: values.get(name) for name in ("visited_on", "mode", "number", "notes")}
        payload.update(answers=self._answers(values), checklist=self._checklist(values))
        return Converted(payload=payload, consent="")

    def check(self, user, converted: Converted, case: Case | None) -> dict[str, Any]:
        if case is None:  # a visit is made to a person whose case exists
            raise ValidationError(_("a follow-up visit belongs to an existing case: give the "
                                    "case code."), field=CASE_CODE)  # fmt: skip
        payload = dict(converted.payload)
        self._open_and_dated(case, payload, "visited_on")
        if not payload["mode"]:
            raise ValidationError(_("not answered."), field="mode")
        if payload["number"] is not None:
            visit = FollowUpVisit.objects.filter(case=case, number=payload["number"]).first()
            if visit is None:
                raise ValidationError(_("no scheduled visit with this number."), field="number")
            if visit.visited_on is not None:
                raise ValidationError(_("this visit has already been recorded."), field="number")
        try:
            if payload["answers"]:
                score_answers(payload["answers"], instrument=self.instrument)
        except InvalidAnswer as error:
            raise ValidationError(error.message, field=error.field or "answers") from None
        return payload

    def write(self, *, user, case: Case, checked: Any, language: str, new_case: bool):
        self._consent(user, case, checked["visited_on"], checked["checklist"])
        return followup_visit_record(
            user=user, case_id=case.pk, visited_on=checked["visited_on"], mode=checked["mode"],
            number=checked["number"], notes=checked["notes"] or "",
            answers=checked["answers"] or None,
        )  # fmt: skip

    def link(self, record) -> dict[str, Any]:
        return {"visit": record}
