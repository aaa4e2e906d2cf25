"""No per-process state that changes an answer (issue 13, ADR 0022): what a server process keeps
in memory is either pure code configuration or checked against the database or the key file."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client

from amanat.config.keyfile import write_keyfile
from amanat.platform import cli as platform_cli
from amanat.privacy import crypto
from amanat.referrals.selectors import matching
from tests.fixtures import make_case


def test_sessions_live_in_the_database_so_any_server_process_reads_them(case_manager):
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
    client = Client()
    client.force_login(case_manager)
    assert Session.objects.count() == 1
    other = Client()  # another process: nothing shared but the cookie and the database
    other.cookies = client.cookies
    assert other.get("/cases/").status_code == 200


def test_a_key_file_rotated_by_another_process_is_read_within_a_second(db, monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr(crypto.time, "monotonic", lambda: clock[0])
    crypto.reset_key_cache()
    keys = crypto.keyset()
    original = list(keys.data_keys)
    try:
        # Another process (`amanat keys rotate`) writes a new primary key to the file.
        rotated = type(keys)(**{**keys.__dict__, "data_keys": ["A" * 43 + "=", *original]})
        write_keyfile(rotated, keys.path)
        clock[0] += 0.5
        assert crypto.keyset().data_keys == original  # looked at no more than once a second
        clock[0] += 0.6
        assert crypto.keyset().data_keys == ["A" * 43 + "=", *original]
        assert len(crypto._multifernet()._fernets) == 2
    finally:
        write_keyfile(keys, keys.path)
        crypto.reset_key_cache()


def test_an_unchanged_key_file_is_not_read_again(db, monkeypatch):
    clock = [5000.0]
    monkeypatch.setattr(crypto.time, "monotonic", lambda: clock[0])
    crypto.reset_key_cache()
    first = crypto.keyset()
    clock[0] += 10
    assert crypto.keyset() is first


def test_response_medians_follow_the_database_not_a_timer(db):
    # A process that cached medians under another version does not answer from them.
    matching._medians_cache["medians"] = (("another version",), {999: 1.0})
    assert matching._response_medians() == {}
    version = matching._medians_cache["medians"][0]
    assert version != ("another version",)
    assert matching._response_medians() == {}
    assert matching._medians_cache["medians"][0] == version


def test_the_prefork_server_keeps_no_statistics_thread(monkeypatch):
    calls = []
    monkeypatch.setattr(platform_cli, "_keep_statistics_warm", lambda: calls.append("warm"))
    from amanat.platform import prefork

    monkeypatch.setattr(prefork, "gunicorn_available", lambda: True)
    monkeypatch.setattr(
        prefork, "serve_prefork", lambda host, port, **kw: calls.append(("prefork", kw)) or 0
    )
    assert platform_cli._serve("127.0.0.1", 8000, 4, workers=3) == 0
    assert calls == [("prefork", {"workers": 3, "threads": 4})]


def test_prefork_processes_take_one_request_at_a_time_by_default(monkeypatch):
    """ADR 0043: without --threads a pre-forked process is gunicorn's sync worker."""
    calls = []
    from amanat.platform import prefork

    monkeypatch.setattr(prefork, "gunicorn_available", lambda: True)
    monkeypatch.setattr(prefork, "serve_prefork", lambda host, port, **kw: calls.append(kw) or 0)
    assert platform_cli._serve("127.0.0.1", 8000, None, workers=2) == 0
    assert calls == [{"workers": 2, "threads": 1}]


@pytest.mark.django_db
def test_the_case_page_works_with_a_fresh_key_cache(case_manager):
    case = make_case(user=case_manager, person={"first_name": "Ботир"})
    crypto.reset_key_cache()
    client = Client()
    client.force_login(case_manager)
    assert "Ботир" in client.get(f"/cases/{case.pk}/").content.decode()


def test_without_a_replica_statistics_read_the_primary(monkeypatch):
    from types import SimpleNamespace

    from amanat.core import dbrouter
    from amanat.core.dbrouter import PrimaryRouter, read_alias

    assert read_alias() == "default"
    replicated = SimpleNamespace(DATABASES={"default": {}, "replica": {}})
    monkeypatch.setattr(dbrouter, "settings", replicated)
    assert read_alias() == "replica"
    router = PrimaryRouter()
    assert router.db_for_read(None) == "default"  # nothing goes to the replica implicitly
    assert (router.allow_migrate("default", "cases"), router.allow_migrate("replica", "cases")) == (
        True,
        False,
    )
