"""The idle mark is not rewritten on every request (issue 13: per-request costs, ADR 0041)."""

from __future__ import annotations

import time

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from amanat.accounts.middleware import IDLE_KEY, IDLE_WRITE_SECONDS
from tests.fixtures import PASSWORD


def _session_writes(client: Client, path: str = "/cases/") -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return sum(
        1
        for q in queries.captured_queries
        if "django_session" in q["sql"]
        and q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT"))
    )


def _logged_in(case_manager) -> Client:
    client = Client()
    client.post("/accounts/login/", {"username": "cm", "password": PASSWORD})
    return client


def test_a_page_soon_after_the_last_does_not_write_the_session(case_manager):
    client = _logged_in(case_manager)
    client.get("/cases/")  # sets the mark if the login did not
    mark = client.session[IDLE_KEY]
    assert _session_writes(client) == 0
    assert _session_writes(client) == 0
    assert client.session[IDLE_KEY] == mark


def test_the_mark_moves_once_it_is_a_minute_old(case_manager):
    client = _logged_in(case_manager)
    session = client.session
    old = int(time.time()) - IDLE_WRITE_SECONDS - 1
    session[IDLE_KEY] = old
    session.save()
    assert _session_writes(client) == 1
    assert client.session[IDLE_KEY] >= old + IDLE_WRITE_SECONDS + 1


def test_a_session_without_a_mark_gets_one(case_manager):
    client = _logged_in(case_manager)
    session = client.session
    session.pop(IDLE_KEY, None)
    session.save()
    assert _session_writes(client) == 1
    assert abs(client.session[IDLE_KEY] - time.time()) < 5


def test_an_idle_session_still_ends_and_a_fresh_mark_does_not(case_manager, settings):
    settings.AMANAT_SESSION_IDLE_MINUTES = 30
    client = _logged_in(case_manager)
    session = client.session
    session[IDLE_KEY] = int(time.time()) - 29 * 60  # idle 29 minutes: still in
    session.save()
    assert client.get("/cases/").status_code == 200
    session = client.session
    session[IDLE_KEY] = int(time.time()) - 31 * 60
    session.save()
    response = client.get("/cases/")
    assert response.status_code == 302 and "expired=1" in response["Location"]
