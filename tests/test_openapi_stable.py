"""The API only grows: every operation and schema of the recorded document is still there, unchanged.

`tests/openapi_snapshot.json` is the document as it stood before the renovation (issue 11). A new
endpoint or schema is an addition and passes; a changed path, parameter, body, response, operation
id or schema fails. When a change is intended (a breaking API version), regenerate the snapshot:
    python -c "import django, json; django.setup(); from amanat.api import api; \
print(json.dumps(api.get_openapi_schema(), sort_keys=True, indent=1))" > tests/openapi_snapshot.json
"""

from __future__ import annotations

import json
from pathlib import Path

from amanat.api import api

SNAPSHOT = Path(__file__).with_name("openapi_snapshot.json")


def _current() -> dict:
    # Round-trip through JSON so both sides have the same types (tuples become lists).
    return json.loads(json.dumps(api.get_openapi_schema(), sort_keys=True))


def test_every_recorded_operation_is_unchanged():
    recorded, current = json.loads(SNAPSHOT.read_text(encoding="utf-8")), _current()
    changed = [
        f"{method.upper()} {path}"
        for path, operations in recorded["paths"].items()
        for method, operation in operations.items()
        if current["paths"].get(path, {}).get(method) != operation
    ]
    assert changed == []


def test_every_recorded_schema_is_unchanged():
    recorded, current = json.loads(SNAPSHOT.read_text(encoding="utf-8")), _current()
    schemas = current.get("components", {}).get("schemas", {})
    changed = [
        name
        for name, schema in recorded.get("components", {}).get("schemas", {}).items()
        if schemas.get(name) != schema
    ]
    assert changed == []


def test_operation_ids_keep_the_app_module_form_when_an_api_is_a_package():
    ids = {
        operation["operationId"]
        for operations in _current()["paths"].values()
        for operation in operations.values()
    }
    assert "amanat_referrals_api_referral_detail" in ids
    assert all(i.startswith("amanat_") and "_api_" in i for i in ids)
