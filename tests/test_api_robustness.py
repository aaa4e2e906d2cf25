"""Every API operation in the OpenAPI document, called with malformed path values, query
parameters and bodies, answers 4xx (or 2xx), never 5xx."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.fixtures import api_client, make_case, make_org, make_user

PATH_VALUES = ["abc", "-1", "0", "999999999999999999999", "1"]
BODIES = ["", "null", "[]", "{}", '{"x": 1}', "garbage", '"text"', '{"name": 1, "purpose": []}']
QUERY = {"query": "x", "page": "abc", "status": "zz", "box": "bad", "country": "QQ", "limit": "-5"}


@pytest.mark.parametrize("role", ["case_manager", "service_provider", "researcher", "trainer"])
def test_no_operation_answers_5xx_to_malformed_input(db, role):
    org = make_org(name="Robust NGO", country="KZ")
    owner = make_user(org=org, roles=["case_manager"])
    make_case(user=owner)
    client = api_client(owner if role == "case_manager" else make_user(org=org, roles=[role]))
    schema = Client().get("/api/openapi.json").json()
    failures = []
    for path, operations in schema["paths"].items():
        names = [part.strip("{}") for part in path.split("/") if part.startswith("{")]
        for method in operations:
            for value in PATH_VALUES:
                concrete = path
                for name in names:
                    concrete = concrete.replace("{" + name + "}", value)
                if method in ("post", "patch", "put"):
                    for body in BODIES:
                        response = getattr(client, method)(
                            concrete, data=body, content_type="application/json"
                        )
                        if response.status_code >= 500:
                            failures.append((method, concrete, body, response.status_code))
                else:
                    response = getattr(client, method)(concrete, QUERY)
                    if response.status_code >= 500:
                        failures.append((method, concrete, None, response.status_code))
                if not names:
                    break
    assert failures == []
