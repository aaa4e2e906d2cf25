"""API under /api/cases/{id}/...: every role x own/other organisation x endpoint; another
organisation gets exactly the 404 of a missing case; malformed input gets a 4xx naming the
field, never a 500."""

from __future__ import annotations

import json

import pytest

from amanat.accounts.roles import ROLE_PERMISSIONS, Perm, Role
from amanat.assistance import services
from amanat.assistance.models import ReintegrationAssessment, ServiceDelivery
from tests.assistance.helpers import MIXED, consent, consented_case, plan_with_action
from tests.fixtures import api_client, make_org, make_user

ROLES = list(Role.values)
pytestmark = pytest.mark.django_db


def _call(client, method, path, body=None):
    kwargs = (
        {"content_type": "application/json", "data": json.dumps(body)} if body is not None else {}
    )
    return getattr(client, method)(path, **kwargs)


@pytest.fixture
def world(db):
    home = make_org(name="Home", country="KZ")
    away = make_org(name="Away", country="TJ")
    owner = make_user(org=home, roles=["case_manager"])
    case = consented_case(owner)
    plan, action = plan_with_action(owner, case)
    services.followup_schedule_set(
        user=owner, case_id=case.pk, anchor_kind="return", anchor_date="2025-01-31"
    )
    score = services.reintegration_assessment_record(user=owner, case_id=case.pk, answers=MIXED)
    need = action.need
    return {
        "home": home,
        "away": away,
        "case": case,
        "plan": plan,
        "action": action,
        "score": score,
        "need": need,
        "owner": owner,
    }


def _endpoints(w, case_id):
    plan, action = w["plan"].pk, w["action"].pk
    assessment = w["action"].identified_need.assessment_id
    return [
        ("get", f"/api/cases/{case_id}/needs-assessments", None, Perm.CASE_VIEW),
        ("get", f"/api/cases/{case_id}/needs-assessments/{assessment}", None, Perm.CASE_VIEW),
        (
            "post",
            f"/api/cases/{case_id}/needs-assessments",
            {"answers": {"shelter": "needed"}},
            Perm.CASE_UPDATE,
        ),
        ("get", f"/api/cases/{case_id}/plans", None, Perm.CASE_VIEW),
        ("get", f"/api/cases/{case_id}/plans/{plan}", None, Perm.CASE_VIEW),
        (
            "patch",
            f"/api/cases/{case_id}/plans/{plan}",
            {"objectives": "Updated"},
            Perm.CASE_UPDATE,
        ),
        (
            "post",
            f"/api/cases/{case_id}/plans/{plan}/actions",
            {"description": "More", "responsible_organisation": w["home"].pk, "need": w["need"].pk},
            Perm.CASE_UPDATE,
        ),
        ("patch", f"/api/cases/{case_id}/actions/{action}", {"progress": 20}, Perm.CASE_UPDATE),
        ("get", f"/api/cases/{case_id}/services", None, Perm.CASE_VIEW),
        (
            "post",
            f"/api/cases/{case_id}/services",
            {"service_type": "shelter", "delivered_on": "2026-01-02"},
            Perm.CASE_UPDATE,
        ),
        ("get", f"/api/cases/{case_id}/visits", None, Perm.CASE_VIEW),
        (
            "put",
            f"/api/cases/{case_id}/followup",
            {"anchor_kind": "return", "anchor_date": "2025-01-31"},
            Perm.CASE_UPDATE,
        ),
        (
            "post",
            f"/api/cases/{case_id}/visits",
            {"visited_on": "2025-05-02", "mode": "phone", "answers": {"housing": "inadequate"}},
            Perm.CASE_UPDATE,
        ),
        ("get", f"/api/cases/{case_id}/scores", None, Perm.CASE_VIEW),
        ("get", f"/api/cases/{case_id}/scores/{w['score'].pk}", None, Perm.CASE_VIEW),
        ("post", f"/api/cases/{case_id}/scores", {"answers": MIXED}, Perm.CASE_UPDATE),
    ]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("side", ["own", "other"])
def test_assistance_endpoints(world, role, side):
    org = world["home"] if side == "own" else world["away"]
    client = api_client(make_user(org=org, roles=[role]))
    case = world["case"]
    permissions = ROLE_PERMISSIONS[role]
    for method, path, body, needed in _endpoints(world, case.pk):
        response = _call(client, method, path, body)
        missing = _call(client, method, path.replace(f"/{case.pk}/", "/999999/", 1), body)
        assert missing.status_code == 404, (role, side, path)
        if side == "own" and needed in permissions and Perm.CASE_VIEW in permissions:
            assert response.status_code in (200, 201), (role, side, method, path, response.content)
        else:
            assert response.status_code == 404, (role, side, method, path, response.content)
            assert response.json() == missing.json()


@pytest.mark.parametrize("role", ROLES)
def test_lifecycle_endpoints(role, db):
    home = make_org(name="Home", country="KZ")
    away = make_org(name="Away", country="KG")
    owner = make_user(org=home, roles=["case_manager"])
    case = consented_case(owner)
    consent(owner, case, purpose="referral", recipient_organisation_id=away.pk)
    for org in (away, home):
        client = api_client(make_user(org=org, roles=[role]))
        allowed = org == home and Perm.CASE_UPDATE in ROLE_PERMISSIONS[role]
        steps = [
            ("close", {"reason": "lost_contact", "note": "No phone"}, "Closed"),
            ("reopen", {"note": "Called back"}, "Active"),
            ("transfer", {"to_organisation": away.pk, "note": "Moving"}, "Active"),
        ]
        for action, body, status in steps:
            response = _call(client, "post", f"/api/cases/{case.pk}/{action}", body)
            missing = _call(client, "post", f"/api/cases/999999/{action}", body)
            if allowed:
                assert response.status_code == 200, response.content
                assert response.json()["status"] == status
            else:
                assert response.status_code == 404
                assert response.json() == missing.json()
        if allowed:
            assert response.json()["owner_organisation"] == {"id": away.pk, "name": "Away"}
            # Handed over: the old holder now gets 404 like for any other case.
            assert _call(client, "get", f"/api/cases/{case.pk}/plans").status_code == 404


def test_full_path_through_the_api(world):
    client = api_client(world["owner"])
    case = world["case"]
    created = _call(
        client,
        "post",
        f"/api/cases/{case.pk}/needs-assessments",
        {
            "stage": "review",
            "answers": {"debts": "urgent", "distress": "unsure"},
            "reintegration_setting": "origin",
        },
    )
    assert created.status_code == 201
    body = created.json()
    assert [(n["category"], n["service_type"], n["urgency"]) for n in body["needs"]] == [
        ("reintegration", "cash_assistance", "high")
    ]
    assert body["answers"] == {"debts": "urgent", "distress": "unsure"}
    plans = _call(client, "get", f"/api/cases/{case.pk}/plans").json()
    assert [(p["status"], p["progress"], len(p["actions"])) for p in plans] == [("active", 0, 1)]
    updated = _call(
        client, "patch", f"/api/cases/{case.pk}/actions/{world['action'].pk}", {"status": "done"}
    )
    assert (updated.json()["status"], updated.json()["progress"]) == ("done", 100)
    service = _call(
        client,
        "post",
        f"/api/cases/{case.pk}/services",
        {
            "service_type": "cash_assistance",
            "delivered_on": "2026-01-02",
            "cost": 25000,
            "currency": "KZT",
        },
    )
    assert service.status_code == 201
    assert (service.json()["cost"], service.json()["currency"]) == ("25000.00", "KZT")
    visits = _call(client, "get", f"/api/cases/{case.pk}/visits").json()
    assert [v["status"] for v in visits["visits"]][:2] == ["overdue", "overdue"]
    recorded = _call(
        client,
        "post",
        f"/api/cases/{case.pk}/visits",
        {"number": 1, "visited_on": "2025-05-02", "mode": "in_person", "answers": MIXED},
    )
    assert recorded.status_code == 201
    assert (recorded.json()["status"], recorded.json()["composite"]) == ("done", 0.4833)
    scores = _call(client, "get", f"/api/cases/{case.pk}/scores").json()
    assert [s["composite"] for s in scores] == [0.4833, 0.4833]
    assert "answers" not in scores[0]
    reminders = _call(client, "get", "/api/assistance/reminders?today=2025-08-01").json()
    assert [(r["case_code"], r["visit_number"], r["status"]) for r in reminders] == [
        (case.code, 2, "due")
    ]


@pytest.mark.parametrize(
    "method, suffix, body, status, field",
    [
        (
            "post",
            "services",
            {"service_type": "shelter", "delivered_on": "2026-13-01"},
            422,
            "delivered_on",
        ),
        ("post", "services", {"service_type": "shelter"}, 422, "delivered_on"),
        (
            "post",
            "services",
            {
                "service_type": "shelter",
                "delivered_on": "2026-01-01",
                "cost": "lots",
                "currency": "KZT",
            },
            422,
            "cost",
        ),
        (
            "post",
            "services",
            {"service_type": "shelter", "delivered_on": "2026-01-01", "action": "first"},
            422,
            "action",
        ),
        (
            "post",
            "services",
            {"service_type": ["shelter"], "delivered_on": "2026-01-01"},
            422,
            "service_type",
        ),
        ("post", "needs-assessments", {"answers": "shelter"}, 422, "answers"),
        ("post", "needs-assessments", {"answers": {"shelter": ["needed"]}}, 422, "answers.shelter"),
        ("post", "needs-assessments", {}, 422, "answers"),
        ("post", "scores", {"answers": {"housing": 5}}, 422, "answers.housing"),
        ("post", "scores", {"answers": {}}, 422, "answers"),
        (
            "put",
            "followup",
            {"anchor_kind": "return", "anchor_date": "2025-01-31", "visit_months": "3,6"},
            422,
            "visit_months",
        ),
        (
            "put",
            "followup",
            {"anchor_kind": "return", "anchor_date": "2025-01-31", "visit_months": [6, 3]},
            422,
            "visit_months",
        ),
        (
            "post",
            "visits",
            {"visited_on": "2025-05-02", "mode": "phone", "number": 99},
            422,
            "number",
        ),
        ("post", "close", {"reason": 7}, 422, "reason"),
        ("post", "close", {"reason": "lost_contact"}, 409, "plan"),
        ("post", "transfer", {"to_organisation": "here"}, 422, "to_organisation"),
        ("post", "plans", {"plan_type": "Health", "objectives": "x"}, 409, "plan"),
    ],
)
def test_malformed_input_gets_a_clear_4xx(world, method, suffix, body, status, field):
    client = api_client(world["owner"])
    before = (ServiceDelivery.objects.count(), ReintegrationAssessment.objects.count())
    response = _call(client, method, f"/api/cases/{world['case'].pk}/{suffix}", body)
    assert response.status_code == status, response.content
    data = response.json()
    fields = [data.get("field")] + [e["field"] for e in data.get("errors", [])]
    assert field in fields, data
    assert (ServiceDelivery.objects.count(), ReintegrationAssessment.objects.count()) == before


def test_not_json_and_unknown_ids_never_500(world):
    client = api_client(world["owner"])
    case = world["case"].pk
    response = client.post(
        f"/api/cases/{case}/services", data="{not json", content_type="application/json"
    )
    assert response.status_code in (400, 422)
    for path in (
        "/api/cases/abc/plans",
        f"/api/cases/{case}/plans/abc",
        f"/api/cases/{case}/scores/999999",
        f"/api/cases/{case}/needs-assessments/0",
    ):
        assert client.get(path).status_code == 404, path
    assert (
        client.patch(
            f"/api/cases/{case}/actions/abc", data="{}", content_type="application/json"
        ).status_code
        == 404
    )
    assert client.get("/api/assistance/reminders?today=yesterday").status_code == 422
    assert client.get("/api/assistance/statistics").status_code == 404


def test_statistics_for_a_coordinator(world):
    coordinator = make_user(org=world["home"], roles=["nrm_coordinator"])
    response = api_client(coordinator).get("/api/assistance/statistics")
    assert response.status_code == 200
    body = response.json()
    assert body["country"] == "KZ"
    assert body["plans_by_status"] == [
        {"key": "active", "label": "active", "cases": None, "suppressed": True}
    ]
    bad = api_client(coordinator).get(
        "/api/assistance/statistics?date_from=2026-02-01&date_to=2026-01-01"
    )
    assert (bad.status_code, bad.json()["field"]) == (422, "date_from")
