"""The mapping of the platform's case values to CTDC v6 columns (pure, no database)."""

from __future__ import annotations

import json

import polars as pl
import pytest

from amanat.insights.ctdc.from_cases import RAW_SCHEMA, cases_to_ctdc, ctdc_only
from amanat.insights.ctdc.reader import ctdc_schema, parse_ctdc


def raw(**values) -> dict:
    row = {
        "case_id": 1,
        "owner_organisation_id": 1,
        "identified_on": "2024-05-01",
        "country": "KZ",
        "region": "",
        "status": "Active",
        "trafficking_status": "",
        "recruitment_methods": "[]",
        "exploitation_types": "[]",
        "control_methods": "[]",
        "labour_industry": "",
        "relationship_to_trafficker": "",
        "age_when_trafficked": None,
        "exploitation_countries": "[]",
        "birth_year": None,
        "gender": "",
        "citizenship": "[]",
    }
    for key, value in values.items():
        row[key] = json.dumps(value) if isinstance(value, list) else value
    return row


def mapped(*rows: dict) -> list[dict]:
    frame = pl.DataFrame(list(rows), schema=RAW_SCHEMA, orient="row")
    return cases_to_ctdc(frame).to_dicts()


def test_an_empty_case_has_only_what_is_always_known():
    row = mapped(raw())[0]
    known = {k: v for k, v in row.items() if v is not None}
    assert known == {
        "yearOfRegistration": 2024,
        "Datasource": "Case Management",
        "CountryOfExploitation": "KZ",
        "meansOfControlNotSpecified": 1,
        "caseId": 1,
        "ownerOrganisationId": 1,
        "countryOfIdentification": "KZ",
        "caseStatus": "Active",
    }


@pytest.mark.parametrize(
    ("gender", "expected"),
    [
        ("Feminine", "Female"),
        ("Masculine", "Male"),
        ("TransgenderFeminine", "Transgender/NonConforming"),
        ("NonConforming", "Transgender/NonConforming"),
        ("NonSpecifiedUnknown", "Unknown"),
        ("", None),
    ],
)
def test_gender(gender, expected):
    assert mapped(raw(gender=gender))[0]["gender"] == expected


@pytest.mark.parametrize(
    ("birth_year", "band", "majority"),
    [
        (2024, "0--8", "Minor"),
        (2016, "0--8", "Minor"),
        (2015, "9--17", "Minor"),
        (2007, "9--17", "Minor"),
        (2006, "18--20", "Adult"),
        (2001, "21--23", "Adult"),
        (1977, "39--47", "Adult"),
        (1976, "48+", "Adult"),
        (1900, None, None),
        (2030, None, None),
        (None, None, None),
    ],
)
def test_age_band_and_majority_at_registration(birth_year, band, majority):
    row = mapped(raw(birth_year=birth_year))[0]
    assert (row["ageBroad"], row["majorityStatus"]) == (band, majority)


def test_exploitation_control_labour_relationship_and_channels():
    row = mapped(
        raw(
            exploitation_types=["ForcedLabour", "SexualExploitation", "ForcedBegging"],
            control_methods=["PhysicalThreats", "ThreatensChildrenFamily", "PsychoactiveSubstance"],
            labour_industry="T_ActivitiesOfHouseholdsAsEmployers",
            relationship_to_trafficker="Familial",
            recruitment_methods=["ThroughAnOnlineAdvertisement", "AtWork"],
            exploitation_countries=["RU", "TR"],
            citizenship=["TJ", "RU"],
            age_when_trafficked=17,
        )
    )[0]
    ones = {k for k, v in row.items() if v == 1}
    assert ones == {
        "isForcedLabour",
        "isSexualExploit",
        "isSexAndLabour",
        "meansOfControlThreats",
        "meansOfControlPsychoactiveSubstances",
        "typeOfLabourDomesticWork",
        "typeOfLabourBegging",
        "recruiterRelationFamily",
        "recruitment_ThroughAnOnlineAdvertisement",
        "recruitment_AtWork",
        "channelOnline",
        "channelOther",
        "caseId",
        "ownerOrganisationId",
    }
    assert row["isOtherExploit"] == row["meansOfControlNotSpecified"] == 0
    assert row["typeOfLabourNotSpecified"] == row["channelPersonalContacts"] == 0
    assert row["RecruiterRelationship"] == "Family/Relative"
    assert (row["citizenship"], row["CountryOfExploitation"]) == ("TJ", "TR")
    assert row["majorityStatusAtExploit"] == "Minor"
    assert row["typeOfSexProstitution"] is None  # not recorded by the platform


def test_labour_sector_only_for_forced_labour_and_not_specified_without_industry():
    sexual, labour, other_industry = mapped(
        raw(case_id=1, exploitation_types=["SexualExploitation"], labour_industry="F_Construction"),
        raw(case_id=2, exploitation_types=["ForcedLabour"]),
        raw(case_id=3, exploitation_types=["ForcedLabour"], labour_industry="P_Education"),
    )
    assert sexual["typeOfLabourConstruction"] is None and sexual["typeOfLabourNotSpecified"] is None
    assert labour["typeOfLabourNotSpecified"] == 1 and labour["typeOfLabourOther"] is None
    assert other_industry["typeOfLabourOther"] == 1 and other_industry["isForcedLabour"] == 1


def test_the_ctdc_part_is_a_valid_ctdc_v6_file():
    frame = cases_to_ctdc(
        pl.DataFrame(
            [
                raw(
                    gender="Feminine",
                    birth_year=1990,
                    exploitation_types=["Servitude"],
                    relationship_to_trafficker="Unaquainted",
                    citizenship=["ZZ"],
                )
            ],
            schema=RAW_SCHEMA,
            orient="row",
        )
    )
    exported = ctdc_only(frame)
    assert list(exported.columns) == list(ctdc_schema())
    as_text = exported.select(pl.all().cast(pl.String).fill_null(""))
    parsed, problems = parse_ctdc(as_text, mode="strict")
    assert problems == []
    assert parsed.row(0, named=True)["RecruiterRelationship"] == "Other"


def test_child_labour_is_other_exploitation_not_forced_labour():
    """CTDC v6 variable 28 (isForcedLabour) requires work exacted under menace of penalty; child
    labour alone is 'other exploitation' (variable 30). On main it was counted as forced labour."""
    (row,) = mapped(raw(exploitation_types=["ChildLabour"]))
    assert row["isForcedLabour"] == 0
    assert row["isOtherExploit"] == 1
    assert row["isSlaveryAndPractices"] == 0
    assert row["typeOfLabourNotSpecified"] is None  # no labour sector: not forced labour


def test_servitude_is_slavery_and_practices_not_other_exploitation():
    (row,) = mapped(raw(exploitation_types=["Servitude"]))
    assert row["isSlaveryAndPractices"] == 1
    assert row["isOtherExploit"] == 0
    assert row["isForcedLabour"] == 0


def test_a_child_also_forced_to_work_counts_in_both():
    (row,) = mapped(raw(exploitation_types=["ChildLabour", "ForcedLabour"]))
    assert (row["isForcedLabour"], row["isOtherExploit"]) == (1, 1)
