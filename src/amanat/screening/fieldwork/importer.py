"""Field submissions of a screening guide imported as completed assessments (ADR 0361).

The adapter of screening's guides to the shared import (`amanat.cases.fieldwork.importer`): an
assessment per submission, through the assessment services, on a case the importer may run
interviews on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.utils.translation import gettext as _

from amanat.cases.fieldwork import importer as shared
from amanat.cases.fieldwork.adapter import Converted
from amanat.cases.fieldwork.importer import (
    ACTIONS,
    BAD,
    CREATE,
    DUPLICATE,
    NO_CONSENT,
    SAME_PERSON,
    UPDATE,
    ImportPlan,
    ImportResult,
    SubmissionsRejected,
)
from amanat.cases.models import Case
from amanat.core.fieldwork.readers import Submission
from amanat.errors import ValidationError
from amanat.screening.access import can_conduct, screening_case_for_user
from amanat.screening.fieldwork.convert import convert
from amanat.screening.fieldwork.form import CONSENT_QUESTION, content, field_form
from amanat.screening.fieldwork.xlsform import xlsform_bytes
from amanat.screening.models import FieldSubmission
from amanat.screening.services import _checked as check_answers
from amanat.screening.services import (
    assessment_complete,
    assessment_start,
    guide_for,
)

# The shared plan's names, re-exported for the screening pages, command line and tests.
__all__ = ["ACTIONS", "BAD", "CREATE", "DUPLICATE", "NO_CONSENT", "SAME_PERSON", "UPDATE",
           "GuideAdapter", "ImportPlan", "ImportResult", "SubmissionsRejected",
           "submissions_import", "submissions_plan"]  # fmt: skip


def _field_of(item: str) -> str:
    """The form field an engine error names: `answers.age` -> `age`, `facts.age` ->
    `fact_age`, `present` -> `present` (the indicator lists)."""
    if item.startswith("facts."):
        return "fact_" + item.removeprefix("facts.").split(".")[0]
    return item.removeprefix("answers.").split(".")[0]


class GuideAdapter:
    """One built-in screening guide as a field form."""

    consent_question = CONSENT_QUESTION
    new_persons = True
    record_model = FieldSubmission
    purpose = "identification"
    audit_fields = ("instance_id", "answers", "result")
    ids_key = "assessment_ids"

    def __init__(self, guide_id: str):
        self.guide = guide_for(guide_id)
        self.form = field_form(self.guide.id)
        self.title = content(self.guide.title)

    def imported_message(self, count: int) -> str:
        return _("Imported %(count)s assessment(s).") % {"count": count}

    def xlsform(self, languages, *, public_key_pem: bytes | None, submission_url: str) -> bytes:
        return xlsform_bytes(self.guide.id, languages, public_key_pem=public_key_pem,
                             submission_url=submission_url)  # fmt: skip

    def may_import(self, user) -> bool:
        return can_conduct(user)

    def convert(self, submission: Submission, values: dict[str, Any]) -> Converted:
        return convert(self.form, values)

    def case_for(self, user, case: Case) -> Case:
        return screening_case_for_user(user, case.pk, write=True)

    def check(self, user, converted: Converted, case: Case | None) -> Any:
        try:
            return check_answers(self.guide, converted.payload)
        except ValidationError as error:
            raise ValidationError(
                error.message, field=_field_of(error.field or "answers")
            ) from None

    def write(self, *, user, case: Case, checked: Any, language: str, new_case: bool):
        assessment = assessment_start(user=user, case_id=case.pk, guide_id=self.guide.id,
                                      language=language, answers=checked)  # fmt: skip
        return assessment_complete(user=user, case_id=case.pk, assessment_id=assessment.pk)

    def link(self, record) -> dict[str, Any]:
        return {"assessment": record}


def submissions_plan(
    *, user, guide_id: str, submissions: Iterable[Submission], confirm_new: bool = False
) -> ImportPlan:
    """What importing would do (writes nothing but the audit of possible duplicates shown)."""
    return shared.submissions_plan(adapter=GuideAdapter(guide_id), user=user,
                                   submissions=submissions, confirm_new=confirm_new)  # fmt: skip


def submissions_import(
    *,
    user,
    guide_id: str,
    submissions: Iterable[Submission],
    language: str = "ru",
    skip_bad: bool = False,
    confirm_new: bool = False,
    progress: Callable[[Iterable], Iterable] | None = None,
    source: str = "",
) -> ImportResult:
    """Import a file's submissions as completed assessments (all or nothing unless
    `skip_bad`)."""
    return shared.submissions_import(
        adapter=GuideAdapter(guide_id), user=user, submissions=submissions, language=language,
        skip_bad=skip_bad, confirm_new=confirm_new, progress=progress, source=source,
    )  # fmt: skip
