"""Turn cases and consents into plain dicts for the API and templates (no access logic here)."""

from __future__ import annotations

from amanat.cases.field_spec import CASE_FIELDS, PERSON_FIELDS, FieldSpec
from amanat.cases.identity.reasons import reason_labels
from amanat.cases.models import Case
from amanat.core import geography, vocabularies
from amanat.privacy.models import Consent


def display_name(person) -> str:
    name = " ".join(p for p in (person.first_name, person.last_name) if p)
    return name or " ".join(p for p in (person.first_name_latin, person.last_name_latin) if p)


def case_summary(case: Case) -> dict:
    return {
        "id": case.pk,
        "code": case.code,
        "status": case.status,
        "trafficking_status": case.trafficking_status,
        "identified_on": case.identified_on,
        "country": case.country,
        "display_name": display_name(case.person),
        **match_facts(case),
    }


def match_facts(case: Case) -> dict:
    """Why a case was found by a search (set by `case_search`); nothing for a plain list."""
    reasons = getattr(case, "match_reasons", None)
    if reasons is None:
        return {}
    return {
        "match_score": case.match_score,
        "match_reasons": list(reasons),
        "match_reason_labels": reason_labels(reasons),
    }


def consent_dict(consent: Consent) -> dict:
    return {
        "id": consent.pk,
        "purpose": consent.purpose,
        "granted": consent.granted,
        "method": consent.method,
        "given_on": consent.given_on,
        "recipient_organisation": consent.recipient_organisation_id,
        "checklist": consent.checklist,
        "recorded_by": consent.recorded_by.username,
        "recorded_at": consent.recorded_at,
        "withdrawn_at": consent.withdrawn_at,
        "in_force": consent.is_active,
    }


def case_detail(case: Case) -> dict:
    person = case.person
    consents = case.consents.select_related("recorded_by").all()
    return {
        "id": case.pk,
        "code": case.code,
        "status": case.status,
        "trafficking_status": case.trafficking_status,
        "status_decided_by_org_type": case.status_decided_by_org_type,
        "identified_on": case.identified_on,
        "country": case.country,
        "region": case.region,
        "owner_organisation": {
            "id": case.owner_organisation_id,
            "name": case.owner_organisation.name,
            "country": case.owner_organisation.country,
        },
        "retention_until": case.retention_until,
        "created_at": case.created_at,
        "person": {spec.name: getattr(person, spec.name) for spec in PERSON_FIELDS},
        "case": {spec.name: getattr(case, spec.name) for spec in CASE_FIELDS},
        "consents": [consent_dict(c) for c in consents],
    }


def display_value(spec: FieldSpec, value) -> str:
    if value in (None, "", []):
        return ""
    if spec.kind == "vocab":
        return vocabularies.label(spec.vocabulary, value)
    if spec.kind == "vocab_list":
        return ", ".join(vocabularies.label(spec.vocabulary, v) for v in value)
    if spec.kind == "country":
        return geography.country_name(value)
    if spec.kind == "country_list":
        return ", ".join(geography.country_name(v) for v in value)
    if spec.kind == "region":
        return geography.region_name(value)
    if spec.kind == "language":
        return geography.language_name(value)
    return str(value)


def _facts(specs, obj) -> list[tuple[str, str]]:
    rows = []
    for spec in specs:
        text = display_value(spec, getattr(obj, spec.name))
        if text:
            rows.append((str(spec.label), text))
    return rows


def person_facts(person) -> list[tuple[str, str]]:
    return _facts(PERSON_FIELDS, person)


def case_facts(case) -> list[tuple[str, str]]:
    return _facts([s for s in CASE_FIELDS if s.name != "narrative"], case)
