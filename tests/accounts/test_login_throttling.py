"""Finding 3 and 4 of issue 10: throttling instead of lock-out, constant-cost answers, the code
counted and checked with the password, no replay of a code."""

from __future__ import annotations

import datetime as dt
import json
import threading
from concurrent.futures import ThreadPoolExecutor

import pyotp
import pytest
from django.contrib.auth import base_user
from django.db import connection
from django.test import Client, RequestFactory
from django.utils import timezone

from amanat.accounts.models import LoginThrottle, User
from amanat.accounts.throttle import client_address
from amanat.privacy.models import AuditEvent
from tests.fixtures import PASSWORD, make_user

WRONG = "wrong-password-xx"


def _token(username: str, password: str, *, address: str = "10.0.0.1", otp: str | None = None):
    body = {"username": username, "password": password}
    if otp is not None:
        body["otp"] = otp
    return Client(REMOTE_ADDR=address).post(
        "/api/auth/token", data=json.dumps(body), content_type="application/json"
    )


def _web(username: str, password: str, *, address: str = "10.0.0.1", code: str = ""):
    return Client(REMOTE_ADDR=address).post(
        "/accounts/login/", {"username": username, "password": password, "code": code}
    )


@pytest.fixture
def hash_calls(monkeypatch):
    """Counts password hashing: check_password (a real account) and make_password (the dummy hash
    for unknown names), whichever hasher is configured (the tests use a fast one)."""
    calls = {"n": 0}
    lock = threading.Lock()

    def count(original):
        def wrapper(*args, **kwargs):
            with lock:
                calls["n"] += 1
            return original(*args, **kwargs)

        return wrapper

    for name in ("check_password", "make_password"):
        monkeypatch.setattr(base_user, name, count(getattr(base_user, name)))
    return calls


@pytest.fixture
def admin_with_totp(org):
    user = make_user(org=org, roles=["administrator"], username="root")
    secret = pyotp.random_base32()
    User.objects.filter(pk=user.pk).update(totp_secret=secret, totp_confirmed=True)
    return secret


def test_guessing_from_elsewhere_never_locks_out_the_owner_at_their_usual_address(
    admin_with_totp,
):
    totp = pyotp.TOTP(admin_with_totp)
    assert _token("root", PASSWORD, otp=totp.now()).status_code == 200  # usual address, known
    User.objects.update(totp_last_step=None)
    # 100 wrong guesses from 25 other addresses: far beyond the old lock-out's 5.
    for n in range(100):
        _token("root", WRONG, address=f"192.0.2.{n % 25}")
    assert _token("root", PASSWORD, otp=totp.now()).status_code == 200
    # The distributed guesser is stopped: from a new address the account-wide budget applies.
    assert _token("root", PASSWORD, address="198.51.100.7", otp=totp.now()).status_code == 429
    assert AuditEvent.objects.filter(action="login.failure").count() < 100


def test_unknown_and_existing_names_are_throttled_and_answered_alike(case_manager, settings):
    settings.AMANAT_LOGIN_PAIR_LIMIT = 2
    answers = {}
    for name in ("cm", "ghost"):
        first = [_token(name, WRONG) for _ in range(2)]
        throttled = _token(name, WRONG)
        answers[name] = [(r.status_code, r.json()) for r in [*first, throttled]]
    assert answers["cm"] == answers["ghost"]
    assert [status for status, _ in answers["cm"]] == [401, 401, 429]


@pytest.mark.parametrize("state", ["active", "locked", "inactive", "unknown"])
def test_every_checked_attempt_costs_one_hash_whatever_the_account_state(
    case_manager, hash_calls, state
):
    if state == "locked":
        User.objects.filter(pk=case_manager.pk).update(locked_at=timezone.now())
    if state == "inactive":
        User.objects.filter(pk=case_manager.pk).update(is_active=False)
    name = "nobody" if state == "unknown" else "cm"
    response = _token(name, PASSWORD if state != "active" else WRONG)
    assert response.status_code == 401
    # One Argon2 computation each: a locked account used to answer without hashing (13-53 ms
    # against 300-450 ms), which told who exists.
    assert hash_calls["n"] == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_guesses_cannot_exceed_the_budget(hash_calls, settings):
    from tests.fixtures import make_org

    make_user(org=make_org(name="Concurrent NGO"), username="cc")
    settings.AMANAT_LOGIN_PAIR_LIMIT = 2
    settings.AMANAT_LOCKOUT_THRESHOLD = 2  # the old setting, so the test means the same on main
    hash_calls["n"] = 0

    def guess(_):
        try:
            return _token("cc", WRONG).status_code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=10) as pool:
        statuses = list(pool.map(guess, range(30)))
    assert hash_calls["n"] == 2
    assert sorted(statuses) == [401] * 2 + [429] * 28


def test_failures_expire(case_manager):
    for _ in range(4):
        assert _web("cm", WRONG).status_code == 200
    # Two hours later the four failures are forgotten: one more does not start a wait.
    earlier = timezone.now() - dt.timedelta(hours=2)
    LoginThrottle.objects.update(last_failure_at=earlier)
    assert _web("cm", WRONG).status_code == 200
    assert LoginThrottle.objects.get(scope="pair").failures == 1
    assert _web("cm", PASSWORD).status_code == 302


def test_wrong_codes_count_towards_throttling(admin_with_totp):
    for _ in range(7):
        _token("root", PASSWORD, otp="000000")
    response = _token("root", PASSWORD, otp=pyotp.TOTP(admin_with_totp).now())
    assert response.status_code == 429
    assert not AuditEvent.objects.filter(action="login.success").exists()
    failures = AuditEvent.objects.filter(action="login.failure")
    assert failures.count() == 5
    assert {e.extra["factor"] for e in failures} == {"otp"}


def test_a_wrong_code_answers_exactly_like_a_wrong_password(admin_with_totp, settings):
    settings.AMANAT_LOGIN_PAIR_LIMIT = 10
    wrong_password = _token("root", WRONG, otp=pyotp.TOTP(admin_with_totp).now())
    no_code = _token("root", PASSWORD)
    wrong_code = _token("root", PASSWORD, otp="000000")
    answers = {(r.status_code, r.content) for r in (wrong_password, no_code, wrong_code)}
    assert len(answers) == 1
    assert b"otp_required" not in no_code.content
    web_wrong_password = _web("root", WRONG)
    web_wrong_code = _web("root", PASSWORD, code="000000")
    assert web_wrong_password.status_code == web_wrong_code.status_code == 200
    assert b"/login/otp" not in web_wrong_code.content
    assert web_wrong_password.content.count(b"Invalid username") == 1
    assert web_wrong_code.content.count(b"Invalid username") == 1


def test_a_code_is_accepted_only_once(admin_with_totp):
    totp = pyotp.TOTP(admin_with_totp)
    current = totp.timecode(timezone.now())
    code = totp.generate_otp(current)
    assert _token("root", PASSWORD, otp=code).status_code == 200
    assert _token("root", PASSWORD, otp=code).status_code == 401
    assert _web("root", PASSWORD, code=code).status_code == 200  # the web refuses it too
    assert User.objects.get(username="root").totp_last_step == current


def test_client_address_behind_proxies_and_ipv6(settings):
    factory = RequestFactory()
    request = factory.get("/", REMOTE_ADDR="2001:db8:1:2:3:4:5:6")
    assert client_address(request) == "2001:db8:1:2::/64"  # one client holds a whole /64
    request = factory.get("/", REMOTE_ADDR="10.1.1.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")
    assert client_address(request) == "10.1.1.1"  # no trusted proxy: the header is ignored
    settings.AMANAT_TRUSTED_PROXIES = 1
    assert client_address(request) == "203.0.113.9"  # the client cannot forge the last hop
