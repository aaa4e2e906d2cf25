"""The bearer token's one query (accounts.token_lookup, ADR 0044) gives what the ORM gave: the
user with its organisation attached and typed, the roles, and nothing for a dead token."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from amanat.accounts.models import ApiToken, Organisation, User
from amanat.accounts.services import api_token_issue
from amanat.accounts.token_lookup import live_token_row
from amanat.accounts.tokens import api_token_user, hash_token

pytestmark = pytest.mark.django_db


def test_the_user_comes_typed_with_organisation_and_roles(case_manager):
    token = api_token_issue(user=case_manager)
    with CaptureQueriesContext(connection) as queries:
        user = api_token_user(token)
        organisation = user.organisation
        roles = user.roles
    assert len(queries) <= 2  # the lookup, and last_used_at written once a minute
    expected = User.objects.select_related("organisation").get(pk=case_manager.pk)
    for field in User._meta.concrete_fields:
        assert getattr(user, field.attname) == getattr(expected, field.attname), field.name
    for field in Organisation._meta.concrete_fields:
        value = getattr(organisation, field.attname)
        assert value == getattr(expected.organisation, field.attname), field.name
        assert type(value) is type(getattr(expected.organisation, field.attname)), field.name
    assert isinstance(organisation.created_at, dt.datetime)
    assert organisation.is_active is True
    assert roles == case_manager.roles and roles
    assert not {"token_row_id", "token_role_codes"} & set(user.__dict__)


def test_last_used_is_a_datetime_and_written_at_most_once_a_minute(case_manager):
    token = api_token_issue(user=case_manager)
    assert api_token_user(token) is not None
    row = live_token_row(hash_token(token), timezone.now())
    assert isinstance(row.last_used_at, dt.datetime)
    with CaptureQueriesContext(connection) as queries:
        assert api_token_user(token) is not None
    assert not [q for q in queries if q["sql"].startswith("UPDATE")]


def test_expired_revoked_and_unknown_tokens_find_nobody(case_manager):
    expired, revoked = api_token_issue(user=case_manager), api_token_issue(user=case_manager)
    ApiToken.objects.filter(token_hash=hash_token(expired)).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    ApiToken.objects.filter(token_hash=hash_token(revoked)).update(revoked_at=timezone.now())
    assert api_token_user(expired) is None
    assert api_token_user(revoked) is None
    assert api_token_user("not-a-token") is None


def test_a_user_without_organisation_or_roles(case_manager):
    user = User.objects.create(username="no_org_user", organisation=None)
    token = api_token_issue(user=user)
    found = api_token_user(token)
    assert found.pk == user.pk
    assert found.organisation is None
    assert found.roles == frozenset()
