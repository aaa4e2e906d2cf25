"""Human-readable labels for stored codes, in the active language."""

from __future__ import annotations

from amanat.cases.field_spec import CASE_FIELDS, PERSON_FIELDS, FieldSpec
from amanat.core import geography, vocabularies


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
