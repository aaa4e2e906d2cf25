"""Every role x own/other organisation x every case endpoint.

Roles with case access reach their own organisation's case; everybody else, and every user of
another organisation, gets exactly the 404 an unknown case gets.
"""

from __future__ import annotations

import json

import pytest

from amanat.accounts.roles import ROLE_PERMISSIONS, Perm, Role
from tests.fixtures import api_client, make_case, make_org, make_user

ROLES = list(Role.values)


def _endpoints(case_id: int) -> list[tuple[str, str, dict | None, str]]:
    """(method, path, body, permission needed on an own case)."""
    return [
        ("get", f"/api/cases/{case_id}", None, Perm.CASE_VIEW),
        ("patch", f"/api/cases/{case_id}", {"case": {"narrative": "x"}}, Perm.CASE_UPDATE),
        ("get", f"/api/cases/{case_id}/consents", None, Perm.CASE_VIEW),
        (
            "post",
            f"/api/cases/{case_id}/consents",
            {"purpose": "interview", "method": "verbal"},
            Perm.CONSENT_RECORD,
        ),
        (
            "post",
            f"/api/cases/{case_id}/trafficking-status",
            {"status": "PossibleVictimOfTrafficking", "decided_by_org_type": "NGO"},
            Perm.CASE_DECIDE_STATUS,
        ),
    ]


def _call(client, method, path, body):
    kwargs = {"content_type": "application/json", "data": json.dumps(body)} if body else {}
    return getattr(client, method)(path, **kwargs)


@pytest.fixture
def world(db):
    home = make_org(name="Home", country="KZ")
    away = make_org(name="Away", country="TJ")
    owner = make_user(org=home, roles=["case_manager"])
    case = make_case(user=owner)
    return {"home": home, "away": away, "case": case}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("side", ["own", "other"])
def test_case_endpoints(world, role, side):
    org = world["home"] if side == "own" else world["away"]
    user = make_user(org=org, roles=[role])
    client = api_client(user)
    case = world["case"]
    permissions = ROLE_PERMISSIONS[role]
    for method, path, body, needed in _endpoints(case.pk):
        response = _call(client, method, path, body)
        missing = _call(client, method, path.replace(f"/{case.pk}", "/999999", 1), body)
        assert missing.status_code == 404, (role, side, method, path)
        if side == "own" and needed in permissions and Perm.CASE_VIEW in permissions:
            assert response.status_code in (200, 201), (role, side, method, path, response.content)
        else:
            assert response.status_code == 404, (role, side, method, path, response.content)
            assert response.json() == missing.json()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("side", ["own", "other"])
def test_case_list_and_search(world, role, side):
    org = world["home"] if side == "own" else world["away"]
    client = api_client(make_user(org=org, roles=[role]))
    case = world["case"]
    listed = client.get("/api/cases")
    searched = client.get("/api/cases", {"query": case.code})
    by_name = client.get("/api/cases", {"query": "Тестов"})
    assert listed.status_code == searched.status_code == by_name.status_code == 200
    visible = side == "own" and Perm.CASE_VIEW in ROLE_PERMISSIONS[role]
    expected = [case.code] if visible else []
    assert [item["code"] for item in listed.json()["items"]] == expected
    assert [item["code"] for item in searched.json()["items"]] == expected
    assert [item["code"] for item in by_name.json()["items"]] == expected


@pytest.mark.parametrize("role", ROLES)
def test_case_create(db, role):
    org = make_org(country="KG")
    client = api_client(make_user(org=org, roles=[role]))
    response = client.post(
        "/api/cases", data=json.dumps({"first_name": "Азиз"}), content_type="application/json"
    )
    if Perm.CASE_CREATE in ROLE_PERMISSIONS[role]:
        assert response.status_code == 201
    else:
        assert response.status_code == 404


MALFORMED = [
    ("post", "/api/cases", "not json"),
    ("post", "/api/cases", json.dumps({"first_name": {"nested": 1}})),
    ("post", "/api/cases", json.dumps({"unknown_field": 1})),
    ("post", "/api/cases", json.dumps({"first_name": "A", "birth_date": "31/12/1990"})),
    ("post", "/api/cases", json.dumps({"first_name": "A", "birth_date": "2999-01-01"})),
    ("post", "/api/cases", json.dumps({"first_name": "A", "citizenship": "KZ"})),
    ("post", "/api/cases", json.dumps({"first_name": "A", "citizenship": ["XX"]})),
    ("post", "/api/cases", json.dumps({"first_name": "A", "phone": "call me"})),
    ("post", "/api/cases", json.dumps({"first_name": "A", "region": "KZ-75", "country": "TJ"})),
    ("post", "/api/cases", json.dumps([1, 2, 3])),
    ("post", "/api/cases", json.dumps({})),
    ("get", "/api/cases/abc", None),
    ("get", "/api/cases/-1", None),
    ("get", "/api/cases/99999999999999999999999", None),
    ("get", "/api/cases?page=0", None),
    ("get", "/api/cases?page=abc", None),
    ("patch", "/api/cases/{id}", json.dumps({"person": {"gender": "Robot"}})),
    ("patch", "/api/cases/{id}", json.dumps({"person": "x"})),
    ("post", "/api/cases/{id}/consents", json.dumps({"purpose": "everything", "method": "verbal"})),
    ("post", "/api/cases/{id}/consents", json.dumps({"purpose": "referral", "method": "verbal"})),
    ("post", "/api/cases/{id}/consents", json.dumps({"purpose": "interview"})),
    (
        "post",
        "/api/cases/{id}/consents",
        json.dumps({"purpose": "interview", "method": "verbal", "given_on": "tomorrow"}),
    ),
    ("post", "/api/cases/{id}/consents/abc/withdraw", json.dumps({})),
    ("post", "/api/cases/{id}/consents/12345/withdraw", json.dumps({})),
    (
        "post",
        "/api/cases/{id}/trafficking-status",
        json.dumps({"status": "Guilty", "decided_by_org_type": "NGO"}),
    ),
    ("post", "/api/auth/token", json.dumps({"username": 1})),
    ("post", "/api/auth/token", "{"),
]


@pytest.mark.parametrize(("method", "path", "body"), MALFORMED)
def test_malformed_input_is_a_4xx_never_a_500(world, method, path, body):
    owner = make_user(org=world["home"], roles=["case_manager"])
    client = api_client(owner)
    path = path.replace("{id}", str(world["case"].pk))
    kwargs = {"data": body, "content_type": "application/json"} if body is not None else {}
    response = getattr(client, method)(path, **kwargs)
    assert 400 <= response.status_code < 500, (path, body, response.status_code, response.content)
    payload = response.json()
    assert "detail" in payload


def test_field_level_message_names_the_field(world):
    client = api_client(make_user(org=world["home"], roles=["case_manager"]))
    response = client.post(
        "/api/cases",
        data=json.dumps({"first_name": "A", "gender": "Robot"}),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["field"] == "gender"
    response = client.post(
        "/api/cases",
        data=json.dumps({"first_name": "A", "birth_date": "x"}),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "birth_date"


def test_unauthenticated_api_is_401(world):
    from django.test import Client

    assert Client().get(f"/api/cases/{world['case'].pk}").status_code == 401
    assert Client().get("/api/cases", headers={"Authorization": "Bearer nope"}).status_code == 401
