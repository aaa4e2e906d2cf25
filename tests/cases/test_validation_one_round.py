"""Issue 16 findings 5 and 11: every problem in one round (service, API, web), the dates in
order, e-mail checked, and a name mixing Latin and Cyrillic letters refused in web, API and
import (ADR 1603, 1604)."""

from __future__ import annotations

import json

import pytest

from amanat.cases.models import Case, Person
from amanat.cases.services import case_open
from amanat.errors import ValidationError
from amanat.insights.services import HtcdsRejected, htcds_import
from tests.fixtures import api_client

MIXED = "Aйгүл"  # the first letter is a Latin A
BAD = {
    "person": {
        "first_name": MIXED,
        "phone": "12ab",
        "email": "aigul.example.org",
        "birth_date": "1995-06-01",
    },
    "case": {"identified_on": "1990-01-01"},
}
EXPECTED_FIELDS = ["first_name", "birth_date", "phone", "email", "identified_on"]


def test_service_reports_every_problem_at_once(case_manager):
    with pytest.raises(ValidationError) as error:
        case_open(user=case_manager, person=BAD["person"], case=BAD["case"])
    fields = [e.field for e in error.value.errors]
    assert sorted(fields) == sorted(["first_name", "phone", "email", "identified_on"])
    messages = {e.field: str(e.message) for e in error.value.errors}
    assert "mixes Latin and Cyrillic" in messages["first_name"] and MIXED in messages["first_name"]
    assert messages["email"] == "Enter an e-mail address such as name@example.org."
    assert messages["identified_on"] == (
        "The identification date (1990-01-01) is before the birth date."
    )
    assert Person.objects.count() == 0 and Case.objects.count() == 0


@pytest.mark.parametrize(
    "name", ["Айгүл", "Aigul", "Oʻgʻiloy", "Ұлжан Нұрланқызы", "Jean-Pierre", "Мадина Ali"]
)
def test_single_script_names_are_accepted(case_manager, name):
    case = case_open(user=case_manager, person={"first_name": name}, case={})
    assert case.person.first_name == name


def test_api_lists_every_problem_and_creates_nothing(case_manager):
    response = api_client(case_manager).post(
        "/api/cases",
        data=json.dumps({**BAD["person"], **BAD["case"]}),
        content_type="application/json",
    )
    assert response.status_code == 422
    body = response.json()
    assert sorted(e["field"] for e in body["errors"]) == sorted(
        ["first_name", "phone", "email", "identified_on"]
    )
    assert Case.objects.count() == 0


def test_web_form_shows_every_problem_with_a_summary_linking_to_fields(case_manager, client):
    client.force_login(case_manager)
    data = {f"person-{k}": v for k, v in BAD["person"].items()}
    data.update({f"case-{k}": v for k, v in BAD["case"].items()})
    response = client.post("/cases/new/", data)
    assert response.status_code == 200
    page = response.content.decode()
    summary = page[page.index('data-testid="error-summary"') :]
    summary = summary[: summary.index("</div>")]
    for anchor in ("person-first_name", "person-phone", "person-email", "case-identified_on"):
        assert f'href="#id_{anchor}"' in summary
    assert "There are 4 problems to fix" in summary
    assert Case.objects.count() == 0


def test_import_refuses_a_mixed_script_name(case_manager):
    with pytest.raises(HtcdsRejected) as error:
        htcds_import(user=case_manager, records=[{"prs_FirstName": MIXED}], fmt="json")
    assert [(p.record, p.field) for p in error.value.problems] == [(1, "prs_FirstName")]
    assert "mixes Latin and Cyrillic" in error.value.problems[0].message
    assert Case.objects.count() == 0


def test_cross_border_referral_error_names_the_legal_bases_in_words(db, client):
    from tests.referrals.helpers import build_world

    w = build_world(provider_country="KG")
    client.force_login(w["sender"])
    response = client.post(
        f"/referrals/case/{w['case'].pk}/new/",
        {
            "to_organisation": w["provider"].pk,
            "services": ["shelter"],
            "urgency": "normal",
            "reason": "Return home",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Provider Shelter is in another country (KG)" in page
    assert "The person&#x27;s explicit, informed consent to the transfer" in page
    assert "person_consent" not in page.split('data-testid="error-summary"')[1].split("</div>")[0]
    # At the top, linking to the field, and again beside the field itself.
    assert 'href="#id_legal_basis"' in page
    field = page[page.index('id="id_legal_basis"') - 2000 : page.index('id="id_legal_basis"')]
    assert "is in another country" in field
