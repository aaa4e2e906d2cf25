"""Every write to assessments. Keyword-only, atomic, audited (field names only), on the timeline.

An assessment runs one guide for one case: start it (guide and interview language), save answers
as often as needed (a draft can be resumed), complete it (the engine scores it and the result is
stored), or discard a draft. Completed assessments are never changed: a repeat interview is a new
assessment, so changes over time stay visible.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from amanat.accounts.denials import denied
from amanat.cases.models import Case, CaseEvent
from amanat.core.ids import parse_id
from amanat.errors import Conflict, ValidationError
from amanat.privacy.audit import audit_record
from amanat.screening import consent as interview_consent
from amanat.screening import events
from amanat.screening.access import screening_case_for_user
from amanat.screening.engine import (
    AnswerSetError,
    Guide,
    GuideError,
    builtin_guides,
    check_answer_set,
    get_builtin,
    screen,
)
from amanat.screening.models import Assessment, AssessmentStatus

# Languages an interview can be run in: the guides' own (en, ru) and the region's, which fall
# back to Russian, then English, visibly, until their translations arrive.
INTERVIEW_LANGUAGES = ("ru", "en", "kk", "ky", "tg", "uz")
EMPTY = (None, "", [])


def guide_for(guide_id: str) -> Guide:
    try:
        return get_builtin(guide_id)
    except GuideError:
        known = ", ".join(builtin_guides())
        raise ValidationError(
            _("Unknown guide '%(value)s'. Known guides: %(known)s.")
            % {"value": guide_id, "known": known},
            field="guide",
        ) from None


def _answer_error(error: AnswerSetError) -> ValidationError:
    """The engine's error, with the field named from the answer set (e.g. `answers.age`)."""
    item = (error.item or "").removeprefix("answer set").lstrip(".") or "answers"
    message = error.message.removeprefix("answer set.").removeprefix("answer set: ")
    return ValidationError(message, field=item, code="invalid_answers")


def _checked(guide: Guide, answer_set: dict) -> dict:
    try:
        return check_answer_set(guide, answer_set).to_dict()
    except AnswerSetError as error:
        raise _answer_error(error) from None


def _changed_fields(before: dict, after: dict) -> list[str]:
    """Names (never values) of what differs: `answers.<question id>`, `present`, `facts.<name>`."""
    names = []
    old, new = before.get("answers") or {}, after.get("answers") or {}
    names += [f"answers.{q}" for q in sorted(set(old) | set(new)) if old.get(q) != new.get(q)]
    if sorted(before.get("present") or []) != sorted(after.get("present") or []):
        names.append("present")
    old, new = before.get("facts") or {}, after.get("facts") or {}
    names += [f"facts.{f}" for f in sorted(set(old) | set(new)) if old.get(f) != new.get(f)]
    return names


def _merge(current: dict, *, answers: Any, present: Any, facts: Any) -> dict:
    """Patch semantics: a key with an empty value (None, "", []) removes that answer or fact."""
    merged = {
        "answers": dict(current.get("answers") or {}),
        "present": list(current.get("present") or []),
        "facts": dict(current.get("facts") or {}),
    }
    for name, patch in (("answers", answers), ("facts", facts)):
        if patch is None:
            continue
        if not isinstance(patch, dict):
            raise ValidationError(_("Expected an object of names to values."), field=name)
        for key, value in patch.items():
            if value in EMPTY:
                merged[name].pop(key, None)
            else:
                merged[name][key] = value
    if present is not None:
        if not isinstance(present, list):
            raise ValidationError(_("Expected a list of indicator ids."), field="present")
        merged["present"] = present
    return merged


def _assessment_for_update(user, case, assessment_id) -> Assessment:
    pk = parse_id(assessment_id)
    assessment = Assessment.objects.select_for_update().filter(pk=pk, case=case).first()
    if assessment is None:
        raise denied(user, "assessment", pk, model=Assessment)
    return assessment


def _draft_for_update(user, case_id, assessment_id) -> tuple[Case, Assessment]:
    """The case and its draft assessment, locked for the write; NotFound or Conflict else."""
    case = screening_case_for_user(user, case_id, write=True)
    assessment = _assessment_for_update(user, case, assessment_id)
    _require_draft(assessment)
    return case, assessment


def _require_draft(assessment: Assessment) -> None:
    if not assessment.is_draft:
        raise Conflict(
            _(
                "This assessment is completed and cannot be changed. Start a new one "
                "to record a change."
            ),
            field="status",
        )


def _audit(*, user, action: str, assessment_id: int, case, fields: list[str], **extra) -> None:
    """The audit entry of an assessment write: field names only, with the case and guide codes."""
    audit_record(
        actor=user,
        action=action,
        object_type="assessment",
        object_id=assessment_id,
        fields=fields,
        purpose="identification",
        extra={"case_id": case.pk, **extra},
    )


def _save_stamped(assessment: Assessment, *, user, columns: list[str], now=None) -> None:
    """Save the given columns together with who changed the assessment and when.

    Not `amanat.core.writes.model_update`: an assessment's audit entry names the answers that
    changed (`answers.<question id>`, `facts.<name>`), not the columns (`answers`), and
    completing names what it freezes; `model_update` audits column names only.
    """
    assessment.updated_by = user
    assessment.updated_at = now or timezone.now()
    assessment.save(update_fields=[*columns, "updated_by", "updated_at"])


def _section_id(guide: Guide, section: str | None) -> str:
    if not section:
        return ""
    if section not in {s.id for s in guide.sections}:
        raise ValidationError(
            _("Unknown section '%(value)s'.") % {"value": section}, field="section"
        )
    return section


@transaction.atomic
def assessment_start(
    *,
    user,
    case_id,
    guide_id: str,
    language: str,
    answers: dict | None = None,
    copy_from_id: int | None = None,
) -> Assessment:
    """Start an interview (a draft) with a guide and a language, optionally with an answer set
    (`{"answers", "present", "facts"}`) or a copy of the answers of an earlier assessment of the
    same case and guide (the new answers then patch the copy)."""
    case = screening_case_for_user(user, case_id, write=True)
    guide = guide_for(guide_id)
    if language not in INTERVIEW_LANGUAGES:
        raise ValidationError(
            _("Unknown interview language '%(value)s'. Allowed: %(allowed)s.")
            % {"value": language, "allowed": ", ".join(INTERVIEW_LANGUAGES)},
            field="language",
        )
    initial: dict = {}
    copied_from = None
    if copy_from_id is not None:
        copied_from = Assessment.objects.filter(
            pk=copy_from_id, case=case, guide_id=guide.id
        ).first()
        if copied_from is None:
            raise ValidationError(
                _("No earlier assessment of this case with this guide has that id."),
                field="copy_from",
            )
        initial = copied_from.answers or {}
    if answers is not None:
        if not isinstance(answers, dict):
            raise ValidationError(_("Expected an answer set object."), field="answers")
        unknown = sorted(set(answers) - {"answers", "present", "facts"})
        if unknown:
            raise ValidationError(
                _("Unknown key '%(value)s' (allowed: answers, present, facts).")
                % {"value": unknown[0]},
                field="answers",
            )
        initial = _merge(
            initial,
            answers=answers.get("answers"),
            present=answers.get("present"),
            facts=answers.get("facts"),
        )
    current_section = ""
    if interview_consent.asks_consent(guide):
        # The checklist is asked once (ADR 1601): filled from the case's consent in force, the
        # interview opens after it; otherwise a "yes" given here is recorded on the case.
        on_record = interview_consent.answers_from_case_consent(case.pk)
        if on_record is not None:
            given = (initial.get("answers") or {}) if initial else {}
            initial = {**initial, "answers": {**on_record, **given}}
            current_section = guide.sections[1].id if len(guide.sections) > 1 else ""
    stored = _checked(guide, initial) if initial else {"answers": {}}
    if interview_consent.asks_consent(guide):
        interview_consent.record_interview_consent(
            user=user, case_id=case.pk, answers=stored.get("answers") or {}
        )
    now = timezone.now()
    assessment = Assessment.objects.create(
        case=case, guide_id=guide.id, guide_version=guide.version, language=language,
        answers=stored, started_by=user, started_at=now, updated_by=user, updated_at=now,
        current_section=current_section,
    )  # fmt: skip
    _audit(
        user=user, action="assessment.create", assessment_id=assessment.pk, case=case,
        fields=["guide_id", "language", *(_changed_fields({}, stored))],
        guide=guide.id, copied_from=copied_from.pk if copied_from else None,
    )  # fmt: skip
    events.STARTED.record(
        case=case,
        actor=user,
        data={"assessment_id": assessment.pk, "guide": guide.id, "language": language},
    )
    return assessment


def _last_event_is_same_save(case, assessment: Assessment, user) -> bool:
    last = (
        CaseEvent.objects.filter(case=case)
        .order_by("-at", "-id")
        .only("kind", "actor_id", "data")
        .first()
    )
    return (
        last is not None
        and last.kind == events.SAVED.code
        and last.actor_id == user.pk
        and last.data.get("assessment_id") == assessment.pk
    )


@transaction.atomic
def assessment_save(
    *,
    user,
    case_id,
    assessment_id,
    answers: dict | None = None,
    present: list | None = None,
    facts: dict | None = None,
    section: str | None = None,
) -> Assessment:
    """Save answers to a draft (patch: empty values remove an answer). Answers the skip logic
    hides are not kept. `section` records where the interviewer is, to resume there."""
    case, assessment = _draft_for_update(user, case_id, assessment_id)
    guide = guide_for(assessment.guide_id)
    before = assessment.answers or {}
    stored = _checked(guide, _merge(before, answers=answers, present=present, facts=facts))
    changed = _changed_fields(before, stored)
    section_id = _section_id(guide, section) if section is not None else None
    columns = []
    if changed:
        assessment.answers = stored
        columns.append("answers")
    if guide.version != assessment.guide_version:
        assessment.guide_version = guide.version
        columns.append("guide_version")
    if section_id is not None and section_id != assessment.current_section:
        assessment.current_section = section_id
        columns.append("current_section")
    if not columns:
        return assessment
    if changed and interview_consent.asks_consent(guide):
        interview_consent.record_interview_consent(
            user=user, case_id=case.pk, answers=stored.get("answers") or {}
        )
    _save_stamped(assessment, user=user, columns=columns)
    _audit(
        user=user, action="assessment.update", assessment_id=assessment.pk, case=case,
        fields=changed or ["current_section"], guide=assessment.guide_id,
    )  # fmt: skip
    # One timeline line for a run of saves by one person (the audit log keeps each of them).
    if changed and not _last_event_is_same_save(case, assessment, user):
        events.SAVED.record(
            case=case,
            actor=user,
            data={"assessment_id": assessment.pk, "guide": assessment.guide_id},
        )
    return assessment


@transaction.atomic
def assessment_complete(*, user, case_id, assessment_id) -> Assessment:
    """Score the answers with the engine and store the explained result; the draft is closed."""
    case, assessment = _draft_for_update(user, case_id, assessment_id)
    guide = guide_for(assessment.guide_id)
    interview_consent.require_consent(
        guide=guide, case_id=case.pk, answers=(assessment.answers or {}).get("answers") or {}
    )
    try:
        result = screen(guide, assessment.answers or {}, language=assessment.language).to_dict()
    except AnswerSetError as error:  # the guide changed under a draft: say which answer
        raise _answer_error(error) from None
    now = timezone.now()
    assessment.result = result
    assessment.guide_version = guide.version
    assessment.presumed_victim = result["conclusion"]["presumed_victim"]
    assessment.vulnerability_profile = (result.get("overall") or {}).get("profile") or ""
    assessment.categories = [c["id"] for c in result.get("categories") or ()]
    assessment.status = AssessmentStatus.COMPLETED
    assessment.completed_by = user
    assessment.completed_at = now
    _save_stamped(assessment, user=user, now=now, columns=[
        "result", "guide_version", "presumed_victim", "vulnerability_profile", "categories",
        "status", "completed_by", "completed_at",
    ])  # fmt: skip
    # The answers are frozen with the result: the audit names them with it.
    _audit(
        user=user, action="assessment.complete", assessment_id=assessment.pk, case=case,
        fields=["answers", "result", "status"], guide=guide.id, version=guide.version,
    )  # fmt: skip
    events.COMPLETED.record(
        case=case, actor=user, data={"assessment_id": assessment.pk, "guide": guide.id}
    )
    return assessment


@transaction.atomic
def assessment_discard(*, user, case_id, assessment_id) -> None:
    """Delete a draft (e.g. started by mistake). Completed assessments are kept."""
    case, assessment = _draft_for_update(user, case_id, assessment_id)
    pk, guide_id = assessment.pk, assessment.guide_id
    assessment.delete()
    _audit(
        user=user,
        action="assessment.discard",
        assessment_id=pk,
        case=case,
        fields=["answers"],
        guide=guide_id,
    )
    events.DISCARDED.record(case=case, actor=user, data={"assessment_id": pk, "guide": guide_id})


def assessments_erase_for_retention(*, case) -> int:
    """Erase the answers and stored results of a case's assessments (its retention date has
    passed), keeping the codes needed for statistics (guide, dates, engine suggestion, profile,
    categories). For the retention job (`amanat.cases.retention`), inside its transaction;
    audited with the same action name as the rest of the erasure."""
    rows = list(Assessment.objects.filter(case=case).only("pk"))
    if not rows:
        return 0
    Assessment.objects.filter(case=case).update(answers={}, result=None)
    audit_record(
        action="retention.erase",
        object_type="case",
        object_id=case.pk,
        fields=["assessment.answers", "assessment.result"],
        purpose="retention",
        extra={"assessment_ids": [a.pk for a in rows]},
    )
    return len(rows)
