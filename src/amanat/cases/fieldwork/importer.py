"""Field submissions imported into cases: the preview and the import (ADR 0361, 0545).

`submissions_plan` reads and checks everything and writes nothing: what each submission would
become (a record on an existing case, on a new case, already imported, consent not given) and
every problem with its instanceID and question. `submissions_import` runs the same plan and, in
one transaction, writes it through the owning app's services (its adapter): all or nothing per
file, unless bad submissions are to be skipped.
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
from amanat.cases.codes import normalise_case_code
from amanat.cases.duplicates import (
    PossibleDuplicate,
    duplicate_warning_record,
    registration_duplicates,
)
from amanat.cases.fieldwork.adapter import Converted, FormAdapter
from amanat.cases.models import Case
from amanat.cases.services import case_open
from amanat.core.fieldwork.form import CASE_CODE, FIRST_NAME, FORM_TAG
from amanat.core.fieldwork.readers import Submission, keys_of
from amanat.core.fieldwork.values import Problem, by_field, parse_value, resolve_keys, tag_problems
from amanat.core.fieldwork.xlsform import FORM_LANGUAGES
from amanat.errors import NotFound, ValidationError
from amanat.privacy.audit import audit_record

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
    checked: Any = None  # the payload as the app's rules accepted it
    same_person: list[str] = field(default_factory=list)  # case codes of possible duplicates

    @property
    def answer_set(self) -> Any:  # screening's name for the checked payload
        return self.checked


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


def read(adapter: FormAdapter, submission: Submission, mapping: dict[str, str]) -> Converted:
    """The parts every form shares (form tag, case, consent), then the app's own payload."""
    form = adapter.form
    raw = by_field(submission, mapping)
    problems = tag_problems(form, raw.get(FORM_TAG), submission)
    values: dict[str, Any] = {}
    case_code, person = "", {}
    for name, value in raw.items():
        item = form.by_name[name]
        if item.kind in ("tag", "derived", "note"):
            continue
        parsed, problem = parse_value(item, value, form)
        if problem:
            problems.append(Problem(name, problem))
            continue
        if item.kind == "case_code":
            case_code = normalise_case_code(str(parsed))
            if not case_code:
                problems.append(Problem(name, _("'%(value)s' is not a case code.")
                                        % {"value": parsed}))  # fmt: skip
        elif item.kind in ("first_name", "last_name"):
            person[item.kind] = str(parsed)[:200]
        else:
            values[name] = parsed
    converted = adapter.convert(submission, values)
    converted.consent = values.get(adapter.consent_question) or ""
    converted.case_code, converted.person = case_code, person
    converted.problems = problems + converted.problems
    return converted


def _case_for(adapter: FormAdapter, user, converted: Converted, problems: list[Problem]):
    if converted.case_code:
        case = Case.objects.filter(code=converted.case_code).only("pk").first()
        try:
            if case is None:
                raise NotFound()
            return adapter.case_for(user, case)
        except NotFound:
            # The same sentence whether the case is missing or another organisation's.
            problems.append(Problem(CASE_CODE, _(
                "no case with code %(code)s that you may update.") % {"code": converted.case_code}))  # fmt: skip
            return None
    if not getattr(adapter, "new_persons", True):
        problems.append(Problem(CASE_CODE, _("not answered: this form is about an existing case, "
                                             "give its code.")))  # fmt: skip
    elif not any(converted.person.values()):
        problems.append(Problem(FIRST_NAME, _("enter the case code or the person's name.")))
    elif not user.can(Perm.CASE_CREATE):
        problems.append(Problem(CASE_CODE, _(
            "a new case would be registered, which your role does not allow: give the case "
            "code.")))  # fmt: skip
    return None


def _possible_duplicates(user, person: dict[str, str]) -> list[str]:
    candidates = registration_duplicates(user, person)
    if candidates:
        duplicate_warning_record(user, candidates)  # the codes are shown: audited as on the web
    return [c.case_code for c in candidates]


def submissions_plan(
    *, adapter: FormAdapter, user, submissions: Iterable[Submission], confirm_new: bool = False
) -> ImportPlan:
    """What importing would do, submission by submission. Writes nothing but the audit of the
    possible duplicates shown (unless `confirm_new`: new persons are then registered anyway)."""
    form = adapter.form
    submissions = list(submissions)
    mapping = resolve_keys(form, keys_of(submissions))
    seen: set[str] = set()
    done = set(
        adapter.record_model.objects.filter(
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
        converted = read(adapter, submission, mapping)
        problems = list(converted.problems)
        if not problems and converted.consent != "yes":
            if converted.consent == "":
                problems.append(Problem(adapter.consent_question, _("not answered.")))
            else:
                items.append(PlanItem(submission, NO_CONSENT, converted=converted))
                continue
        item = PlanItem(submission, BAD, problems, converted)
        if not problems:
            item.case = _case_for(adapter, user, converted, problems)
        if not problems:
            try:
                item.checked = adapter.check(user, converted, item.case)
            except ValidationError as error:
                problems.append(Problem(error.field or "answers", error.message))
        if not problems:
            item.action = UPDATE if item.case is not None else CREATE
        if item.action == CREATE and not confirm_new:
            item.same_person = _possible_duplicates(user, converted.person)
            if item.same_person:
                item.action = SAME_PERSON
        items.append(item)
    return ImportPlan(form.form_id, str(form.version), items)


@dataclass
class ImportResult:
    plan: ImportPlan
    record_ids: list[int]
    created_cases: list[str]  # case codes

    @property
    def assessment_ids(self) -> list[int]:
        return self.record_ids


@transaction.atomic
def submissions_import(
    *,
    adapter: FormAdapter,
    user,
    submissions: Iterable[Submission],
    language: str = "ru",
    skip_bad: bool = False,
    confirm_new: bool = False,
    progress: Callable[[Iterable], Iterable] | None = None,
    source: str = "",
) -> ImportResult:
    """Import a file's submissions (all or nothing unless `skip_bad`). Audited per record
    (through the app's services) and once per file. A new person who may already be registered
    is reported and left out unless `confirm_new`."""
    if not adapter.may_import(user) or user.organisation_id is None:
        raise NotFound()
    if language not in FORM_LANGUAGES:
        raise ValidationError(
            _("Unknown interview language '%(value)s'. Allowed: %(allowed)s.")
            % {"value": language, "allowed": ", ".join(FORM_LANGUAGES)}, field="language",
        )  # fmt: skip
    plan = submissions_plan(
        adapter=adapter, user=user, submissions=submissions, confirm_new=confirm_new
    )
    if plan.counts()[BAD] and not skip_bad:
        raise SubmissionsRejected(plan)
    todo = [item for item in plan.items if item.action in (CREATE, UPDATE)]
    record_ids: list[int] = []
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
        record = adapter.write(user=user, case=case, checked=item.checked, language=language,
                               new_case=item.case is None)  # fmt: skip
        adapter.record_model.objects.create(
            organisation_id=user.organisation_id, instance_id=item.submission.instance_id,
            guide_id=plan.guide_id, guide_version=plan.guide_version, case=case,
            created_case=item.case is None, imported_by=user, imported_at=now,
            **adapter.link(record),
        )  # fmt: skip
        record_ids.append(record.pk)
    audit_record(
        actor=user,
        action="fieldwork.import",
        object_type="guide",
        object_id=plan.guide_id,
        fields=list(adapter.audit_fields),
        purpose=adapter.purpose,
        extra={"source": source[:200], "version": plan.guide_version, "counts": plan.counts(),
               adapter.ids_key: record_ids, "skipped_bad": skip_bad},
    )  # fmt: skip
    return ImportResult(plan, record_ids, created)
