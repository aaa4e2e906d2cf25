"""Every write to persons and cases. Keyword-only, atomic, audited, with a timeline event."""

from __future__ import annotations

import contextlib
import datetime as dt
import os

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from amanat.accounts.roles import Perm
from amanat.cases import events
from amanat.cases.access import case_get_for_user
from amanat.cases.approvals.kinds import STATUS_DECISION
from amanat.cases.approvals.models import ApprovalRequest
from amanat.cases.approvals.services import approval_request_create, approval_required
from amanat.cases.codes import new_case_code
from amanat.cases.duplicates import (
    PossibleDuplicate,
    duplicate_override_record,
    duplicate_warning_record,
    registration_duplicates,
)
from amanat.cases.field_spec import CASE_FIELD_MAP, PERSON_FIELD_MAP, clean_fields
from amanat.cases.identity.index import NAME_FIELDS, person_names_index
from amanat.cases.models import Case, Person
from amanat.core import vocabularies
from amanat.core.writes import model_update
from amanat.errors import NotFound, ValidationError
from amanat.privacy.audit import audit_record
from amanat.privacy.crypto import blind_index, normalise_document_number, normalise_phone

DEFAULT_RETENTION_YEARS = int(os.environ.get("AMANAT_RETENTION_YEARS", "10"))


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _phone_region(person: Person) -> str:
    """National phone formats are read as the owning organisation's country's."""
    from amanat.accounts.models import Organisation

    return (
        Organisation.objects.filter(pk=person.owner_organisation_id)
        .values_list("country", flat=True)
        .first()
        or ""
    )


def _apply_person_indexes(person: Person) -> None:
    region = _phone_region(person) if person.phone else ""
    person.phone_index = blind_index("phone", normalise_phone(person.phone, region))
    person.id_document_index = blind_index(
        "document", normalise_document_number(person.id_document_number)
    )
    person.birth_year = person.birth_date.year if person.birth_date else None


def _clean_person(data: dict, *, phone_country: str, existing: Person | None = None) -> dict:
    country = data.get("address_country", getattr(existing, "address_country", "")) or ""
    cleaned = clean_fields(
        PERSON_FIELD_MAP,
        data,
        context_country={"address_region": str(country).upper(), "phone": phone_country},
    )
    _check_disability(cleaned, existing)
    return cleaned


def _check_disability(cleaned: dict, existing: Person | None) -> None:
    """Domains or an onset describe a disability: not with "no disability"."""
    status = cleaned.get("disability", getattr(existing, "disability", "")) or ""
    for name in ("disability_domains", "disability_onset"):
        value = cleaned.get(name, getattr(existing, name, None))
        if status == "no" and value:
            raise ValidationError(
                _("Only a person with a disability has its domains or onset recorded."),
                field=name,
            )


def _clean_case(data: dict, *, existing: Case | None = None) -> dict:
    country = data.get("country", getattr(existing, "country", "")) or ""
    return clean_fields(CASE_FIELD_MAP, data, context_country={"region": str(country).upper()})


def _clean_both(
    person: dict,
    case: dict,
    *,
    phone_country: str,
    existing_person: Person | None = None,
    existing_case: Case | None = None,
) -> tuple[dict, dict]:
    """Clean a person and their case together: every problem of both in one error, and the
    dates in order (identified on or after the birth date) (ADR 1603)."""
    problems: list[ValidationError] = []
    person_values: dict = {}
    case_values: dict = {}
    dates: dict = {}
    try:
        person_values = _clean_person(person, phone_country=phone_country, existing=existing_person)
    except ValidationError as error:
        problems.append(error)
    try:
        case_values = _clean_case(case, existing=existing_case)
    except ValidationError as error:
        problems.append(error)
    if problems:  # the dates alone, so their order is checked in this round too
        with contextlib.suppress(ValidationError):
            dates = _clean_person(
                {k: v for k, v in person.items() if k == "birth_date"}, phone_country=""
            ) | _clean_case({k: v for k, v in case.items() if k == "identified_on"})
    birth = person_values.get(
        "birth_date", dates.get("birth_date", getattr(existing_person, "birth_date", None))
    )
    identified = case_values.get(
        "identified_on", dates.get("identified_on", getattr(existing_case, "identified_on", None))
    )
    if birth and identified and identified < birth:
        problems.append(
            ValidationError(
                _("The identification date (%(identified)s) is before the birth date.")
                % {"identified": identified.isoformat()},
                field="identified_on",
            )
        )
    if problems:
        raise ValidationError.collect(problems)
    return person_values, case_values


def _require(user, permission: str) -> None:
    if not user.can(permission) or user.organisation_id is None:
        # Same answer as for an unknown object: the caller learns nothing.
        raise NotFound()


def case_open(*, user, person: dict, case: dict, confirm_not_duplicate: bool = False) -> Case:
    """Register a person and open a case for them, owned by the user's organisation.

    When the organisation may already hold the person (`registration_duplicates`), nothing is
    written and `PossibleDuplicate` lists their cases, unless `confirm_not_duplicate`: then the
    registration goes ahead and the override is audited with the cases that were shown.
    """
    _require(user, Perm.CASE_CREATE)
    person_data, case_data = _clean_both(person, case, phone_country=user.organisation.country)
    if not any(
        person_data.get(n)
        for n in ("first_name", "last_name", "first_name_latin", "last_name_latin")
    ):
        raise ValidationError(_("Enter at least a first or last name."), field="first_name")
    candidates = registration_duplicates(user, person_data)
    if candidates and not confirm_not_duplicate:
        duplicate_warning_record(user, candidates)
        raise PossibleDuplicate(candidates)
    return _case_open(user, person_data, case_data, candidates)


@transaction.atomic
def _case_open(user, person_data: dict, case_data: dict, candidates: list) -> Case:
    case_data.setdefault("identified_on", None)
    if case_data["identified_on"] is None:
        case_data["identified_on"] = timezone.localdate()
    if not case_data.get("country"):
        case_data["country"] = user.organisation.country
        case_data.setdefault("region", user.organisation.region)
    new_person = Person(owner_organisation_id=user.organisation_id, **person_data)
    _apply_person_indexes(new_person)
    new_person.save()
    person_names_index(new_person)
    retention = _add_years(case_data["identified_on"], DEFAULT_RETENTION_YEARS)
    for _attempt in range(5):
        try:
            with transaction.atomic():
                new_case = Case.objects.create(
                    code=new_case_code(),
                    person=new_person,
                    owner_organisation_id=user.organisation_id,
                    case_worker=user,
                    created_by=user,
                    retention_until=retention,
                    **case_data,
                )
            break
        except IntegrityError:  # a code collision: draw again
            continue
    else:  # pragma: no cover - 29^8 codes make this practically impossible
        raise RuntimeError("Could not allocate a unique case code.")
    audit_record(
        actor=user,
        action="person.create",
        object_type="person",
        object_id=new_person.pk,
        fields=[k for k, v in person_data.items() if v not in (None, "", [])],
        purpose="case registration",
    )
    audit_record(
        actor=user,
        action="case.create",
        object_type="case",
        object_id=new_case.pk,
        fields=[k for k, v in case_data.items() if v not in (None, "", [])],
        purpose="case registration",
        extra={"code": new_case.code},
    )
    if candidates:
        duplicate_override_record(user, candidates, new_person.pk)
    events.CASE_OPENED.record(case=new_case, actor=user, data={"code": new_case.code})
    return new_case


def _person_save(user, case: Case, values: dict) -> list[str]:
    """Save the person's changed fields (and their derived indexes), audit, timeline event."""
    person = case.person

    def indexes(_changed: list[str]) -> list[str]:
        _apply_person_indexes(person)
        return ["phone_index", "id_document_index", "birth_year"]

    return model_update(
        person,
        values,
        actor=user,
        action="person.update",
        purpose="case management",
        before_save=indexes,
        then=lambda changed: _person_changed(user, case, changed),
    )


def _person_changed(user, case: Case, changed: list[str]) -> None:
    if set(changed) & {*NAME_FIELDS, "birth_date"}:
        # The name index follows every edit of the names (and of the birth year it ranks by).
        person_names_index(case.person)
    events.PERSON_UPDATED.record(case=case, actor=user, data={"fields": changed})


def _case_save(user, case: Case, values: dict) -> list[str]:
    """Save the case's changed fields, audit, timeline event."""
    return model_update(
        case,
        values,
        actor=user,
        action="case.update",
        purpose="case management",
        then=lambda changed: events.CASE_UPDATED.record(
            case=case, actor=user, data={"fields": changed}
        ),
    )


@transaction.atomic
def case_edit(*, user, case_id, person: dict, case: dict) -> Case:
    """Change a case and its person together, all or nothing.

    Both sets of changes are validated before anything is written, and both are saved in one
    transaction: a refusal of either (or a failure while saving) leaves both unchanged. The web
    edit form and `PATCH /api/cases/{id}` call this; each part may be empty.
    """
    target = case_get_for_user(user, case_id, permission=Perm.CASE_UPDATE)
    person_values, case_values = _clean_both(
        person,
        case,
        phone_country=_phone_region(target.person),
        existing_person=target.person,
        existing_case=target,
    )
    _person_save(user, target, person_values)
    _case_save(user, target, case_values)
    return target


@transaction.atomic
def person_update(*, user, case_id, changes: dict) -> Person:
    case = case_get_for_user(user, case_id, permission=Perm.CASE_UPDATE)
    values, _case_values = _clean_both(
        changes,
        {},
        phone_country=_phone_region(case.person),
        existing_person=case.person,
        existing_case=case,
    )
    _person_save(user, case, values)
    return case.person


@transaction.atomic
def case_update(*, user, case_id, changes: dict) -> Case:
    case = case_get_for_user(user, case_id, permission=Perm.CASE_UPDATE)
    _person_values, values = _clean_both(
        {},
        changes,
        phone_country=_phone_region(case.person),
        existing_person=case.person,
        existing_case=case,
    )
    _case_save(user, case, values)
    return case


@transaction.atomic
def case_decide_trafficking_status(
    *, user, case_id, status: str, decided_by_org_type: str
) -> Case | ApprovalRequest:
    """Record the human decision on trafficking status (HTCDS vic_TraffickingStatus).

    Where the organisation requires a supervisor's approval of such decisions, the decision is
    stored as a pending request instead and returned; the case is unchanged (ADR 1620).
    """
    case = case_get_for_user(user, case_id, permission=Perm.CASE_DECIDE_STATUS)
    _check_status_codes(status, decided_by_org_type)
    if case.owner_organisation_id == user.organisation_id and approval_required(
        organisation_id=case.owner_organisation_id, kind=STATUS_DECISION
    ):
        return approval_request_create(
            user=user,
            case=case,
            kind=STATUS_DECISION,
            payload={"status": status, "decided_by_org_type": decided_by_org_type},
        )
    return _decide_status(user, case, status, decided_by_org_type)


def _check_status_codes(status: str, decided_by_org_type: str) -> None:
    if status not in vocabularies.codes("trafficking_status"):
        raise ValidationError(
            _("'%(value)s' is not an allowed value.") % {"value": status}, field="status"
        )
    if decided_by_org_type not in vocabularies.codes("status_decision_organisation"):
        raise ValidationError(
            _("'%(value)s' is not an allowed value.") % {"value": decided_by_org_type},
            field="decided_by_org_type",
        )


def case_status_decision_apply(*, request: ApprovalRequest, approver) -> None:
    """Put an approved decision into force (approval kind `status_decision`): the requester
    decided it, the supervisor approved it (named in the timeline event)."""
    case = Case.objects.select_for_update().get(pk=request.case_id)
    status = request.payload.get("status", "")
    decided_by_org_type = request.payload.get("decided_by_org_type", "")
    _check_status_codes(status, decided_by_org_type)
    _decide_status(
        request.requested_by,
        case,
        status,
        decided_by_org_type,
        approval={"request_id": request.pk, "approved_by": approver.pk},
    )


def _decide_status(
    user, case: Case, status: str, decided_by_org_type: str, approval: dict | None = None
) -> Case:
    previous = case.trafficking_status
    case.trafficking_status = status
    case.status_decided_by_org_type = decided_by_org_type
    case.status_decided_by = user
    case.status_decided_at = timezone.now()
    case.save(
        update_fields=[
            "trafficking_status",
            "status_decided_by_org_type",
            "status_decided_by",
            "status_decided_at",
            "updated_at",
        ]
    )
    audit_record(
        actor=user,
        action="case.status_decide",
        object_type="case",
        object_id=case.pk,
        fields=["trafficking_status"],
        purpose="identification",
        extra=approval,
    )
    events.CASE_STATUS_DECIDED.record(
        case=case,
        actor=user,
        data={
            "status": status,
            "previous": previous,
            "decided_by_org_type": decided_by_org_type,
            **(approval or {}),
        },
    )
    return case
