"""Every API operation in the OpenAPI document, called with malformed path values, query
parameters and bodies, answers 4xx (or 2xx), never 5xx; a value that only looks like an id
(another script's digits, a sign, spaces) never reaches an object."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.test import Client

from tests.fixtures import api_client, make_case, make_org, make_user

PATH_VALUES = ["abc", "-1", "0", "999999999999999999999", "9223372036854775808", "1"]
BODIES = [
    "",
    "null",
    "[]",
    "{}",
    '{"x": 1}',
    "garbage",
    '"text"',
    '{"name": 1, "purpose": []}',
    "5",
    "1e999",
    "[1, 2, 3]",
    '{"ids": ["¹", "٣"], "id": "٣", "case_id": "+1", "organisation_id": 99999999999999999999}',
    "[" * 200 + "]" * 200,
    '{"a": "\\u0000"}',
]
QUERY = {"query": "x", "page": "abc", "status": "zz", "box": "bad", "country": "QQ", "limit": "-5"}


def lookalikes(pk: int) -> list[str]:
    """Spellings of `pk` that int() or str.isdigit() accept but that are not ASCII ids."""
    digits = [int(d) for d in str(pk)]
    return [
        "".join(chr(0x0660 + d) for d in digits),  # Arabic-Indic: ٣
        "".join(chr(0xFF10 + d) for d in digits),  # full-width: ５
        "".join(chr(0x0E50 + d) for d in digits),  # Thai: ๓
        "¹",  # superscript: isdigit() but not int()
        "²",
        f"+{pk}",
        f" {pk}",
        f"{pk} ",
        f"{pk}\n",
        f"-{pk}",
        f"{pk}_0",
        "１٣",
    ]


@pytest.mark.parametrize("role", ["case_manager", "service_provider", "researcher", "trainer"])
def test_no_operation_answers_5xx_to_malformed_input(db, role):
    org = make_org(name="Robust NGO", country="KZ")
    owner = make_user(org=org, roles=["case_manager"])
    case = make_case(user=owner)
    client = api_client(owner if role == "case_manager" else make_user(org=org, roles=[role]))
    schema = Client().get("/api/openapi.json").json()
    not_ids = lookalikes(case.pk)
    failures = []
    reached = []
    for path, operations in schema["paths"].items():
        names = [part.strip("{}") for part in path.split("/") if part.startswith("{")]
        for method in operations:
            values = [*PATH_VALUES, *not_ids] if names else ["-"]
            for value in values:
                concrete = path
                for name in names:
                    concrete = concrete.replace("{" + name + "}", quote(value, safe=""))
                bodies = BODIES if value in ("1", "-") else ["{}"]
                for body in bodies if method in ("post", "patch", "put") else [None]:
                    if body is None:
                        response = getattr(client, method)(concrete, QUERY)
                    else:
                        response = getattr(client, method)(
                            concrete, data=body, content_type="application/json"
                        )
                    if response.status_code >= 500:
                        failures.append((method, concrete, body, response.status_code))
                    if value in not_ids and response.status_code < 400:
                        reached.append((method, concrete, response.status_code))
    assert failures == []
    assert reached == []


@pytest.mark.parametrize("index", range(len(lookalikes(3))))
def test_a_lookalike_id_is_not_found_not_the_case_it_resembles(db, index):
    owner = make_user(org=make_org(name="Lookalike NGO"), roles=["case_manager"])
    case = make_case(user=owner)
    client = api_client(owner)
    spelled = lookalikes(case.pk)[index]
    assert client.get(f"/api/cases/{case.pk}").status_code == 200
    response = client.get("/api/cases/" + quote(spelled, safe=""))
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found.", "code": "not_found"}
