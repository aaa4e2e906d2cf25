"""Referral and service outcomes and the gap analysis: pure computations with exact values, and
the same read from the referrals and assistance apps' tables when they hold data."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from docx import Document

from amanat.insights import sources
from amanat.insights.gaps import gap_analysis
from amanat.insights.report import build_docx
from amanat.insights.selectors import evidence
from amanat.insights.stats import Filters, Period
from amanat.insights.stats.outcomes import (
    referral_outcomes,
    referrals_by_service_type,
    service_outcomes,
)
from tests.insights.helpers import open_case, world

CASES = pl.DataFrame(
    {
        "caseId": list(range(1, 31)),
        "countryOfIdentification": ["KZ"] * 20 + ["KG"] * 10,
        "regionOfIdentification": ["KZ-75"] * 15 + [None] * 5 + ["KG-GB"] * 10,
        "yearOfRegistration": [2024] * 25 + [2023] * 5,
    },
    schema_overrides={"yearOfRegistration": pl.Int16},
)
NEEDS = pl.DataFrame(
    {
        "caseId": list(range(1, 31)),
        "serviceType": ["shelter"] * 30,
        "status": ["open"] * 12 + ["met"] * 15 + ["cancelled"] * 3,
    }
)
DIRECTORY = pl.DataFrame(
    {
        "serviceType": ["shelter", "shelter", "legal_aid"],
        "country": ["KZ", "KZ", "KG"],
        "regions": [["KZ-75"], [], []],
        "accepting": [True, False, True],
        "available": [0, None, 3],
    },
    schema_overrides={"available": pl.Int64},
)
REFERRALS = pl.DataFrame(
    {
        "caseId": [1, 2, 3, 4, 21, 5],
        "services": [
            ["shelter"],
            ["shelter", "legal_aid"],
            ["shelter"],
            ["medical_care"],
            ["shelter"],
            ["shelter"],
        ],
        "state": ["declined", "completed", "expired", "sent", "declined", "draft"],
    }
)
SERVICES = pl.DataFrame(
    {"caseId": [1, 2, 3], "serviceType": ["shelter", "shelter", "medical_care"]}
)


def test_referral_outcomes_count_referrals_not_drafts():
    table = referral_outcomes(CASES, REFERRALS, threshold=1)
    assert table.counts == {"sent": 1, "completed": 1, "declined": 2, "expired": 1}
    assert table.denominator == 5
    kz = referral_outcomes(CASES, REFERRALS, threshold=1, filters=Filters(regions=("KZ-75",)))
    assert kz.counts == {"sent": 1, "completed": 1, "declined": 1, "expired": 1}
    assert referral_outcomes(CASES, REFERRALS).counts == {
        "sent": None,
        "completed": None,
        "declined": None,
        "expired": None,
    }


def test_people_by_service_type_use_the_ctdc_denominator():
    table = service_outcomes(CASES, SERVICES, threshold=1)
    assert table.counts == {"shelter": 2, "medical_care": 1}
    assert table.denominator == 3 and table.percentages["shelter"] == 66.7
    referred = referrals_by_service_type(CASES, REFERRALS, threshold=1)
    assert referred.counts == {"shelter": 4, "medical_care": 1, "legal_aid": 1}
    assert referred.denominator == 5  # people with a sent referral (not the draft)


def test_gap_analysis_by_region_and_type():
    gaps = gap_analysis(
        CASES, NEEDS, DIRECTORY, referrals=REFERRALS, services=SERVICES, threshold=1
    )
    rows = {(r.country, r.region, r.service_type): r for r in gaps.rows}
    almaty = rows[("KZ", "KZ-75", "shelter")]
    assert (almaty.people_with_need, almaty.people_unmet, almaty.referrals_failed) == (15, 10, 2)
    assert (almaty.services_listed, almaty.services_accepting, almaty.places_available) == (2, 0, 0)
    assert almaty.flags == ("no_capacity", "unmet", "referral_failures")
    no_region = rows[("KZ", "", "shelter")]
    assert (no_region.people_with_need, no_region.people_unmet) == (5, 0)
    # No region: the country's services count (both KZ shelters), not only whole-country ones.
    assert no_region.services_listed == 2 and no_region.labels["region"]["en"] == (
        "Region not recorded"
    )
    assert "no_service" not in no_region.flags
    bishkek = rows[("KG", "KG-GB", "shelter")]
    assert (bishkek.people_with_need, bishkek.people_unmet) == (7, 0)  # 3 needs cancelled
    assert bishkek.flags == ("no_service", "referral_failures")
    assert bishkek.labels["service_type"] == {  # every interface language, not en/ru only
        "en": "Shelter",
        "ru": "Приют",
        "kk": "Баспана",
        "ky": "Баш калкалоочу жай",
        "tg": "Паноҳгоҳ",
        "uz": "Boshpana",
    }
    only_2023 = gap_analysis(
        CASES, NEEDS, DIRECTORY, filters=Filters(period=Period(2023, 2023)), threshold=1
    )
    assert [(r.region, r.people_with_need) for r in only_2023.rows] == [("KG-GB", 2)]


def test_a_case_without_region_falls_back_to_its_country():
    """Issue 15: KZ-75 lists shelter, medical care and psychosocial support; cases in Kazakhstan
    without a region were flagged "no service" for all three (on main)."""
    cases = pl.DataFrame(
        {
            "caseId": [1, 2, 3],
            "countryOfIdentification": ["KZ", "KZ", "TJ"],
            "regionOfIdentification": [None, "", None],
            "yearOfRegistration": [2024, 2024, 2024],
        },
        schema_overrides={"yearOfRegistration": pl.Int16},
    )
    types = ["shelter", "medical_care", "psychosocial_support"]
    needs = pl.DataFrame(
        {
            "caseId": [1, 1, 1, 2, 3],
            "serviceType": types + ["shelter", "shelter"],
            "status": ["open"] * 5,
        }
    )
    directory = pl.DataFrame(
        {
            "serviceType": types,
            "country": ["KZ"] * 3,
            "regions": [["KZ-75"]] * 3,
            "accepting": [True] * 3,
            "available": [2, 2, 2],
        },
        schema_overrides={"available": pl.Int64},
    )
    gaps = gap_analysis(cases, needs, directory, threshold=1)
    rows = {(r.country, r.service_type): r for r in gaps.rows}
    for service in types:
        row = rows[("KZ", service)]
        assert row.region == "" and row.labels["region"]["en"] == "Region not recorded"
        assert row.services_listed == 1 and row.services_accepting == 1
        assert "no_service" not in row.flags and "no_service_in_country" not in row.flags
    assert rows[("KZ", "shelter")].people_with_need == 2
    tajik = rows[("TJ", "shelter")]
    assert tajik.flags == ("no_service_in_country", "unmet")
    assert gaps.flag_labels["no_service_in_country"]["en"].startswith("Region not recorded")


def test_gap_counts_are_suppressed_with_their_complements():
    gaps = gap_analysis(CASES, NEEDS, DIRECTORY, referrals=REFERRALS, services=SERVICES)
    rows = {(r.country, r.region): r for r in gaps.rows}
    assert rows[("KZ", "")].people_with_need is None
    assert rows[("KZ", "")].suppressed["people_with_need"] == "primary"
    # 5 hidden next to 15 with a total of 20: the 15 is hidden too.
    assert rows[("KZ", "KZ-75")].suppressed["people_with_need"] == "secondary"
    assert rows[("KG", "KG-GB")].people_with_need is None  # 7: small
    # Directory counts are about organisations, not people: shown as they are.
    assert rows[("KZ", "KZ-75")].services_listed == 2


# --- From the referrals and assistance apps' tables ---------------------------------------------


def _models_present() -> bool:
    return all(
        sources._model(app, name, fields) is not None
        for app, name, fields in (
            ("referrals", "Referral", ("case", "state", "services")),
            ("referrals", "Need", ("case", "service_type", "status")),
            ("referrals", "DirectoryService", ("service_type", "country", "regions")),
            ("assistance", "ServiceDelivery", ("case", "service_type")),
        )
    )


@pytest.mark.django_db
@pytest.mark.skipif(not _models_present(), reason="referrals/assistance models not installed")
def test_outcomes_and_gaps_from_the_other_apps(tmp_path):
    from django.apps import apps

    need_model = apps.get_model("referrals", "Need")
    referral_model = apps.get_model("referrals", "Referral")
    directory_model = apps.get_model("referrals", "DirectoryService")
    delivery_model = apps.get_model("assistance", "ServiceDelivery")
    w = world()
    assert sources.referral_rows() is None and sources.need_rows() is None  # no data: no section
    cases = [open_case(w["cm_kz"], region="KZ-75", birth="1990-01-01") for _ in range(12)]
    for i, case in enumerate(cases):
        need_model.objects.create(
            case=case, service_type="shelter", status="open" if i < 8 else "met"
        )
        referral_model.objects.create(
            case=case,
            from_organisation=w["kz"],
            to_organisation=w["kg"],
            services=["shelter"],
            state="declined" if i < 11 else "completed",
            created_by=w["cm_kz"],
        )
    for case in cases[8:]:
        delivery_model.objects.create(
            case=case,
            service_type="shelter",
            delivered_on=dt.date(2024, 6, 1),
            organisation=w["kz"],
            recorded_by=w["cm_kz"],
        )
    directory_model.objects.create(
        organisation=w["kg"],
        service_type="shelter",
        country="KG",
        regions=[],
        accepting=True,
        available=4,
    )

    result = evidence(w["coordinator"])
    assert result.omitted == []
    outcomes = {t.statistic: t for t in result.outcomes}
    assert outcomes["referral_outcome"].counts == {"completed": None, "declined": None}
    assert outcomes["referral_outcome"].records_in_scope == 12
    assert outcomes["referral_service"].counts == {"shelter": 12}
    assert outcomes["service_outcome"].counts == {"shelter": None}  # 4 people: small
    (row,) = result.gaps.rows
    assert (row.country, row.region, row.service_type) == ("KZ", "KZ-75", "shelter")
    assert (row.people_with_need, row.referrals_failed) == (12, 11)
    assert row.people_unmet is None  # 8 unmet: small
    assert row.flags == ("no_service", "unmet", "referral_failures")  # shelter only in KG

    document = Document(_save(tmp_path / "r.docx", build_docx(result, "ru")))
    assert len(document.tables) == 16 + 3 + 1  # statistics, outcomes, gaps
    assert len(document.inline_shapes) == 16 + 3 + 1
    text = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "В справочнике нет услуг этого вида для этого региона" in text
    # Recommendations are drafted from the flagged row (issue 15), marked as a draft.
    paragraphs = [p.text for p in document.paragraphs]
    assert "Рекомендации (черновик)" in paragraphs
    draft = result.recommendations
    assert [r.kind for r in draft.recommendations] == ["no_service", "unmet", "referral_failures"]
    assert all(r.draft for r in draft.recommendations)
    for recommendation in draft.recommendations:
        assert recommendation.text["ru"] in paragraphs
    assert any(p.startswith("ЧЕРНОВИК — ") for p in paragraphs)
    english = Document(_save(tmp_path / "e.docx", build_docx(result, "en")))
    lines = [p.text for p in english.paragraphs]
    assert "Recommendations (draft)" in lines and "Recommendations" not in lines
    assert draft.recommendations[0].text["en"] in lines
    assert draft.recommendations[0].text["en"].startswith("Kazakhstan: ")


def _save(path, content: bytes):
    path.write_bytes(content)
    return path
