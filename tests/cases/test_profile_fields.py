"""Research profile of a person (issue 15, point 4): ethnicity, urban/rural origin, disability
with its Washington Group domains and onset. Cited code lists, encrypted where special-category,
in the form, the API, the HTCDS export and erased with the other personal data."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.utils import translation

from amanat.cases.models import Person
from amanat.cases.services import case_edit
from amanat.core import vocabularies
from amanat.errors import ValidationError
from amanat.privacy.models import AuditEvent
from tests.fixtures import api_client, make_case

PROFILE = {
    "ethnicity": "uzbek",
    "urban_rural": "rural",
    "disability": "yes",
    "disability_domains": ["mobility", "anxiety"],
    "disability_onset": "during_exploitation",
}


def _raw(person_id: int, column: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM cases_person WHERE id = %s", [person_id])
        return cursor.fetchone()[0]


def test_code_lists_cite_their_source_and_offer_no_answer():
    for name in ("ethnicity", "urban_rural", "disability_status", "disability_domain"):
        assert vocabularies.vocabulary(name).source.strip()
    assert {"prefer_not_to_say", "unknown", "kazakh", "kyrgyz", "tajik", "uzbek"} <= set(
        vocabularies.codes("ethnicity")
    )
    assert {"seeing", "hearing", "mobility", "cognition", "self_care", "communication"} <= set(
        vocabularies.codes("disability_domain")
    )
    assert "Washington Group" in vocabularies.vocabulary("disability_domain").source
    assert vocabularies.label("ethnicity", "prefer_not_to_say", "ru") == (
        "Предпочитает не указывать"
    )


@pytest.mark.django_db
def test_api_stores_the_profile_encrypted_and_reads_it_back(case_manager):
    client = api_client(case_manager)
    response = client.post(
        "/api/cases",
        data=json.dumps({"first_name": "Азиз", **PROFILE, "confirm_not_duplicate": True}),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    case_id = response.json()["id"]
    detail = client.get(f"/api/cases/{case_id}").json()
    assert {k: detail["person"][k] for k in PROFILE} == PROFILE
    person = Person.objects.get(cases__id=case_id)
    for column in ("ethnicity", "disability", "disability_domains", "disability_onset"):
        stored = _raw(person.pk, column)
        assert "uzbek" not in stored and "mobility" not in stored and stored != "yes"
    assert _raw(person.pk, "urban_rural") == "rural"  # not special-category: plain for statistics
    read = AuditEvent.objects.filter(action="case.view").last()
    assert {"ethnicity", "disability", "disability_domains", "disability_onset"} <= set(read.fields)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("ethnicity", "martian"),
        ("urban_rural", "suburban"),
        ("disability", "maybe"),
        ("disability_domains", ["flying"]),
        ("disability_onset", "yesterday"),
    ],
)
def test_api_refuses_values_outside_the_lists_naming_the_field(case_manager, field, value):
    response = api_client(case_manager).post(
        "/api/cases",
        data=json.dumps({"first_name": "Азиз", field: value, "confirm_not_duplicate": True}),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["field"] == field
    assert not Person.objects.exists()


@pytest.mark.django_db
def test_domains_need_a_disability(case_manager):
    case = make_case(user=case_manager, person={"first_name": "Азиз", "disability": "no"})
    with pytest.raises(ValidationError) as error:
        case_edit(
            user=case_manager,
            case_id=case.pk,
            person={"disability_domains": ["seeing"]},
            case={},
        )
    assert error.value.field == "disability_domains"
    case.person.refresh_from_db()
    assert case.person.disability_domains == []
    case_edit(
        user=case_manager,
        case_id=case.pk,
        person={"disability": "yes", "disability_domains": ["seeing"]},
        case={},
    )
    case.person.refresh_from_db()
    assert case.person.disability_domains == ["seeing"]


@pytest.mark.django_db
def test_the_registration_form_offers_the_fields_in_russian(client, case_manager):
    client.force_login(case_manager)
    client.cookies["django_language"] = "ru"
    before = translation.get_language()
    try:
        response = client.get("/cases/new/", headers={"Accept-Language": "ru"})
    finally:
        translation.activate(before)  # the request leaves Russian active in this thread
    assert response.status_code == 200
    page = response.content.decode()
    for name in PROFILE:
        assert f'name="person-{name}"' in page or f'name="{name}"' in page
    assert "Приобретена во время эксплуатации" in page
    assert "Городская местность" in page


@pytest.mark.django_db
def test_retention_erases_the_profile(case_manager):
    from amanat.cases.models import Case
    from amanat.cases.retention import retention_apply

    case = make_case(user=case_manager, person={"first_name": "Азиз", **PROFILE})
    Case.objects.filter(pk=case.pk).update(retention_until="2000-01-01")
    retention_apply(dry_run=False)
    person = Person.objects.get(pk=case.person_id)
    assert (person.ethnicity, person.disability, person.disability_onset) == ("", "", "")
    assert person.disability_domains == []


@pytest.mark.django_db
def test_profile_frame_for_the_analyses_is_audited_and_needs_statistics(case_manager):
    from amanat.errors import NotFound
    from amanat.insights.selectors import profile_frame
    from tests.fixtures import make_user

    a = make_case(user=case_manager, person={"first_name": "Азиз", **PROFILE})
    b = make_case(
        user=case_manager,
        person={"first_name": "Б", "disability": "yes", "disability_onset": "before_exploitation"},
    )
    c = make_case(user=case_manager, person={"first_name": "В", "marital_status": "Married"})
    with pytest.raises(NotFound):
        profile_frame(case_manager)
    researcher = make_user(org=case_manager.organisation, roles=["researcher"], username="res")
    frame = profile_frame(researcher).to_dicts()
    assert [r["caseId"] for r in frame] == [a.pk, b.pk, c.pk]
    assert frame[0] == {
        "caseId": a.pk,
        "ethnicity": "uzbek",
        "urbanRural": "rural",
        "disability": "yes",
        "disabilityDomains": ["mobility", "anxiety"],
        "disabilityOnset": "during_exploitation",
        "maritalStatus": None,
        "numberOfChildren": None,
        "disabilityAcquiredInExploitation": 1,
    }
    assert frame[1]["disabilityAcquiredInExploitation"] == 0
    assert frame[2]["disabilityAcquiredInExploitation"] is None
    assert frame[2]["maritalStatus"] == "Married"
    event = AuditEvent.objects.get(action="person.profile_read")
    assert event.extra == {"cases": 3} and "ethnicity" in event.fields
    assert "uzbek" not in json.dumps(event.extra)


def test_htcds_carries_the_profile_in_amanat_fields_and_reads_it_back():
    from amanat.insights import htcds

    values = {"person": dict(PROFILE), "case": {}, "owner_organisation": {"name": "Org"}}
    record = htcds.record_from_values(values, research=False)
    assert record["amanat_Ethnicity"] == "uzbek"
    assert record["amanat_UrbanRural"] == "rural"
    assert record["amanat_DisabilityDomains"] == ["mobility", "anxiety"]
    assert record["amanat_DisabilityOnset"] == "during_exploitation"
    fields = htcds.load_mapping().by_htcds()
    assert fields["amanat_Ethnicity"].personal and fields["amanat_Disability"].personal
    assert not any(k.startswith(("prs_Ethnic", "vic_Disab")) for k in record)
    person, _case, problems = htcds.values_from_record(record, 1)
    assert problems == [] and {k: person[k] for k in PROFILE} == PROFILE
