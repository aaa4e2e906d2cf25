"""The screening API: guides, assessments of a case; access matrix; malformed input."""

from __future__ import annotations

import argparse
import json

import pytest
from django.db.models import Q

from amanat.accounts.roles import ROLE_PERMISSIONS, Perm, Role
from amanat.cases.access import _visibility_extenders, register_visibility_extender
from amanat.privacy.models import AuditEvent
from amanat.screening import services
from amanat.screening.cli import handle_guides_show
from amanat.screening.models import Assessment
from tests.fixtures import api_client, make_case, make_org, make_user

INTERVIEW = "identification-interview"


def _json(client, method, path, body=None):
    kwargs = (
        {"content_type": "application/json", "data": json.dumps(body)} if body is not None else {}
    )
    return getattr(client, method)(path, **kwargs)


@pytest.fixture
def world(db):
    home = make_org(name="Home", country="KZ")
    away = make_org(name="Away", country="TJ")
    owner = make_user(org=home, roles=["case_manager"])
    case = make_case(user=owner)
    draft = services.assessment_start(
        user=owner, case_id=case.pk, guide_id=INTERVIEW, language="ru"
    )
    return {"home": home, "away": away, "owner": owner, "case": case, "draft": draft}


def test_guides_list_and_show_equal_the_cli(world, capsys):
    client = api_client(world["owner"])
    listed = client.get("/api/guides").json()
    assert [g["id"] for g in listed] == [
        "ilo-delphi-labour-adult",
        "ilo-delphi-labour-child",
        "ilo-forced-labour",
        "iom-vulnerability",
        INTERVIEW,
    ]
    shown = client.get("/api/guides/ilo-delphi-labour-adult").json()
    # What `amanat guides show ilo-delphi-labour-adult --format json` prints (its handler).
    args = argparse.Namespace(guide_id="ilo-delphi-labour-adult", format="json", language="en")
    assert handle_guides_show(args) == 0
    assert shown == json.loads(capsys.readouterr().out)
    first = shown["indicators"][0]
    assert (first["id"], first["dimension"], first["grade"]) == ("d1.nature_of_job", 1, "strong")
    assert {"en", "ru"} <= set(first["label"])  # kk, ky, tg, uz join from overlays
    assert client.get("/api/guides/nope").status_code == 404


def test_create_patch_complete_and_read(world):
    client = api_client(world["owner"])
    case = world["case"]
    response = _json(
        client,
        "post",
        f"/api/cases/{case.pk}/assessments",
        {
            "guide": INTERVIEW,
            "language": "en",
            "answers": {"answers": {"consent_interview": "yes"}},
        },
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert (created["status"], created["answers"], created["result"]) == (
        "draft",
        {"consent_interview": "yes"},
        None,
    )
    url = f"/api/cases/{case.pk}/assessments/{created['id']}"
    patched = _json(
        client,
        "patch",
        url,
        {
            "answers": {
                "age": 15,
                "recruited": "yes",
                "worked": "yes",
                "no_school": "yes",
                "hazardous_work": "yes",
                "excessive_hours": "yes",
            },
            "section": "work",
        },
    ).json()
    assert patched["answers"]["no_school"] == "yes" and patched["current_section"] == "work"
    done = client.post(url + "/complete").json()
    assert done["status"] == "completed" and done["presumed_victim"] is True
    assert done["result"]["conclusion"]["presumed_victim"] is True
    assert done["result"]["disclaimer"].startswith("This result is an operational indicator")
    listed = client.get(f"/api/cases/{case.pk}/assessments").json()
    assert [a["id"] for a in listed] == [world["draft"].pk, created["id"]]
    assert "answers" not in listed[0] and "result" not in listed[0]
    assert client.get(url).json()["result"] == done["result"]
    conflict = _json(client, "patch", url, {"answers": {"age": 16}})
    assert conflict.status_code == 409 and conflict.json()["code"] == "conflict"
    assert client.post(url + "/complete").status_code == 409


def test_reading_answers_is_audited_but_listing_is_not_a_read_of_answers(world):
    client = api_client(world["owner"])
    case, draft = world["case"], world["draft"]
    before = AuditEvent.objects.filter(action="assessment.view").count()
    client.get(f"/api/cases/{case.pk}/assessments")
    assert AuditEvent.objects.filter(action="assessment.view").count() == before
    client.get(f"/api/cases/{case.pk}/assessments/{draft.pk}")
    event = AuditEvent.objects.filter(action="assessment.view").latest("seq")
    assert (event.object_id, event.fields, event.actor_id) == (
        str(draft.pk),
        ["answers"],
        world["owner"].pk,
    )


def _endpoints(case_id: int, aid: int) -> list[tuple[str, str, dict | None, str]]:
    base = f"/api/cases/{case_id}/assessments"
    return [
        ("get", base, None, "read"),
        ("post", base, {"guide": INTERVIEW, "language": "ru"}, "write"),
        ("get", f"{base}/{aid}", None, "read"),
        ("patch", f"{base}/{aid}", {"answers": {"consent_interview": "yes"}}, "write"),
        ("post", f"{base}/{aid}/complete", None, "write"),
    ]


def _allowed(role: str, need: str) -> bool:
    perms = ROLE_PERMISSIONS[role]
    if Perm.CASE_VIEW not in perms:
        return False
    return need == "read" or Perm.CASE_UPDATE in perms or Perm.CASE_CREATE in perms


@pytest.mark.parametrize("role", list(Role.values))
@pytest.mark.parametrize("side", ["own", "other"])
def test_assessment_endpoints_matrix(world, role, side):
    org = world["home"] if side == "own" else world["away"]
    client = api_client(make_user(org=org, roles=[role]))
    case = world["case"]
    # A fresh draft per role, so completing it in one row does not affect the next.
    draft = services.assessment_start(
        user=world["owner"], case_id=case.pk, guide_id=INTERVIEW, language="ru"
    )
    for method, path, body, need in _endpoints(case.pk, draft.pk):
        response = _json(client, method, path, body)
        missing_case = _json(client, method, path.replace(f"/{case.pk}/", "/999999/", 1), body)
        assert missing_case.status_code == 404, (role, side, path)
        if side == "own" and _allowed(role, need):
            assert response.status_code in (200, 201), (role, side, method, path, response.content)
        else:
            assert response.status_code == 404, (role, side, method, path, response.content)
            assert response.json() == missing_case.json()
    if side == "other" or not _allowed(role, "write"):
        assert Assessment.objects.get(pk=draft.pk).answers == {"answers": {}}


def test_organisation_seeing_a_case_through_a_referral_does_not_see_the_interview(world):
    """Visibility extenders (e.g. an active referral) open a case, never its answers."""
    away = world["away"]

    def extender(user):
        return Q(pk=world["case"].pk) if user.organisation_id == away.pk else None

    register_visibility_extender(extender)
    try:
        provider = make_user(org=away, roles=["case_manager"])
        client = api_client(provider)
        case, draft = world["case"], world["draft"]
        assert client.get(f"/api/cases/{case.pk}").status_code == 200  # the case: yes
        assert client.get(f"/api/cases/{case.pk}/assessments").status_code == 404
        assert client.get(f"/api/cases/{case.pk}/assessments/{draft.pk}").status_code == 404
        assert (
            _json(
                client,
                "post",
                f"/api/cases/{case.pk}/assessments",
                {"guide": INTERVIEW, "language": "ru"},
            ).status_code
            == 404
        )
    finally:
        _visibility_extenders.remove(extender)


MALFORMED = [
    ("post", "/api/cases/{id}/assessments", "not json"),
    ("post", "/api/cases/{id}/assessments", json.dumps([])),
    ("post", "/api/cases/{id}/assessments", json.dumps({})),
    ("post", "/api/cases/{id}/assessments", json.dumps({"guide": 5})),
    ("post", "/api/cases/{id}/assessments", json.dumps({"guide": "nope"})),
    ("post", "/api/cases/{id}/assessments", json.dumps({"guide": INTERVIEW, "language": "xx"})),
    ("post", "/api/cases/{id}/assessments", json.dumps({"guide": INTERVIEW, "extra": 1})),
    ("post", "/api/cases/{id}/assessments", json.dumps({"guide": INTERVIEW, "answers": [1]})),
    (
        "post",
        "/api/cases/{id}/assessments",
        json.dumps({"guide": INTERVIEW, "answers": {"answers": "yes"}}),
    ),
    (
        "post",
        "/api/cases/{id}/assessments",
        json.dumps({"guide": INTERVIEW, "answers": {"bogus": {}}}),
    ),
    ("post", "/api/cases/{id}/assessments", json.dumps({"guide": INTERVIEW, "copy_from": 999})),
    ("post", "/api/cases/{id}/assessments", json.dumps({"guide": INTERVIEW, "copy_from": "x"})),
    ("patch", "/api/cases/{id}/assessments/{aid}", "{"),
    ("patch", "/api/cases/{id}/assessments/{aid}", json.dumps({"answers": [1, 2]})),
    ("patch", "/api/cases/{id}/assessments/{aid}", json.dumps({"answers": {"age": "old"}})),
    ("patch", "/api/cases/{id}/assessments/{aid}", json.dumps({"answers": {"age": True}})),
    ("patch", "/api/cases/{id}/assessments/{aid}", json.dumps({"answers": {"age": {"a": 1}}})),
    ("patch", "/api/cases/{id}/assessments/{aid}", json.dumps({"answers": {"gender": ["x"]}})),
    ("patch", "/api/cases/{id}/assessments/{aid}", json.dumps({"answers": {"unknown_q": 1}})),
    (
        "patch",
        "/api/cases/{id}/assessments/{aid}",
        json.dumps({"answers": {"departure_date": "2024-13-45"}}),
    ),
    ("patch", "/api/cases/{id}/assessments/{aid}", json.dumps({"present": "d1.nature_of_job"})),
    ("patch", "/api/cases/{id}/assessments/{aid}", json.dumps({"present": ["nope"]})),
    ("patch", "/api/cases/{id}/assessments/{aid}", json.dumps({"facts": {"age": "x"}})),
    ("patch", "/api/cases/{id}/assessments/{aid}", json.dumps({"section": "nowhere"})),
    ("patch", "/api/cases/{id}/assessments/{aid}", json.dumps({"status": "completed"})),
    ("get", "/api/cases/{id}/assessments/abc", None),
    ("get", "/api/cases/{id}/assessments/-1", None),
    ("get", "/api/cases/{id}/assessments/99999999999999999999999", None),
    ("post", "/api/cases/{id}/assessments/abc/complete", None),
    ("get", "/api/cases/abc/assessments", None),
]


@pytest.mark.parametrize(("method", "path", "body"), MALFORMED)
def test_malformed_input_is_a_4xx_never_a_500(world, method, path, body):
    client = api_client(world["owner"])
    path = path.replace("{id}", str(world["case"].pk)).replace("{aid}", str(world["draft"].pk))
    kwargs = {"data": body, "content_type": "application/json"} if body is not None else {}
    response = getattr(client, method)(path, **kwargs)
    assert 400 <= response.status_code < 500, (path, body, response.status_code, response.content)
    assert "detail" in response.json()
    assert Assessment.objects.get(pk=world["draft"].pk).answers == {"answers": {}}


def test_field_level_errors_name_the_answer(world):
    client = api_client(world["owner"])
    url = f"/api/cases/{world['case'].pk}/assessments/{world['draft'].pk}"
    response = _json(client, "patch", url, {"answers": {"consent_interview": "yes", "age": 500}})
    assert response.status_code == 422
    assert response.json()["field"] == "answers.age"
    assert "outside 0..120" in response.json()["detail"]
    response = _json(
        client, "post", f"/api/cases/{world['case'].pk}/assessments", {"guide": "nope"}
    )
    assert (response.status_code, response.json()["field"]) == (422, "guide")
