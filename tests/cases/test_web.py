from __future__ import annotations

import pytest
from django.test import Client

from amanat.privacy.models import AuditEvent
from tests.fixtures import PASSWORD, make_case


@pytest.fixture
def client_for(db):
    def _login(user, language="en"):
        client = Client(headers={"Accept-Language": language})
        client.cookies["django_language"] = language
        assert (
            client.post(
                "/accounts/login/", {"username": user.username, "password": PASSWORD}
            ).status_code
            == 302
        )
        return client

    return _login


@pytest.mark.parametrize(
    ("language", "heading"), [("en", "Cases of my organisation"), ("ru", "Дела моей организации")]
)
def test_dashboard_in_both_languages(case, case_manager, client_for, language, heading):
    client = client_for(case_manager, language)
    page = client.get("/cases/").content.decode()
    assert heading in page
    assert case.code in page
    assert "Тестов" in page


def test_case_page_shows_labels_and_audits_the_read(case, case_manager, client_for):
    client = client_for(case_manager, "ru")
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert case.code in page
    assert "Мужской" in page  # vocabulary label in Russian
    assert AuditEvent.objects.filter(action="case.view", object_id=str(case.pk)).count() == 1


def test_other_organisation_gets_404_on_every_case_page(case, other_case_manager, client_for):
    client = client_for(other_case_manager)
    for path in (f"/cases/{case.pk}/", f"/cases/{case.pk}/edit/", f"/cases/{case.pk}/consent/"):
        assert client.get(path).status_code == 404
    assert (
        client.post(
            f"/cases/{case.pk}/status/",
            {"status": "ActualVictimOfTrafficking", "decided_by_org_type": "NGO"},
        ).status_code
        == 404
    )
    assert case.code not in client.get("/cases/").content.decode()


def test_register_form_shows_field_errors(case_manager, client_for):
    client = client_for(case_manager)
    response = client.post("/cases/new/", {"person-gender": "Feminine"})
    assert response.status_code == 200
    assert "Enter at least a first or last name." in response.content.decode()


def test_htmx_search_returns_rows_only(case, case_manager, client_for):
    client = client_for(case_manager)
    response = client.get("/cases/", {"q": "Тестов"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert "<tr>" in body and "<html" not in body
    assert case.code in body


def test_edit_page_saves_changes(case, case_manager, client_for):
    client = client_for(case_manager)
    response = client.post(
        f"/cases/{case.pk}/edit/",
        {
            "person-first_name": "Тимур",
            "person-last_name": "Тестов",
            "person-gender": "Masculine",
            "case-country": "KZ",
            "case-identified_on": case.identified_on.isoformat(),
        },
    )
    assert response.status_code == 302
    case.person.refresh_from_db()
    assert case.person.first_name == "Тимур"


def test_researcher_sees_no_cases(org, client_for):
    from tests.fixtures import make_user

    researcher = make_user(org=org, roles=["researcher"])
    make_case(user=make_user(org=org, roles=["case_manager"]))
    client = client_for(researcher)
    page = client.get("/cases/").content.decode()
    assert "does not give access" in page


def test_error_pages_carry_no_personal_data(case, case_manager, client_for, settings):
    settings.DEBUG = False
    client = client_for(case_manager)
    body = client.get("/cases/99999/").content.decode()
    assert "Тестов" not in body
