from __future__ import annotations

import datetime as dt
import json

import pyotp
import pytest
from django.test import Client
from django.utils import timezone

from amanat.accounts.middleware import IDLE_KEY
from amanat.accounts.models import LoginThrottle, User
from amanat.accounts.services import user_create
from amanat.errors import ValidationError
from amanat.privacy.models import AuditEvent
from tests.fixtures import PASSWORD, make_user


def _web_login(client: Client, username: str, password: str = PASSWORD):
    return client.post("/accounts/login/", {"username": username, "password": password})


@pytest.mark.parametrize("password", ["short-1", "password1234", "123456789012345"])
def test_password_rules_reject_weak_passwords(org, password):
    with pytest.raises(ValidationError) as error:
        user_create(
            actor=None, username="weak", organisation=org, roles=["case_manager"], password=password
        )
    assert error.value.field == "password"
    assert not User.objects.filter(username="weak").exists()


def test_login_works_and_lands_on_the_dashboard(case_manager):
    client = Client()
    response = _web_login(client, "cm")
    assert response.status_code == 302
    assert client.get("/cases/").status_code == 200
    assert AuditEvent.objects.filter(action="login.success", actor_id=case_manager.pk).count() == 1


def test_a_guesser_is_stopped_after_repeated_failures(case_manager, settings):
    settings.AMANAT_LOGIN_PAIR_LIMIT = 3
    client = Client()
    for _ in range(3):
        response = _web_login(client, "cm", "wrong-password-xx")
        assert response.status_code == 200
        assert b"Invalid username, password or one-time code" in response.content
    # From the same address even the right password is not checked while the wait runs.
    response = _web_login(client, "cm")
    assert response.status_code == 200
    assert b"Too many failed attempts" in response.content
    api = Client().post(
        "/api/auth/token",
        data=json.dumps({"username": "cm", "password": PASSWORD}),
        content_type="application/json",
    )
    assert api.status_code == 429
    assert int(api["Retry-After"]) == settings.AMANAT_LOGIN_BACKOFF_SECONDS
    assert not AuditEvent.objects.filter(action="login.success").exists()
    # After the wait the right password works again: failures never lock the account.
    LoginThrottle.objects.update(blocked_until=timezone.now() - dt.timedelta(seconds=1))
    assert _web_login(client, "cm").status_code == 302


def test_unknown_username_gives_the_same_answer(db):
    response = _web_login(Client(), "nobody-here")
    assert response.status_code == 200
    assert b"Invalid username, password or one-time code" in response.content


def test_administrators_must_enrol_totp_before_they_get_in(org):
    make_user(org=org, roles=["administrator"], username="root1")
    client = Client()
    response = _web_login(client, "root1")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/otp/setup/"
    # Not logged in yet: protected pages still redirect to login.
    assert client.get("/cases/").status_code == 302
    setup = client.get("/accounts/login/otp/setup/")
    assert b"<svg" in setup.content
    user = User.objects.get(username="root1")
    assert user.totp_secret and not user.totp_confirmed
    bad = client.post("/accounts/login/otp/setup/", {"code": "000000"})
    assert bad.status_code == 200
    good = client.post("/accounts/login/otp/setup/", {"code": pyotp.TOTP(user.totp_secret).now()})
    assert good.status_code == 302
    user.refresh_from_db()
    assert user.totp_confirmed
    assert client.get("/cases/").status_code == 200


def test_enrolled_user_needs_the_code_every_time(org):
    user = make_user(org=org, roles=["case_manager", "administrator"], username="root2")
    secret = pyotp.random_base32()
    User.objects.filter(pk=user.pk).update(totp_secret=secret, totp_confirmed=True)
    user.refresh_from_db()
    client = Client()
    # The code is asked with the password: without it, or wrong, the answer is the same as for a
    # wrong password.
    assert _web_login(client, "root2").status_code == 200
    wrong = client.post(
        "/accounts/login/", {"username": "root2", "password": PASSWORD, "code": "123456"}
    )
    assert wrong.status_code == 200
    assert b"Invalid username, password or one-time code" in wrong.content
    assert client.get("/cases/").status_code == 302
    good = client.post(
        "/accounts/login/",
        {"username": "root2", "password": PASSWORD, "code": pyotp.TOTP(secret).now()},
    )
    assert good.status_code == 302
    assert client.get("/cases/").status_code == 200
    User.objects.filter(pk=user.pk).update(totp_last_step=None)  # the web login used this step
    # The API asks for the code too.
    body = {"username": "root2", "password": PASSWORD}
    assert (
        Client()
        .post("/api/auth/token", data=json.dumps(body), content_type="application/json")
        .status_code
        == 401
    )
    body["otp"] = pyotp.TOTP(user.totp_secret).now()
    assert (
        Client()
        .post("/api/auth/token", data=json.dumps(body), content_type="application/json")
        .status_code
        == 200
    )


def test_idle_sessions_expire(case_manager, settings):
    settings.AMANAT_SESSION_IDLE_MINUTES = 30
    client = Client()
    _web_login(client, "cm")
    assert client.get("/cases/").status_code == 200
    session = client.session
    session[IDLE_KEY] = int(timezone.now().timestamp()) - 31 * 60
    session.save()
    response = client.get("/cases/")
    assert response.status_code == 302
    assert "expired=1" in response["Location"]
    assert client.get("/cases/").status_code == 302


def test_api_token_flow_and_expiry(case_manager):
    response = Client().post(
        "/api/auth/token",
        data=json.dumps({"username": "cm", "password": PASSWORD}),
        content_type="application/json",
    )
    assert response.status_code == 200
    token = response.json()["token"]
    client = Client(headers={"Authorization": f"Bearer {token}"})
    assert client.get("/api/cases").status_code == 200
    from amanat.accounts.models import ApiToken

    assert not ApiToken.objects.filter(token_hash=token).exists()  # only the hash is stored
    ApiToken.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert client.get("/api/cases").status_code == 401


def test_healthz_needs_no_login(db):
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_openapi_docs_are_served(db):
    assert Client().get("/api/docs").status_code == 200
    schema = Client().get("/api/openapi.json").json()
    assert "/api/cases" in schema["paths"]
    assert "/api/auth/token" in schema["paths"]
