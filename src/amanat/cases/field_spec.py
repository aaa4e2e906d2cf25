"""What each person and case field accepts: one table drives service validation, the web form
and the API, so the three can never disagree."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from amanat.cases.names.script import mixed_scripts
from amanat.core import geography, vocabularies
from amanat.errors import ValidationError
from amanat.privacy.crypto import normalise_phone


@dataclass(frozen=True)
class FieldSpec:
    name: str
    # text | name | email | phone | date | int | vocab | vocab_list | country | country_list |
    # region | language
    kind: str
    label: object
    vocabulary: str = ""
    max_length: int = 200
    personal: bool = False  # encrypted at rest and audited when read


PERSON_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("first_name", "name", gettext_lazy("First name"), personal=True),
    FieldSpec("middle_name", "name", gettext_lazy("Middle name / patronymic"), personal=True),
    FieldSpec("last_name", "name", gettext_lazy("Last name"), personal=True),
    FieldSpec("first_name_latin", "name", gettext_lazy("First name (Latin script)"), personal=True),
    FieldSpec("last_name_latin", "name", gettext_lazy("Last name (Latin script)"), personal=True),
    FieldSpec("birth_date", "date", gettext_lazy("Birth date"), personal=True),
    FieldSpec("gender", "vocab", gettext_lazy("Gender"), "gender"),
    FieldSpec("marital_status", "vocab", gettext_lazy("Marital status"), "marital_status"),
    FieldSpec("number_of_children", "int", gettext_lazy("Number of children")),
    FieldSpec("citizenship", "country_list", gettext_lazy("Citizenship")),
    FieldSpec("primary_language", "language", gettext_lazy("Primary language")),
    FieldSpec("secondary_language", "language", gettext_lazy("Secondary language")),
    FieldSpec("education", "vocab", gettext_lazy("Highest level of education"), "education"),
    FieldSpec("migration_status", "vocab", gettext_lazy("Migration status"), "migration_status"),
    FieldSpec(
        "id_document_type",
        "vocab",
        gettext_lazy("Identity document type"),
        "identity_document_type",
    ),
    FieldSpec(
        "id_document_number",
        "text",
        gettext_lazy("Identity document number"),
        max_length=64,
        personal=True,
    ),
    FieldSpec("phone", "phone", gettext_lazy("Phone"), max_length=20, personal=True),
    FieldSpec("email", "email", gettext_lazy("E-mail"), personal=True),
    FieldSpec("address", "text", gettext_lazy("Address"), max_length=500, personal=True),
    FieldSpec("address_country", "country", gettext_lazy("Country of residence")),
    FieldSpec("address_region", "region", gettext_lazy("Region of residence")),
    # Research profile (issue 15, ADR 1523): cited code lists in cases/rules/vocabularies.
    FieldSpec(
        "ethnicity", "vocab", gettext_lazy("Ethnicity (nationality)"), "ethnicity", personal=True
    ),
    FieldSpec("urban_rural", "vocab", gettext_lazy("Urban or rural origin"), "urban_rural"),
    FieldSpec(
        "disability", "vocab", gettext_lazy("Disability"), "disability_status", personal=True
    ),
    FieldSpec(
        "disability_domains",
        "vocab_list",
        gettext_lazy("Disability: functional domains (Washington Group)"),
        "disability_domain",
        personal=True,
    ),
    FieldSpec(
        "disability_onset",
        "vocab",
        gettext_lazy("Disability: when it began"),
        "disability_onset",
        personal=True,
    ),
)

CASE_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("identified_on", "date", gettext_lazy("Date of identification")),
    FieldSpec("country", "country", gettext_lazy("Country of identification")),
    FieldSpec("region", "region", gettext_lazy("Region of identification")),
    FieldSpec(
        "recruitment_methods",
        "vocab_list",
        gettext_lazy("Methods of recruitment"),
        "recruitment_method",
    ),
    FieldSpec(
        "recruitment_websites",
        "vocab_list",
        gettext_lazy("Recruitment websites and apps"),
        "websites_apps",
    ),
    FieldSpec(
        "exploitation_types",
        "vocab_list",
        gettext_lazy("Types of exploitation"),
        "exploitation_type",
    ),
    FieldSpec(
        "control_methods", "vocab_list", gettext_lazy("Methods of control"), "control_method"
    ),
    FieldSpec(
        "labour_industry", "vocab", gettext_lazy("Forced labour industry"), "labour_industry"
    ),
    FieldSpec(
        "relationship_to_trafficker",
        "vocab",
        gettext_lazy("Relationship to trafficker"),
        "relationship_to_trafficker",
    ),
    FieldSpec("age_when_trafficked", "int", gettext_lazy("Age when trafficked")),
    FieldSpec("country_of_origin", "country", gettext_lazy("Country of origin")),
    FieldSpec("transit_countries", "country_list", gettext_lazy("Countries of transit")),
    FieldSpec("exploitation_countries", "country_list", gettext_lazy("Countries of exploitation")),
    FieldSpec("narrative", "text", gettext_lazy("Narrative"), max_length=20000, personal=True),
)

PERSON_FIELD_MAP = {spec.name: spec for spec in PERSON_FIELDS}
CASE_FIELD_MAP = {spec.name: spec for spec in CASE_FIELDS}
PERSONAL_PERSON_FIELDS = tuple(spec.name for spec in PERSON_FIELDS if spec.personal)


def _as_list(value) -> list:
    if value in (None, ""):
        return []
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    if isinstance(value, list | tuple | set):
        return [str(v).strip() for v in value if str(v).strip()]
    raise ValidationError(_("Expected a list."))


def clean_value(spec: FieldSpec, value, *, context: dict):
    """Return the cleaned value or raise ValidationError naming the field."""
    try:
        return _clean(spec, value, context)
    except ValidationError as error:
        error.field = error.field or spec.name
        raise


def _clean(spec: FieldSpec, value, context: dict):
    kind = spec.kind
    if kind in {"vocab_list", "country_list"}:
        items = _as_list(value)
        allowed = (
            vocabularies.codes(spec.vocabulary)
            if kind == "vocab_list"
            else geography.country_codes()
        )
        for item in items:
            if item not in allowed:
                raise ValidationError(
                    _("'%(value)s' is not an allowed value.") % {"value": item}, field=spec.name
                )
        return sorted(set(items), key=items.index)
    if value is None or (isinstance(value, str) and value.strip() == ""):
        return None if kind in {"date", "int"} else ""
    if kind in {"text", "name", "email"}:
        text = str(value).strip()
        if len(text) > spec.max_length:
            raise ValidationError(
                _("At most %(n)d characters.") % {"n": spec.max_length}, field=spec.name
            )
        if kind == "name":
            _check_name_script(text, spec.name)
        if kind == "email" and not EMAIL.fullmatch(text):
            raise ValidationError(
                _("Enter an e-mail address such as name@example.org."), field=spec.name
            )
        return text
    if kind == "phone":
        text = "".join(ch for ch in str(value).strip() if ch not in " -().\u00a0")
        digits = text.lstrip("+")
        if digits[:1] == "0" and digits.isdigit() and context.get("country"):
            # A national number ("0555 123 456") is read as the organisation's country's and
            # stored in international form, so it matches however it is typed later.
            national = normalise_phone(digits, context["country"])
            if national != digits:
                return "+" + national
        if not digits.isdigit() or not (2 <= len(digits) <= 15) or digits[0] == "0":
            raise ValidationError(
                _("Enter the phone number in international form, e.g. +77011234567."),
                field=spec.name,
            )
        return "+" + digits
    if kind == "date":
        if isinstance(value, dt.date):
            parsed = value
        else:
            try:
                parsed = dt.date.fromisoformat(str(value))
            except ValueError as error:
                raise ValidationError(_("Enter a date as YYYY-MM-DD."), field=spec.name) from error
        if parsed > timezone.localdate() or parsed.year < 1900:
            raise ValidationError(_("The date must be between 1900 and today."), field=spec.name)
        return parsed
    if kind == "int":
        try:
            number = int(value)
        except (TypeError, ValueError) as error:
            raise ValidationError(_("Enter a whole number."), field=spec.name) from error
        if number < 0 or number > 150:
            raise ValidationError(_("Enter a number between 0 and 150."), field=spec.name)
        return number
    if kind == "vocab":
        code = str(value).strip()
        if code not in vocabularies.codes(spec.vocabulary):
            raise ValidationError(
                _("'%(value)s' is not an allowed value.") % {"value": code}, field=spec.name
            )
        return code
    if kind == "country":
        code = str(value).strip().upper()
        if not geography.is_country(code):
            raise ValidationError(
                _("'%(value)s' is not an ISO 3166 country code.") % {"value": code}, field=spec.name
            )
        return code
    if kind == "region":
        code = str(value).strip().upper()
        country = context.get("country") or ""
        if code not in geography.region_codes(country):
            raise ValidationError(
                _("'%(value)s' is not a region of the chosen country.") % {"value": code},
                field=spec.name,
            )
        return code
    if kind == "language":
        code = str(value).strip().lower()
        if code not in geography.language_codes():
            raise ValidationError(
                _("'%(value)s' is not an ISO 639 language code.") % {"value": code}, field=spec.name
            )
        return code
    raise AssertionError(f"unknown field kind {kind}")


# One @, something before it, a dot in the domain, no spaces: what a caseworker can check by eye.
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")


def _check_name_script(text: str, field: str) -> None:
    """A word mixing Latin and Cyrillic letters ("Aйгүл" typed with a Latin A) looks right but
    is found by no search and matches no other record: refused with the word named (ADR 1604)."""
    for word in text.split():
        if {"LATIN", "CYRILLIC"} <= mixed_scripts(word):  # not modifier letters (Uzbek oʻ)
            raise ValidationError(
                _(
                    "'%(word)s' mixes Latin and Cyrillic letters that look alike (e.g. a Latin "
                    "A in a Cyrillic name). Retype it in one alphabet; the Latin spelling has "
                    "its own field."
                )
                % {"word": word},
                field=field,
                code="mixed_script",
            )


def clean_fields(specs: dict[str, FieldSpec], data: dict, *, context_country: dict) -> dict:
    """Clean every known key in `data`; unknown keys are an error (typos must not vanish)."""
    unknown = sorted(set(data) - set(specs))
    if unknown:
        raise ValidationError(
            _("Unknown field: %(name)s.") % {"name": unknown[0]}, field=unknown[0]
        )
    cleaned = {}
    problems: list[ValidationError] = []
    for name, value in data.items():  # every field, so all problems come in one round
        spec = specs[name]
        context = {"country": context_country.get(name, "")}
        try:
            cleaned[name] = clean_value(spec, value, context=context)
        except ValidationError as error:
            problems.append(error)
    if problems:
        raise ValidationError.collect(problems)
    return cleaned
