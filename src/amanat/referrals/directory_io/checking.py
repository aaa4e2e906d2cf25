"""Checking directory rows without touching the database: cleaned rows and every problem as
(row, column, message); the writes are `amanat.referrals.services.directory_import`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from amanat.core import geography, vocabularies
from amanat.referrals.directory_io.columns import (
    COLUMNS,
    FALSE_WORDS,
    MAX_TEXT,
    REQUIRED_COLUMNS,
    TRUE_WORDS,
)
from amanat.referrals.taxonomy import load_taxonomy


@dataclass(frozen=True)
class RowProblem:
    row: int
    column: str
    message: str

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "message": self.message}

    def __str__(self) -> str:
        return f"row {self.row}, column {self.column}: {self.message}"


@dataclass
class CheckedRows:
    rows: list[dict] = field(default_factory=list)  # cleaned, each with "row"
    problems: list[RowProblem] = field(default_factory=list)
    bad_rows: set[int] = field(default_factory=set)


def status_codes() -> frozenset[str]:
    return vocabularies.codes("migration_status") | vocabularies.codes("trafficking_status")


# ------------------------------------------------------------------------------------ reading


def split_codes(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[;,]", text) if part.strip()]


def _int(text: str, column: str, problems: list, row: int, *, high: int) -> int | None:
    if text == "":
        return None
    try:
        value = int(text)
    except ValueError:
        problems.append(
            RowProblem(row, column, _("'%(value)s' is not a whole number.") % {"value": text})
        )
        return None
    if not 0 <= value <= high:
        problems.append(
            RowProblem(
                row,
                column,
                _("%(value)s is outside 0 to %(high)d.") % {"value": value, "high": high},
            )
        )
        return None
    return value


def check_header(header: list[str]) -> list[RowProblem]:
    problems = []
    for name in header:
        if name and name not in COLUMNS:
            problems.append(
                RowProblem(
                    1,
                    name,
                    _("Unknown column. Allowed columns: %(cols)s.") % {"cols": ", ".join(COLUMNS)},
                )
            )
    for name in REQUIRED_COLUMNS:
        if name not in header:
            problems.append(RowProblem(1, name, _("Required column is missing.")))
    return problems


def check_row(
    number: int, raw: dict, existing_orgs: dict[tuple[str, str], object]
) -> tuple[dict, list[RowProblem]]:
    """Clean one row. `existing_orgs` maps (name, country) to organisations already registered."""
    problems: list[RowProblem] = []

    def bad(column: str, message: str) -> None:
        problems.append(RowProblem(number, column, message))

    get = lambda name: (raw.get(name) or "").strip()  # noqa: E731
    for name, limit in MAX_TEXT.items():
        if len(get(name)) > limit:
            bad(name, _("At most %(n)d characters.") % {"n": limit})
    organisation = get("organisation")
    if not organisation:
        bad("organisation", _("Required."))
    country = get("country").upper()
    if not country:
        bad("country", _("Required."))
    elif country not in geography.country_codes() or country == geography.UNKNOWN_COUNTRY:
        bad("country", _("'%(value)s' is not an ISO 3166 country code.") % {"value": country})
        country = ""
    regions_allowed = geography.region_codes(country) if country else frozenset()
    org_type = get("organisation_type")
    if org_type and org_type not in vocabularies.codes("organisation_type"):
        bad("organisation_type", _("'%(value)s' is not an allowed value.") % {"value": org_type})
    elif not org_type and organisation and country and (organisation, country) not in existing_orgs:
        bad("organisation_type", _("Required for an organisation not yet registered."))
    org_region = get("organisation_region").upper()
    if org_region and country and org_region not in regions_allowed:
        bad(
            "organisation_region",
            _("'%(value)s' is not a region of %(country)s.")
            % {"value": org_region, "country": country},
        )
    service_type = get("service_type")
    if not service_type:
        bad("service_type", _("Required."))
    elif service_type not in load_taxonomy().service_types:
        bad(
            "service_type",
            _("Unknown service type '%(value)s'. Allowed: %(allowed)s.")
            % {"value": service_type, "allowed": ", ".join(load_taxonomy().service_types)},
        )

    regions = [r.upper() for r in split_codes(get("regions"))]
    for region in regions:
        if country and region not in regions_allowed:
            bad(
                "regions",
                _("'%(value)s' is not a region of %(country)s.")
                % {"value": region, "country": country},
            )
            break
    allowed_lists = {
        "genders": vocabularies.codes("gender"),
        "nationalities": geography.country_codes(),
        "statuses": status_codes(),
        "languages": geography.language_codes(),
    }
    lists: dict[str, list[str]] = {"regions": sorted(set(regions))}
    for column, allowed in allowed_lists.items():
        items = split_codes(get(column))
        if column == "nationalities":
            items = [i.upper() for i in items]
        if column == "languages":
            items = [i.lower() for i in items]
        for item in items:
            if item not in allowed:
                bad(column, _("'%(value)s' is not an allowed value.") % {"value": item})
                break
        lists[column] = sorted(set(items))
    age_min = _int(get("age_min"), "age_min", problems, number, high=120)
    age_max = _int(get("age_max"), "age_max", problems, number, high=120)
    if age_min is not None and age_max is not None and age_min > age_max:
        bad("age_max", _("The maximum age is below the minimum age."))
    capacity = _int(get("capacity"), "capacity", problems, number, high=1_000_000)
    available = _int(get("available"), "available", problems, number, high=1_000_000)
    if capacity is not None and available is not None and available > capacity:
        bad(
            "available",
            _("More places available (%(a)d) than the capacity (%(c)d).")
            % {"a": available, "c": capacity},
        )
    accepting_text = get("accepting").lower()
    if accepting_text in ("", *TRUE_WORDS):
        accepting = True
    elif accepting_text in FALSE_WORDS:
        accepting = False
    else:
        bad("accepting", _("Write yes or no, not '%(value)s'.") % {"value": get("accepting")})
        accepting = True
    email = get("contact_email")
    if email:
        try:
            validate_email(email)
        except DjangoValidationError:
            bad("contact_email", _("'%(value)s' is not an e-mail address.") % {"value": email})
    cleaned = {
        "row": number,
        "organisation": organisation,
        "organisation_type": org_type,
        "country": country,
        "organisation_region": org_region,
        "core_functions": get("core_functions"),
        "nrm_role": get("nrm_role"),
        "service_type": service_type,
        **lists,
        "age_min": age_min,
        "age_max": age_max,
        "capacity": capacity,
        "available": available,
        "accepting": accepting,
        "hours": get("hours"),
        "contact_name": get("contact_name"),
        "contact_phone": get("contact_phone"),
        "contact_email": email,
    }
    return cleaned, problems


def check_rows(
    header: list[str], rows: list[tuple[int, dict]], existing_orgs: dict[tuple[str, str], object]
) -> CheckedRows:
    result = CheckedRows()
    result.problems.extend(check_header(header))
    if result.problems:
        result.bad_rows.add(1)
        return result
    seen: dict[tuple[str, str, str], int] = {}
    for number, raw in rows:
        cleaned, problems = check_row(number, raw, existing_orgs)
        key = (cleaned["organisation"], cleaned["country"], cleaned["service_type"])
        if not problems and key in seen:
            problems.append(
                RowProblem(
                    number,
                    "service_type",
                    _("The same organisation and service type are already on row %(row)d.")
                    % {"row": seen[key]},
                )
            )
        if problems:
            result.problems.extend(problems)
            result.bad_rows.add(number)
        else:
            seen[key] = number
            result.rows.append(cleaned)
    return result
