"""Finding 11 of issue 10: users list, revoke and log out their API tokens; dead tokens are pruned."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client
from django.utils import timezone

from amanat.accounts.models import ApiToken
from amanat.accounts.tokens import api_token_issue, hash_token
from amanat.cli import main as amanat
from amanat.privacy.models import AuditEvent


def _client(token: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {token}"})


def test_logout_revokes_only_the_token_used(case_manager):
    first, second = api_token_issue(user=case_manager), api_token_issue(user=case_manager)
    response = _client(first).post("/api/auth/logout")
    assert response.status_code == 204
    assert _client(first).get("/api/cases").status_code == 401
    assert _client(second).get("/api/cases").status_code == 200
    assert AuditEvent.objects.filter(action="api_token.logout", actor_id=case_manager.pk).exists()


def test_list_shows_my_live_tokens_without_secrets(case_manager, other_case_manager):
    mine = api_token_issue(user=case_manager)
    older = api_token_issue(user=case_manager)
    api_token_issue(user=other_case_manager)
    _client(mine).get("/api/cases")
    rows = _client(mine).get("/api/auth/tokens").json()
    assert len(rows) == 2
    assert set(rows[0]) == {"id", "created_at", "expires_at", "last_used_at", "current"}
    by_current = {row["current"]: row for row in rows}
    assert by_current[True]["id"] == ApiToken.objects.get(token_hash=hash_token(mine)).pk
    assert by_current[True]["last_used_at"] is not None
    assert by_current[False]["last_used_at"] is None
    body = json.dumps(rows)
    for secret in (mine, older, hash_token(mine), hash_token(older)):
        assert secret not in body


def test_revoke_my_token_but_not_another_users(case_manager, other_case_manager):
    mine, spare = api_token_issue(user=case_manager), api_token_issue(user=case_manager)
    theirs = api_token_issue(user=other_case_manager)
    spare_id = ApiToken.objects.get(token_hash=hash_token(spare)).pk
    their_id = ApiToken.objects.get(token_hash=hash_token(theirs)).pk
    response = _client(mine).post(f"/api/auth/tokens/{spare_id}/revoke")
    assert response.status_code == 200
    assert response.json()["id"] == spare_id
    assert _client(spare).get("/api/cases").status_code == 401
    missing = _client(mine).post(f"/api/auth/tokens/{their_id}/revoke")
    assert missing.status_code == 404
    assert missing.json() == _client(mine).post("/api/auth/tokens/999999/revoke").json()
    assert _client(theirs).get("/api/cases").status_code == 200  # nothing changed
    assert _client(mine).post("/api/auth/tokens/99999999999999999999/revoke").status_code == 404
    assert _client(mine).post("/api/auth/tokens/%C2%B9/revoke").status_code == 422


def test_issue_prunes_dead_tokens_and_caps_live_ones(case_manager, settings):
    settings.AMANAT_API_TOKENS_PER_USER = 3
    expired = api_token_issue(user=case_manager)
    ApiToken.objects.filter(token_hash=hash_token(expired)).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    tokens = [api_token_issue(user=case_manager) for _ in range(5)]
    assert not ApiToken.objects.filter(token_hash=hash_token(expired)).exists()
    live = ApiToken.objects.filter(user=case_manager, revoked_at__isnull=True)
    assert {t.token_hash for t in live} == {hash_token(t) for t in tokens[-3:]}


def test_tokens_prune_command(case_manager, capsys):
    live = api_token_issue(user=case_manager)
    dead = [api_token_issue(user=case_manager) for _ in range(2)]
    ApiToken.objects.filter(token_hash=hash_token(dead[0])).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    ApiToken.objects.filter(token_hash=hash_token(dead[1])).update(revoked_at=timezone.now())
    assert amanat(["tokens", "prune"]) == 0
    assert "Deleted 2" in capsys.readouterr().out
    assert list(ApiToken.objects.values_list("token_hash", flat=True)) == [hash_token(live)]
    event = AuditEvent.objects.get(action="api_token.prune")
    assert event.extra == {"deleted": 2}


@pytest.mark.parametrize("path", ["/api/auth/logout", "/api/auth/tokens"])
def test_token_endpoints_need_a_token(db, path):
    client = Client()
    response = client.post(path) if path.endswith("logout") else client.get(path)
    assert response.status_code == 401
