"""What an app supplies to import submissions of its field form (ADR 0545)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from amanat.cases.models import Case
from amanat.core.fieldwork.form import FieldForm, Label
from amanat.core.fieldwork.readers import Submission
from amanat.core.fieldwork.values import Problem


@dataclass
class Converted:
    """A submission read through its form: the app's payload, the consent answer, the case."""

    payload: dict[str, Any]
    consent: str  # "yes", "no", "unknown" or "" (not answered)
    case_code: str = ""
    person: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


class FormAdapter(Protocol):
    """One field form of one app: how its submissions become that app's records."""

    form: FieldForm
    consent_question: str  # the field whose "yes" gates everything after it
    new_persons: bool  # whether a submission without a case code registers a new person
    record_model: Any  # the app's concrete FieldSubmissionBase
    title: Label  # the form's name in lists (the web import page)
    purpose: str  # the audit purpose of the file's import event
    audit_fields: tuple[str, ...]  # the field names the import event names (never values)
    ids_key: str  # the import event's key for the ids of the records written

    def imported_message(self, count: int) -> str:
        """ "Imported 3 assessment(s)." in the app's words (a whole sentence, for translators)."""

    def xlsform(self, languages, *, public_key_pem: bytes | None, submission_url: str) -> bytes:
        """The form as an XLSForm workbook (`amanat.core.fieldwork.xlsform.workbook_bytes`)."""

    def may_import(self, user) -> bool:
        """Whether the user may import into cases at all (their role)."""

    def convert(self, submission: Submission, values: dict[str, Any]) -> Converted:
        """The app's payload from the parsed values by field name (tag and case fields done)."""

    def case_for(self, user, case: Case) -> Case:
        """The case as this user may write this form's record on it; NotFound otherwise."""

    def check(self, user, converted: Converted, case: Case | None) -> Any:
        """The payload checked by the app's own rules; ValidationError naming the field."""

    def write(self, *, user, case: Case, checked: Any, language: str, new_case: bool) -> Any:
        """Write the record through the app's services; returns the record (has `pk`)."""

    def link(self, record: Any) -> dict[str, Any]:
        """The concrete idempotence model's fields pointing at the record."""
