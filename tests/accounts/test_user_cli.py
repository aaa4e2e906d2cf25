"""`amanat user lock|unlock|deactivate|reset-password` (finding 3) and password rules (finding 12)."""

from __future__ import annotations

import io
import json

import pytest
from django.test import Client

from amanat.accounts.models import ApiToken, LoginThrottle, User
from amanat.accounts.services import user_create
from amanat.accounts.tokens import api_token_issue
from amanat.cli import main as amanat
from amanat.errors import ValidationError
from amanat.privacy.models import AuditEvent
from tests.fixtures import PASSWORD


def _token_status(username: str, password: str = PASSWORD) -> int:
    body = json.dumps({"username": username, "password": password})
    return Client().post("/api/auth/token", data=body, content_type="application/json").status_code


def test_lock_refuses_the_right_password_ends_sessions_and_tokens_until_unlock(case_manager):
    session = Client()
    session.post("/accounts/login/", {"username": "cm", "password": PASSWORD})
    token = api_token_issue(user=case_manager)
    assert amanat(["user", "lock", "cm"]) == 0
    assert _token_status("cm") == 401
    assert session.get("/cases/").status_code == 302  # the open session ended
    assert Client(headers={"Authorization": f"Bearer {token}"}).get("/api/cases").status_code == 401
    assert not ApiToken.objects.filter(user=case_manager, revoked_at__isnull=True).exists()
    assert amanat(["user", "unlock", "cm"]) == 0
    assert _token_status("cm") == 200
    actions = list(
        AuditEvent.objects.filter(object_id=str(case_manager.pk)).values_list("action", flat=True)
    )
    assert "user.lock" in actions and "user.unlock" in actions


def test_unlock_forgets_failed_logins(case_manager, settings):
    settings.AMANAT_LOGIN_PAIR_LIMIT = 2
    for _ in range(2):
        _token_status("cm", "wrong-password-xx")
    assert _token_status("cm") == 429
    assert amanat(["user", "unlock", "cm"]) == 0
    assert not LoginThrottle.objects.exclude(scope="address").exists()
    assert _token_status("cm") == 200


def test_deactivate(case_manager):
    token = api_token_issue(user=case_manager)
    assert amanat(["user", "deactivate", "CM"]) == 0
    assert not User.objects.get(pk=case_manager.pk).is_active
    assert Client(headers={"Authorization": f"Bearer {token}"}).get("/api/cases").status_code == 401
    assert AuditEvent.objects.filter(action="user.deactivate", actor_id=None).count() == 1


def test_reset_password_from_stdin(case_manager, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("Another-long-secret-42\n"))
    assert amanat(["user", "reset-password", "cm", "--password-stdin"]) == 0
    assert _token_status("cm") == 401
    assert _token_status("cm", "Another-long-secret-42") == 200
    event = AuditEvent.objects.get(action="user.password_reset")
    assert event.fields == ["password"]
    assert "Another" not in json.dumps(event.extra)


def test_reset_password_generates_and_prints_one(case_manager, capsys):
    assert amanat(["user", "reset-password", "cm"]) == 0
    out = capsys.readouterr().out
    password = out.split("New password: ")[1].strip()
    assert len(password) == 23
    assert _token_status("cm", password) == 200


def test_reset_password_refuses_a_weak_one_and_changes_nothing(case_manager, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("weak3weak3weak3\n"))
    assert amanat(["user", "reset-password", "cm", "--password-stdin"]) == 2
    assert "short pattern repeated" in capsys.readouterr().err
    assert _token_status("cm") == 200
    assert not AuditEvent.objects.filter(action="user.password_reset").exists()


@pytest.mark.parametrize("command", ["lock", "unlock", "deactivate", "reset-password"])
def test_unknown_user_exits_2(db, command, capsys):
    assert amanat(["user", command, "nobody"]) == 2
    assert "No user 'nobody'" in capsys.readouterr().err


@pytest.mark.parametrize(
    "password",
    ["weak3weak3weak3", "aaaaaaaaaaaa", "abababababab", "Qwerty12Qwerty12", "1a1a1a1a1a1a2"],
)
def test_repeated_patterns_are_refused(org, password):
    with pytest.raises(ValidationError) as error:
        user_create(
            actor=None, username="weak", organisation=org, roles=["case_manager"], password=password
        )
    assert error.value.field == "password"
    assert not User.objects.filter(username="weak").exists()


def test_a_strong_password_is_accepted(org):
    user_create(
        actor=None, username="fine", organisation=org, roles=["case_manager"], password=PASSWORD
    )
    assert User.objects.filter(username="fine").exists()
