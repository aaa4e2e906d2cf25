"""The service-type taxonomy, shared-field templates and urgency levels read from data."""

from __future__ import annotations

import re
import shutil

import pytest

from amanat.referrals.taxonomy import DATA_DIR, TaxonomyError, load_taxonomy

CYRILLIC = re.compile(r"[А-Яа-яЁё]")


def test_fifteen_service_types_from_the_issue():
    taxonomy = load_taxonomy()
    assert list(taxonomy.service_types) == [
        "shelter",
        "medical_care",
        "psychosocial_support",
        "legal_aid",
        "document_recovery",
        "interpretation",
        "return_assistance",
        "family_tracing",
        "education",
        "vocational_training",
        "job_placement",
        "business_startup",
        "cash_assistance",
        "child_protection",
        "law_enforcement_protection",
    ]
    assert taxonomy.service_type("legal_aid").label.get("ru") == "Юридическая помощь"
    assert taxonomy.service_type("legal_aid").label.get("en") == "Legal aid"


def test_every_label_is_english_and_russian():
    taxonomy = load_taxonomy()
    labels = (
        [t.label for t in taxonomy.service_types.values()]
        + list(taxonomy.shared_fields.values())
        + [u.label for u in taxonomy.urgency_levels.values()]
    )
    for label in labels:
        assert label.en and not CYRILLIC.search(label.en)
        assert CYRILLIC.search(label.ru), label.en


def test_shared_field_templates_minimise():
    taxonomy = load_taxonomy()
    assert taxonomy.default_shared_fields("interpretation") == ("given_name", "gender", "languages")
    # a shelter needs no legal history; law enforcement gets no health data
    assert "exploitation_summary" not in taxonomy.default_shared_fields("shelter")
    assert "health_alerts" not in taxonomy.default_shared_fields("law_enforcement_protection")
    for service_type in taxonomy.service_types.values():
        assert set(service_type.shared_fields) <= set(taxonomy.shared_fields)


def test_urgency_deadlines_grow_with_rank():
    levels = sorted(load_taxonomy().urgency_levels.values(), key=lambda u: u.rank)
    assert [(u.code, u.response_hours) for u in levels] == [
        ("emergency", 4.0),
        ("high", 24.0),
        ("normal", 72.0),
        ("low", 168.0),
    ]


def test_need_fit_exact_related_and_none():
    taxonomy = load_taxonomy()
    assert taxonomy.need_fit("shelter", "shelter") == 1.0
    assert taxonomy.need_fit("legal_aid", "document_recovery") == 0.5
    assert taxonomy.need_fit("document_recovery", "legal_aid") == 0.0
    assert taxonomy.need_fit("shelter", "legal_aid") == 0.0


def test_unknown_codes_are_named():
    taxonomy = load_taxonomy()
    with pytest.raises(TaxonomyError, match="unknown service type 'housing'"):
        taxonomy.service_type("housing")
    with pytest.raises(TaxonomyError, match="unknown urgency 'urgent'"):
        taxonomy.urgency("urgent")


def test_bad_template_field_in_data_is_reported(tmp_path):
    for name in ("service_types.yaml", "shared_fields.yaml", "urgency.yaml"):
        shutil.copy(DATA_DIR / name, tmp_path / name)
    path = tmp_path / "service_types.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("[given_name, gender, languages]", "[passport]"),
        encoding="utf-8",
    )
    with pytest.raises(
        TaxonomyError, match=r"interpretation: unknown shared fields \['passport'\]"
    ):
        load_taxonomy(tmp_path)
