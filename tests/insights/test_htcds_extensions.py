"""HTCDS v2.0 export of code-list values the standard does not have (issue 15, point 7): they
travel as "Other" in the standard vic_* field plus their own code in an amanat_* field."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from amanat.core import vocabularies
from amanat.insights import htcds

REFERENCE = Path("/work/shared/reference/htcds-v2.md")


def _values(case: dict) -> dict:
    return {"person": {}, "case": case, "owner_organisation": {"name": "Org"}}


def test_extension_values_become_other_plus_an_amanat_field():
    record = htcds.record_from_values(
        _values(
            {
                "exploitation_types": ["ForcedLabour", "ForcedCriminality"],
                "recruitment_websites": ["Telegram", "VKontakte", "Odnoklassniki"],
            }
        ),
        research=False,
    )
    assert record["vic_TypeOfExploitation"] == ["ForcedLabour", "Other"]
    assert record["amanat_TypeOfExploitationOther"] == ["ForcedCriminality"]
    assert record["vic_RecruitmentWebsitesAndApps"] == ["Telegram", "Other"]
    assert record["amanat_RecruitmentWebsitesAndAppsOther"] == ["VKontakte", "Odnoklassniki"]
    # what must NOT happen: an extension code in a standard field
    assert "ForcedCriminality" not in record["vic_TypeOfExploitation"]
    assert "VKontakte" not in record["vic_RecruitmentWebsitesAndApps"]


def test_standard_values_only_leave_the_extension_empty():
    record = htcds.record_from_values(
        _values({"exploitation_types": ["Servitude", "Other"]}), research=False
    )
    assert record["vic_TypeOfExploitation"] == ["Servitude", "Other"]
    assert record["amanat_TypeOfExploitationOther"] == []


@pytest.mark.parametrize(
    ("field", "vocabulary"),
    [
        ("vic_TypeOfExploitation", "exploitation_type"),
        ("vic_RecruitmentWebsitesAndApps", "websites_apps"),
        ("vic_MethodOfRecruitment", "recruitment_method"),
        ("vic_MethodsOfControl", "control_method"),
    ],
)
def test_every_code_of_the_list_writes_only_standard_values(field, vocabulary):
    """Every code of the platform's list, exported, puts only HTCDS v2.0 picklist values (as the
    reference copy lists them) into the standard field."""
    row = next(line for line in REFERENCE.read_text().splitlines() if f"`{field}`" in line)
    published = {v.strip() for v in row.rstrip(" |").rsplit("|", 1)[1].split(",")}
    spec = htcds.load_mapping().by_htcds()[field]
    assert set(spec.standard_values) == published
    codes = sorted(vocabularies.codes(vocabulary))
    record = htcds.record_from_values(_values({spec.name: codes}), research=False)
    assert set(record[field]) <= published
    assert set(record[spec.extension]) == set(codes) - published


def test_import_reads_the_extension_back_exactly():
    case = {
        "exploitation_types": ["ForcedLabour", "ForcedCriminality"],
        "recruitment_websites": ["VKontakte"],
    }
    record = htcds.record_from_values(_values(case), research=False)
    _person, imported, problems = htcds.values_from_record(record, 1)
    assert problems == []
    assert imported["exploitation_types"] == ["ForcedLabour", "ForcedCriminality"]
    assert imported["recruitment_websites"] == ["VKontakte"]


def test_csv_carries_the_extension_column_and_reads_back():
    case = {"exploitation_types": ["ForcedCriminality"]}
    record = htcds.record_from_values(_values(case), research=False)
    text = htcds.dumps_csv([record], research=False)
    header = text.splitlines()[0].split(",")
    assert header.index("amanat_TypeOfExploitationOther") == (
        header.index("vic_TypeOfExploitation") + 1
    )
    (back,) = htcds.loads_csv(text)
    assert back["vic_TypeOfExploitation"] == "Other"
    _person, imported, problems = htcds.values_from_record(back, 2)
    assert problems == [] and imported["exploitation_types"] == ["ForcedCriminality"]


def test_a_malformed_extension_value_is_a_problem_naming_it():
    _p, _c, problems = htcds.values_from_record({"amanat_TypeOfExploitationOther": [1]}, 3)
    assert [(p.record, p.field) for p in problems] == [(3, "amanat_TypeOfExploitationOther")]
    assert re.search("list of codes", problems[0].message)
