"""Schemathesis over the OpenAPI document, in process (WSGI, no network): a few hundred generated
requests per role, valid and invalid, and not one may answer 5xx (`not_a_server_error`).

Deterministic (`derandomize`) so a failure reproduces; `AMANAT_SCHEMATHESIS_EXAMPLES` raises the
number of cases per operation for a longer local run.
"""

from __future__ import annotations

import contextlib
import functools
import os

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.generation import GenerationMode

from amanat.accounts.services import api_token_issue
from amanat.api import api
from amanat.wsgi import application
from tests.fixtures import make_case, make_org, make_user

ROLES = [
    "case_manager",
    "service_provider",
    "law_enforcement",
    "nrm_coordinator",
    "researcher",
    "administrator",
]
# Per operation and role, half valid and half invalid: about 130 operations x 3 = ~400 cases.
EXAMPLES = int(os.environ.get("AMANAT_SCHEMATHESIS_EXAMPLES", "3"))


def _schema():
    schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
    schema.app = application  # calls go through the WSGI application, in this process
    # Invalid inputs, not a missing token: every case is sent with the role's token.
    schema.config.generation.update(with_security_parameters=False)
    return schema


@contextlib.contextmanager
def _keep_test_connection():
    """Django's test Client does the same: the WSGI handler's request signals would otherwise
    close the connection that holds the test's transaction."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def _generate(operation, mode) -> list:
    drawn: list = []

    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def collect(case):
        drawn.append(case)

    try:
        collect()
    except Unsatisfiable:
        # Nothing in this operation can be made invalid (e.g. no parameters and no body).
        assert mode == GenerationMode.NEGATIVE, operation.label
    return drawn


@functools.cache
def _cases() -> tuple:
    """Generated once and replayed for every role: generation costs more than the calls."""
    cases = []
    for result in _schema().get_all_operations():
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            cases.extend(_generate(result.ok(), mode))
    return tuple(cases)


def _server_errors(cases, token: str) -> list:
    """Send each case with the token; the cases answered 5xx (or raising in the app)."""
    failures = []
    with _keep_test_connection():
        for case in cases:
            try:
                response = case.call(headers={"Authorization": f"Bearer {token}"})
                case.validate_response(response, checks=[not_a_server_error])
            except (AssertionError, FailureGroup, Exception) as error:  # noqa: B014
                failures.append((case.method, case.formatted_path, type(error).__name__))
    return failures


def _world(role: str) -> str:
    org = make_org(name="Fuzz NGO", country="KZ", region="KZ-75")
    owner = make_user(org=org, roles=["case_manager"])
    make_case(user=owner)
    user = owner if role == "case_manager" else make_user(org=org, roles=[role])
    return api_token_issue(user=user)


@pytest.mark.parametrize("role", ROLES)
def test_no_generated_request_answers_5xx(db, role):
    cases = _cases()
    assert len(cases) >= 300
    assert _server_errors(cases, _world(role)) == []


def test_the_sweep_reports_a_server_error(db, monkeypatch):
    """The harness itself: a handler that crashes is reported, not swallowed."""

    def crash(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("amanat.referrals.selectors.notifications_for", crash)
    cases = [c for c in _cases() if c.path == "/api/referrals/notifications"]
    assert cases
    failures = _server_errors(cases, _world("case_manager"))
    # Every case that reaches the handler (an invalid `unread` is a 422 before it) is reported.
    assert 3 <= len(failures) <= len(cases)
    assert set(failures) == {("GET", "/api/referrals/notifications", "FailureGroup")}
