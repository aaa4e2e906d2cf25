"""The values behind each shared-field code (taxonomy/shared_fields.yaml) for one case.

A recipient sees only the codes the sender chose, and only while the referral is open and the
person's consent holds (amanat.referrals.selectors.referral_case_view decides that). Codes whose
data the case record does not hold yet come from providers other apps register
(`register_shared_field_provider`), or show as "not recorded".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.utils import timezone

from amanat.core import geography, vocabularies
from amanat.referrals import codes

_providers: dict[str, Callable] = {}


def register_shared_field_provider(code: str, provider: Callable) -> None:
    """`provider(case)` returns a display string (or None when not recorded) for `code`.

    For apps that hold data the case record does not (e.g. screening: safety risks).
    """
    _providers[code] = provider


def _age(person) -> int | None:
    today = timezone.localdate()
    if person.birth_date:
        born: dt.date = person.birth_date
        return today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    if person.birth_year:
        return today.year - person.birth_year
    return None


def _join(*parts) -> str:
    return " ".join(str(p) for p in parts if p)


def _full_name(case) -> str | None:
    p = case.person
    native = _join(p.first_name, p.middle_name, p.last_name)
    latin = _join(p.first_name_latin, p.last_name_latin)
    if native and latin:
        return f"{native} ({latin})"
    return native or latin or None


def referral_needs(case, services: list[str]) -> list:
    """The needs a referral for `services` carries: the case's open needs of those types.
    The one rule for the preview and for the save (ADR 1605)."""
    from amanat.referrals.models import Need, NeedStatus

    return list(
        Need.objects.filter(case=case, status=NeedStatus.OPEN, service_type__in=services).order_by(
            "created_at", "id"
        )
    )


def sharing_plan(case, services: list[str], shared_fields: list[str] | None = None) -> dict:
    """What a referral for `services` shares: the fields (the service types' templates unless
    the sender chose) and the needs. `referral_create` saves exactly this; the form previews it."""
    fields = codes.default_shared_fields(services) if shared_fields is None else shared_fields
    return {"shared_fields": list(fields), "needs": referral_needs(case, services)}


def _needs_summary(needs) -> str | None:
    """The needs of the referral only, never every need of the case."""
    items = [
        f"{codes.service_type_label(n.service_type)} ({codes.urgency_label(n.urgency)})"
        for n in needs
    ]
    return "; ".join(items) or None


def _exploitation(case) -> str | None:
    parts = [vocabularies.label("exploitation_type", c) for c in case.exploitation_types]
    if case.labour_industry:
        parts.append(vocabularies.label("labour_industry", case.labour_industry))
    parts += [vocabularies.label("control_method", c) for c in case.control_methods]
    if case.exploitation_countries:
        parts.append(", ".join(geography.country_name(c) for c in case.exploitation_countries))
    return "; ".join(parts) or None


def _legal_status(case) -> str | None:
    parts = []
    if case.person.migration_status:
        parts.append(vocabularies.label("migration_status", case.person.migration_status))
    if case.trafficking_status:
        parts.append(vocabularies.label("trafficking_status", case.trafficking_status))
    return "; ".join(parts) or None


def _destination(case) -> str | None:
    p = case.person
    if not p.address_country:
        return None
    place = geography.country_name(p.address_country)
    if p.address_region:
        place = f"{geography.region_name(p.address_region)}, {place}"
    return place


def _languages(case) -> str | None:
    p = case.person
    found = [geography.language_name(c) for c in (p.primary_language, p.secondary_language) if c]
    return ", ".join(found) or None


def _contact(case) -> str | None:
    p = case.person
    return ", ".join(v for v in (p.phone, p.email) if v) or None


# code -> (function of the case, the case/person field names read, for the audit log)
BUILT_IN: dict[str, tuple[Callable, tuple[str, ...]]] = {
    "given_name": (
        lambda c: c.person.first_name or c.person.first_name_latin or None,
        ("first_name", "first_name_latin"),
    ),
    "full_name": (
        _full_name,
        ("first_name", "middle_name", "last_name", "first_name_latin", "last_name_latin"),
    ),
    "date_of_birth": (
        lambda c: c.person.birth_date.isoformat() if c.person.birth_date else None,
        ("birth_date",),
    ),
    "age": (lambda c: str(a) if (a := _age(c.person)) is not None else None, ("birth_date",)),
    "gender": (
        lambda c: vocabularies.label("gender", c.person.gender) if c.person.gender else None,
        ("gender",),
    ),
    "nationality": (
        lambda c: ", ".join(geography.country_name(x) for x in c.person.citizenship) or None,
        ("citizenship",),
    ),
    "languages": (_languages, ("primary_language", "secondary_language")),
    "exploitation_summary": (
        _exploitation,
        ("exploitation_types", "labour_industry", "control_methods", "exploitation_countries"),
    ),
    "document_status": (
        lambda c: (
            vocabularies.label("identity_document_type", c.person.id_document_type)
            if c.person.id_document_type
            else None
        ),
        ("id_document_type",),
    ),
    "legal_status": (_legal_status, ("migration_status", "trafficking_status")),
    "destination_locality": (_destination, ("address_country", "address_region")),
    "education_level": (
        lambda c: (
            vocabularies.label("education", c.person.education) if c.person.education else None
        ),
        ("education",),
    ),
    "contact_channel": (_contact, ("phone", "email")),
}


def field_names_read(shared: list[str]) -> list[str]:
    names: list[str] = []
    for code in shared:
        if code == "needs_summary":
            names.append("needs")
            continue
        names.extend(BUILT_IN[code][1] if code in BUILT_IN else (code,))
    return names


def shared_values(case, shared: list[str], *, needs) -> list[dict]:
    """[{code, label, value}] for the chosen codes, in the vocabulary's order; None = not recorded.
    `needs`: the referral's needs (the needs summary lists those, not the whole case's)."""
    result = []
    for code, _label in codes.shared_field_choices():
        if code not in shared:
            continue
        if code == "needs_summary":
            value = _needs_summary(needs)
        elif code in _providers:
            value = _providers[code](case)
        elif code in BUILT_IN:
            value = BUILT_IN[code][0](case)
        else:
            value = None
        result.append({"code": code, "label": codes.shared_field_label(code), "value": value})
    return result
