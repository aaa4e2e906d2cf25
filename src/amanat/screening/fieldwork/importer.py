"""Field submissions imported as completed assessments: the preview and the import (ADR 0361).

`submissions_plan` reads and checks everything and writes nothing: what each submission would
become (an assessment on an existing case, on a new case, already imported, consent not given)
and every problem with its instanceID and question. `submissions_import` runs the same plan and,
in one transaction, writes it through the assessment and case services: all or nothing per file,
unless bad submissions are to be skipped.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from amanat.accounts.roles import Perm
from amanat.cases.duplicates import (
    PossibleDuplicate,
    duplicate_warning_record,
    registration_duplicates,
)
from amanat.cases.models import Case
from amanat.cases.services import case_open
from amanat.errors import NotFound, ValidationError
from amanat.privacy.audit import audit_record
from amanat.screening.access import can_conduct, screening_case_for_user
from amanat.screening.fieldwork.convert import Converted, Problem, convert, resolve_keys
from amanat.screening.fieldwork.form import CASE_CODE, CONSENT_QUESTION, FIRST_NAME, field_form
from amanat.screening.fieldwork.readers import Submission, keys_of
from amanat.screening.models import FieldSubmission
from amanat.screening.services import (
    INTERVIEW_LANGUAGES,
    assessment_complete,
    assessment_start,
    guide_for,
)
from amanat.screening.services import _checked as check_answers

CREATE, UPDATE, DUPLICATE, NO_CONSENT, BAD = "create", "update", "duplicate", "no_consent", "bad"
# A new person who may already be registered in the organisation: reported, not registered
# unless confirmed (the duplicate check at registration, `cases.duplicates`).
SAME_PERSON = "possible_duplicate"
ACTIONS = (CREATE, UPDATE, DUPLICATE, NO_CONSENT, SAME_PERSON, BAD)


@dataclass
class PlanItem:
    submission: Submission
    action: str
    problems: list[Problem] = field(default_factory=list)
    converted: Converted | None = None
    case: Case | None = None
    answer_set: dict[str, Any] | None = None
    same_person: list[str] = field(default_factory=list)  # case codes of possible duplicates


@dataclass
class ImportPlan:
    guide_id: str
    guide_version: str
    items: list[PlanItem]

    def counts(self) -> dict[str, int]:
        counted = Counter(item.action for item in self.items)
        return {action: counted.get(action, 0) for action in ACTIONS}

    def possible_duplicates(self) -> list[tuple[str, str, list[str]]]:
        """(instanceID, where, case codes) of each new person who may already be registered."""
        return [
            (item.submission.instance_id, item.submission.where, item.same_person)
            for item in self.items
            if item.action == SAME_PERSON
        ]

    def problems(self) -> list[tuple[str, str, str, str]]:
        """(instanceID, where, question, message) of every bad submission."""
        return [
            (item.submission.instance_id, item.submission.where, p.question, p.message)
            for item in self.items
            for p in item.problems
        ]


class SubmissionsRejected(ValidationError):
    """The file has bad submissions and skipping them was not asked for: nothing was written."""

    def __init__(self, plan: ImportPlan):
        lines = [f"{iid}: {question}: {message}" for iid, _w, question, message in plan.problems()]
        bad = plan.counts()[BAD]
        super().__init__(
            _("%(count)s submission(s) have problems; nothing was imported:")
            % {"count": bad} + "\n" + "\n".join(lines),
            field="file", code="bad_submissions",
        )  # fmt: skip
        self.plan = plan


def _case_for(user, converted: Converted, problems: list[Problem]) -> Case | None:
    if converted.case_code:
        case = Case.objects.filter(code=converted.case_code).only("pk").first()
        try:
            if case is None:
                raise NotFound()
            return screening_case_for_user(user, case.pk, write=True)
        except NotFound:
            # The same sentence whether the case is missing or another organisation's.
            problems.append(Problem(CASE_CODE, _(
                "no case with code %(code)s that you may update.") % {"code": converted.case_code}))  # fmt: skip
            return None
    if not any(converted.person.values()):
        problems.append(Problem(FIRST_NAME, _("enter the case code or the person's name.")))
    elif not user.can(Perm.CASE_CREATE):
        problems.append(Problem(CASE_CODE, _(
            "a new case would be registered, which your role does not allow: give the case "
            "code.")))  # fmt: skip
    return None


def _field_of(item: str) -> str:
    """The form field an engine error names: `answers.age` -> `age`, `facts.age` ->
    `fact_age`, `present` -> `present` (the indicator lists)."""
    if item.startswith("facts."):
        return "fact_" + item.removeprefix("facts.").split(".")[0]
    return item.removeprefix("answers.").split(".")[0]


def _possible_duplicates(user, person: dict[str, str]) -> list[str]:
    candidates = registration_duplicates(user, person)
    if candidates:
        duplicate_warning_record(user, candidates)  # the codes are shown: audited as on the web
    return [c.case_code for c in candidates]


def submissions_plan(
    *, user, guide_id: str, submissions: Iterable[Submission], confirm_new: bool = False
) -> ImportPlan:
    """What importing would do, submission by submission. Writes nothing but the audit of the
    possible duplicates shown (unless `confirm_new`: new persons are then registered anyway)."""
    guide = guide_for(guide_id)
    form = field_form(guide.id)
    submissions = list(submissions)
    mapping = resolve_keys(form, keys_of(submissions))
    seen: set[str] = set()
    done = set(
        FieldSubmission.objects.filter(
            organisation_id=user.organisation_id,
            instance_id__in=[s.instance_id for s in submissions],
        ).values_list("instance_id", flat=True)
    )
    items = []
    for submission in submissions:
        if submission.instance_id in done or submission.instance_id in seen:
            items.append(PlanItem(submission, DUPLICATE))
            continue
        seen.add(submission.instance_id)
        converted = convert(form, submission, mapping)
        problems = list(converted.problems)
        if not problems and converted.consent != "yes":
            if converted.consent == "":
                problems.append(Problem(CONSENT_QUESTION, _("not answered.")))
            else:
                items.append(PlanItem(submission, NO_CONSENT, converted=converted))
                continue
        item = PlanItem(submission, BAD, problems, converted)
        if not problems:
            item.case = _case_for(user, converted, problems)
        if not problems:
            try:
                item.answer_set = check_answers(guide, converted.answer_set)
            except ValidationError as error:
                question = _field_of(error.field or "answers")
                problems.append(Problem(question, error.message))
        if not problems:
            item.action = UPDATE if item.case is not None else CREATE
        if item.action == CREATE and not confirm_new:
            item.same_person = _possible_duplicates(user, converted.person)
            if item.same_person:
                item.action = SAME_PERSON
        items.append(item)
    return ImportPlan(guide.id, str(guide.version), items)


@dataclass
class ImportResult:
    plan: ImportPlan
    assessment_ids: list[int]
    created_cases: list[str]  # case codes


@transaction.atomic
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
    `skip_bad`). Audited per assessment (through the assessment services) and once per file.
    A new person who may already be registered is reported and left out unless `confirm_new`."""
    if not can_conduct(user) or user.organisation_id is None:
        raise NotFound()
    if language not in INTERVIEW_LANGUAGES:
        raise ValidationError(
            _("Unknown interview language '%(value)s'. Allowed: %(allowed)s.")
            % {"value": language, "allowed": ", ".join(INTERVIEW_LANGUAGES)}, field="language",
        )  # fmt: skip
    plan = submissions_plan(
        user=user, guide_id=guide_id, submissions=submissions, confirm_new=confirm_new
    )
    if plan.counts()[BAD] and not skip_bad:
        raise SubmissionsRejected(plan)
    todo = [item for item in plan.items if item.action in (CREATE, UPDATE)]
    assessment_ids: list[int] = []
    created: list[str] = []
    now = timezone.now()
    for item in progress(todo) if progress else todo:
        case = item.case
        if case is None:
            try:
                case = case_open(user=user, person=dict(item.converted.person), case={},
                                 confirm_not_duplicate=confirm_new)  # fmt: skip
            except PossibleDuplicate as duplicate:  # the same new person twice in one file
                item.action = SAME_PERSON
                item.same_person = [c.case_code for c in duplicate.candidates]
                continue
            created.append(case.code)
        assessment = assessment_start(
            user=user, case_id=case.pk, guide_id=plan.guide_id, language=language,
            answers=item.answer_set,
        )  # fmt: skip
        assessment = assessment_complete(user=user, case_id=case.pk, assessment_id=assessment.pk)
        FieldSubmission.objects.create(
            organisation_id=user.organisation_id, instance_id=item.submission.instance_id,
            guide_id=plan.guide_id, guide_version=plan.guide_version, case=case,
            assessment=assessment, created_case=item.case is None, imported_by=user,
            imported_at=now,
        )  # fmt: skip
        assessment_ids.append(assessment.pk)
    audit_record(
        actor=user,
        action="fieldwork.import",
        object_type="guide",
        object_id=plan.guide_id,
        fields=["instance_id", "answers", "result"],
        purpose="identification",
        extra={"source": source[:200], "version": plan.guide_version, "counts": plan.counts(),
               "assessment_ids": assessment_ids, "skipped_bad": skip_bad},
    )  # fmt: skip
    return ImportResult(plan, assessment_ids, created)
