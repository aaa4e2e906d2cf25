"""The duplicate warning at registration: service, API (409) and web form; each decision
audited; only the user's own organisation ever appears, in every answer."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from amanat.cases.duplicates import PossibleDuplicate
from amanat.cases.models import Case, Person
from amanat.cases.selectors import case_search
from amanat.privacy.models import AuditEvent
from tests.fixtures import api_client, make_case, make_org, make_user

pytestmark = pytest.mark.django_db

RAHIMOV = {
    "first_name": "Тимур",
    "last_name": "Рахимов",
    "birth_date": "1983-06-05",
    "phone": "+996555123456",
}


@pytest.fixture
def kg_worker(db):
    return make_user(org=make_org(name="Bishkek NGO", country="KG"), roles=["case_manager"])


@pytest.fixture
def kz_worker(db):
    return make_user(org=make_org(name="Almaty NGO", country="KZ"), roles=["case_manager"])


def _post(user, body):
    return api_client(user).post(
        "/api/cases", data=json.dumps(body), content_type="application/json"
    )


def test_the_service_refuses_a_possible_duplicate_and_writes_nothing(kg_worker):
    existing = make_case(user=kg_worker, person=RAHIMOV)
    persons = Person.objects.count()
    with pytest.raises(PossibleDuplicate) as warning:
        make_case(
            user=kg_worker,
            person={
                "first_name_latin": "Timur",
                "last_name_latin": "Rakhimov",
                "phone": "0555123456",
            },
            confirm_not_duplicate=False,
        )
    [candidate] = warning.value.candidates
    assert (candidate.case_id, candidate.case_code) == (existing.pk, existing.code)
    assert candidate.reasons == (
        "name_same_key",
        "name_other_script",
        "phone_same",
    )
    assert Person.objects.count() == persons
    shown = AuditEvent.objects.get(action="person.duplicate_warning_shown")
    assert shown.extra == {"case_ids": [existing.pk]}
    assert "Тимур" not in json.dumps(shown.extra) and "Rakhimov" not in json.dumps(shown.extra)


def test_api_answers_409_with_codes_and_reasons_then_201_when_confirmed(kg_worker):
    existing = make_case(user=kg_worker, person=RAHIMOV)
    body = {"first_name": "Timur", "last_name": "Rahimov", "birth_date": "1983-06-05"}
    refused = _post(kg_worker, body)
    assert refused.status_code == 409
    data = refused.json()
    assert data["code"] == "possible_duplicate"
    assert data["candidates"] == [
        {
            "case_id": existing.pk,
            "case_code": existing.code,
            "score": 1.0,
            "reasons": [
                "name_same_key",
                "name_other_script",
                "birth_date_same",
            ],
            "reason_labels": [
                "same name once spellings are folded",
                "written in the other script (Cyrillic / Latin)",
                "same birth date",
            ],
        }
    ]
    assert "Тимур" not in refused.content.decode()
    assert Case.objects.count() == 1
    created = _post(kg_worker, {**body, "confirm_not_duplicate": True})
    assert created.status_code == 201
    override = AuditEvent.objects.get(action="person.duplicate_override")
    assert override.extra == {"case_ids": [existing.pk]}
    assert override.object_id == str(Case.objects.get(code=created.json()["code"]).person_id)


def test_api_rejects_a_confirmation_that_is_not_a_boolean(kg_worker):
    response = _post(kg_worker, {"first_name": "Timur", "confirm_not_duplicate": "perhaps"})
    assert response.status_code == 422
    assert Case.objects.count() == 0


def test_another_organisations_person_never_shows_anywhere(kg_worker, kz_worker):
    """The same answers as for a name nobody has: search, registration, audit."""
    theirs = make_case(user=kz_worker, person=RAHIMOV)
    client = api_client(kg_worker)
    held = client.get("/api/cases", {"query": "Rahimov Timur"}).json()
    nobody = client.get("/api/cases", {"query": "Zzyzx Qwerty"}).json()
    assert (
        held
        == nobody
        == {
            "items": [],
            "count": 0,
            "page": 1,
            "pages": 1,
            "count_capped": False,  # added by keyset paging (ADR 0030)
            "next": None,
            "previous": None,
        }
    )
    phone = client.get("/api/cases", {"query": "0555123456"}).json()
    assert phone == nobody
    assert case_search(kg_worker, "Рахимов") == []
    created = _post(
        kg_worker, {"first_name": "Тимур", "last_name": "Рахимов", "phone": "0555123456"}
    )
    assert created.status_code == 201  # no 409: the other organisation's person is not a match
    assert not AuditEvent.objects.filter(action="person.duplicate_warning_shown").exists()
    # And within its own organisation the warning lists only that organisation's case.
    again = _post(kg_worker, {"first_name": "Тимур", "last_name": "Рахимов"})
    assert again.status_code == 409
    codes = [c["case_code"] for c in again.json()["candidates"]]
    assert theirs.code not in codes and len(codes) == 1


def test_a_role_that_may_not_register_learns_nothing(kg_worker):
    make_case(user=kg_worker, person=RAHIMOV)
    viewer = make_user(org=kg_worker.organisation, roles=["researcher"])
    response = _post(viewer, {"first_name": "Тимур", "last_name": "Рахимов"})
    assert response.status_code == 404
    assert "candidates" not in response.json()


def test_the_web_form_warns_and_registers_anyway_when_told(kg_worker):
    existing = make_case(user=kg_worker, person=RAHIMOV)
    client = Client()
    client.force_login(kg_worker)
    form = {
        "person-first_name": "Тимур",
        "person-last_name": "Рахимов",
        "person-gender": "Masculine",
    }
    page = client.post("/cases/new/", form)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="possible-duplicates"' in html
    assert existing.code in html and "same name once spellings are folded" in html
    assert f"/cases/{existing.pk}/?from=duplicate-warning" in html
    assert Case.objects.count() == 1
    done = client.post("/cases/new/", {**form, "confirm_not_duplicate": "1"})
    assert done.status_code == 302
    assert Case.objects.count() == 2
    assert AuditEvent.objects.filter(action="person.duplicate_override").count() == 1
    opened = client.get(f"/cases/{existing.pk}/?from=duplicate-warning")
    assert opened.status_code == 200
    view = AuditEvent.objects.filter(action="case.view", object_id=str(existing.pk)).last()
    assert view.purpose == "duplicate warning: existing case opened"


def test_the_web_form_shows_the_warning_in_russian(kg_worker):
    make_case(user=kg_worker, person=RAHIMOV)
    client = Client(headers={"Accept-Language": "ru"})
    client.force_login(kg_worker)
    page = client.post("/cases/new/", {"person-first_name": "Тимур", "person-last_name": "Рахимов"})
    html = page.content.decode()
    assert "Возможно, этот человек уже зарегистрирован" in html
