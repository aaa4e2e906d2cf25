"""HTCDS v2.0 exchange of case data: importing records as new cases (the export is in amanat.insights.exports)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from amanat.accounts.roles import Perm
from amanat.cases.duplicates import PossibleDuplicate, registration_duplicates
from amanat.cases.field_spec import CASE_FIELD_MAP, PERSON_FIELD_MAP, clean_fields, clean_value
from amanat.cases.identity.reasons import reason_labels
from amanat.cases.services import case_decide_trafficking_status, case_open
from amanat.core import vocabularies
from amanat.errors import NotFound, ValidationError
from amanat.insights import events, htcds
from amanat.privacy.audit import audit_record

MAX_HTCDS_RECORDS = 10_000


class HtcdsRejected(ValidationError):
    """Nothing was imported: `problems` lists every record and field at fault."""

    default_code = "htcds_rejected"

    def __init__(self, problems: list[htcds.RecordProblem]) -> None:
        self.problems = problems
        shown = "; ".join(str(p) for p in problems[:5])
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        super().__init__(
            _("%(n)d problem(s), nothing imported: %(shown)s%(more)s")
            % {"n": len(problems), "shown": shown, "more": more},
            field=problems[0].field if problems else None,
        )

    def as_dict(self) -> dict:
        data = super().as_dict()
        data["problems"] = [p.as_dict() for p in self.problems]
        return data


@dataclass(frozen=True)
class HtcdsImport:
    cases: list
    fmt: str

    def as_dict(self) -> dict:
        return {
            "imported": len(self.cases),
            "format": self.fmt,
            "cases": [{"id": c.pk, "code": c.code} for c in self.cases],
        }


def parse_htcds(text: str, fmt: str) -> list[dict]:
    if fmt not in ("json", "csv"):
        raise ValidationError(_("The format must be json or csv."), field="format")
    try:
        return htcds.loads_json(text) if fmt == "json" else htcds.loads_csv(text)
    except htcds.HtcdsFileError as error:
        raise ValidationError(str(error), field="file") from None


_MATCHED_FIELDS = (
    "first_name",
    "middle_name",
    "last_name",
    "first_name_latin",
    "last_name_latin",
    "birth_date",
    "phone",
)


def _cleaned_person(person: dict) -> dict:
    """The fields the duplicate check compares, cleaned as the case service cleans them."""
    wanted = {k: v for k, v in person.items() if k in _MATCHED_FIELDS}
    return clean_fields(PERSON_FIELD_MAP, wanted, context_country={})


def _check_record(user, record, position: int, reverse: dict[str, str]):
    person, case, problems = htcds.values_from_record(record, position)
    status = case.pop("trafficking_status", None)
    decided_by = case.pop("status_decided_by_org_type", None)
    # A region is checked against its country: the person's, or the case's (default: the
    # user's organisation's, as case_open does).
    region_country = {
        "person": str(person.get("address_country") or "").upper(),
        "case": str(case.get("country") or user.organisation.country).upper(),
    }
    for owner, data, specs in (
        ("person", person, PERSON_FIELD_MAP),
        ("case", case, CASE_FIELD_MAP),
    ):
        for name, value in list(data.items()):
            context = {"country": region_country[owner] if specs[name].kind == "region" else ""}
            try:
                data[name] = clean_value(specs[name], value, context=context)
            except ValidationError as error:
                problems.append(
                    htcds.RecordProblem(position, reverse[f"{owner}.{name}"], str(error.message))
                )
    if not any(
        person.get(n) for n in ("first_name", "last_name", "first_name_latin", "last_name_latin")
    ):
        problems.append(
            htcds.RecordProblem(
                position, "prs_FirstName", _("Enter at least a first or last name.")
            )
        )
    if status is not None:
        if status not in vocabularies.codes("trafficking_status"):
            problems.append(
                htcds.RecordProblem(
                    position,
                    "vic_TraffickingStatus",
                    _("'%(value)s' is not an allowed value.") % {"value": status},
                )
            )
        if decided_by not in vocabularies.codes("status_decision_organisation"):
            problems.append(
                htcds.RecordProblem(
                    position,
                    "vic_TraffickingStatusDecisionMakingOrg",
                    _("Give the type of organisation that decided the trafficking status."),
                )
            )
        if not user.can(Perm.CASE_DECIDE_STATUS):
            problems.append(
                htcds.RecordProblem(
                    position,
                    "vic_TraffickingStatus",
                    _("Your role may not record a trafficking status."),
                )
            )
    return person, case, status, decided_by, problems


def _duplicate_problem(position: int, candidates) -> htcds.RecordProblem:
    shown = ", ".join(f"{c.case_code} ({'; '.join(reason_labels(c.reasons))})" for c in candidates)
    return htcds.RecordProblem(
        position,
        "prs_FirstName",
        _("Possibly already registered: %(cases)s. Import with duplicates allowed if not.")
        % {"cases": shown},
    )


@transaction.atomic
def htcds_import(*, user, records: list, fmt: str, allow_duplicates: bool = False) -> HtcdsImport:
    """Open one case per HTCDS record, all or nothing, as the user's organisation.

    Every record is checked first (the same rules as the case form); any problem rejects the
    whole file with the list of problems. Consent is not imported: the receiving organisation
    records it with the person. Each case's timeline notes the import.
    """
    if not user.can(Perm.CASE_CREATE) or user.organisation_id is None:
        raise NotFound()
    if fmt not in ("json", "csv"):
        raise ValidationError(_("The format must be json or csv."), field="format")
    if not isinstance(records, list) or not records:
        raise ValidationError(_("The file holds no record."), field="file")
    if len(records) > MAX_HTCDS_RECORDS:
        raise ValidationError(
            _("At most %(n)d records per import.") % {"n": MAX_HTCDS_RECORDS}, field="file"
        )
    reverse = {f.target: f.htcds for f in htcds.load_mapping().fields}
    reverse.update({f"{e.owner}.{e.name}": "hte_Country" for e in htcds.load_mapping().events})
    first = 2 if fmt == "csv" else 1  # CSV: the line of the file (header = 1)
    checked, problems = [], []
    for offset, record in enumerate(records):
        person, case, status, decided_by, found = _check_record(
            user, record, first + offset, reverse
        )
        if not found and not allow_duplicates:
            # Possible duplicates in the organisation are reported per record, like any problem.
            duplicates = registration_duplicates(user, _cleaned_person(person))
            if duplicates:
                found.append(_duplicate_problem(first + offset, duplicates))
        problems += found
        checked.append((first + offset, person, case, status, decided_by))
    if problems:
        raise HtcdsRejected(problems)
    created = []
    names: set[str] = set()
    for position, person, case, status, decided_by in checked:
        try:
            opened = case_open(
                user=user, person=person, case=case, confirm_not_duplicate=allow_duplicates
            )
        except PossibleDuplicate as error:  # two records of the file describe one person
            raise HtcdsRejected([_duplicate_problem(position, error.candidates)]) from None
        if status:
            case_decide_trafficking_status(
                user=user, case_id=opened.pk, status=status, decided_by_org_type=decided_by
            )
        events.CASE_IMPORTED.record(
            case=opened,
            actor=user,
            data={"standard": htcds.STANDARD, "format": fmt},
        )
        names |= set(person) | set(case)
        created.append(opened)
    audit_record(
        actor=user,
        action="htcds.import",
        object_type="case",
        fields=sorted(names),
        purpose="case data import (HTCDS)",
        extra={"records": len(created), "format": fmt, "case_ids": [c.pk for c in created]},
    )
    return HtcdsImport(created, fmt)
