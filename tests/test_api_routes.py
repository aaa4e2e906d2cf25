"""The API's route table: no literal path is shadowed by a parametrised one, and every JSON body
must be an object (a bare number, string or array is 422, never read as "all defaults")."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import resolve

from amanat.api import api
from amanat.training.models import Participant
from tests.fixtures import api_client, make_org, make_user
from tests.training.conftest import make_event

PLACEHOLDER = "7"


def _openapi_paths() -> list[str]:
    return list(api.get_openapi_schema()["paths"])


def _segments(path: str) -> list[str]:
    return path.strip("/").split("/")


def _is_param(segment: str) -> bool:
    return segment.startswith("{") and segment.endswith("}")


def test_no_literal_segment_is_shadowed_by_an_earlier_parametrised_route():
    """Walks the OpenAPI document in registration order (the order Django tries the patterns):
    a later path with a literal where an earlier one has a parameter is unreachable."""
    paths = _openapi_paths()
    shadowed = []
    for index, later in enumerate(paths):
        for earlier in paths[:index]:
            a, b = _segments(earlier), _segments(later)
            if len(a) != len(b):
                continue
            covers = all(x == y or _is_param(x) for x, y in zip(a, b, strict=True))
            if covers and any(_is_param(x) and not _is_param(y) for x, y in zip(a, b, strict=True)):
                shadowed.append((later, earlier))
    assert shadowed == []


def test_every_openapi_path_resolves_to_its_own_route():
    """The same property checked against Django's resolver itself."""
    wrong = []
    for path in _openapi_paths():
        concrete = re.sub(r"\{\w+\}", PLACEHOLDER, path)
        route = resolve(concrete).route
        as_openapi = "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)
        if as_openapi != path:
            wrong.append((path, as_openapi))
    assert wrong == []


def test_the_shadow_check_catches_the_participants_import_case():
    """The detector itself: the route order this module fixed would have been reported."""
    earlier = "/api/training/events/{event_id}/participants/{participant_id}"
    later = "/api/training/events/{event_id}/participants/import"
    a, b = _segments(earlier), _segments(later)
    assert all(x == y or _is_param(x) for x, y in zip(a, b, strict=True))
    assert [x for x, y in zip(a, b, strict=True) if _is_param(x) and not _is_param(y)] == [
        "{participant_id}"
    ]


@pytest.mark.django_db
def test_participants_import_through_the_api():
    org = make_org(name="Training Office", country="KZ", org_type="InternationalOrganisation")
    trainer = make_user(org=org, roles=["trainer"])
    event = make_event(trainer)
    client = api_client(trainer)
    upload = SimpleUploadedFile(
        "people.csv", "name,organisation\nАйгуль Садыкова,НПО Шанс\nBakhtiyor,Police\n".encode()
    )
    response = client.post(f"/api/training/events/{event.pk}/participants/import", {"file": upload})
    assert response.status_code == 201, response.content
    assert response.json() == {"created": 2, "codes": ["P01", "P02"]}
    assert sorted(
        Participant.objects.filter(event=event).values_list("full_name", "organisation_name")
    ) == [("Bakhtiyor", "Police"), ("Айгуль Садыкова", "НПО Шанс")]


NOT_OBJECTS = ["5", '"text"', "[]", "[1, 2]", "true", "null"]


@pytest.mark.django_db
def test_every_json_body_must_be_an_object():
    """Every operation that takes a JSON body answers 422 naming `body` to a non-object, before
    any handler runs (so nothing changes)."""
    org = make_org(name="Body NGO", country="KZ")
    user = make_user(org=org, roles=["administrator", "nrm_coordinator", "case_manager", "trainer"])
    client = api_client(user)
    schema = Client().get("/api/openapi.json").json()
    checked, wrong = 0, []
    for path, operations in schema["paths"].items():
        if path == "/api/auth/token":
            continue  # unauthenticated; checked below
        for method, operation in operations.items():
            content = operation.get("requestBody", {}).get("content", {})
            if "application/json" not in content:
                continue
            concrete = re.sub(r"\{\w+\}", PLACEHOLDER, path)
            for body in NOT_OBJECTS:
                response = getattr(client, method)(
                    concrete, data=body, content_type="application/json"
                )
                checked += 1
                if response.status_code != 422 or response.json().get("field") != "body":
                    wrong.append((method, path, body, response.status_code))
    assert checked >= 50 * len(NOT_OBJECTS)
    assert wrong == []
    response = Client().post("/api/auth/token", data="5", content_type="application/json")
    assert response.status_code == 422
    assert response.json() == {
        "detail": "Expected a JSON object.",
        "code": "invalid",
        "field": "body",
        "errors": [{"field": "body", "message": "Expected a JSON object."}],
    }
