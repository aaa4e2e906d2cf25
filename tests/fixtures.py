"""Factories and fixtures shared by the whole suite."""

from __future__ import annotations

import contextlib
import itertools

import pytest
from django.db import transaction
from django.test import Client

from amanat.accounts.models import Organisation, User
from amanat.accounts.services import api_token_issue, organisation_create, user_create
from amanat.cases.services import case_open

PASSWORD = "Correct-horse-battery-9"  # noqa: S105
_counter = itertools.count(1)


def make_org(
    *, name: str | None = None, country: str = "KZ", org_type: str = "NGO", region: str = ""
) -> Organisation:
    return organisation_create(
        actor=None,
        name=name or f"Organisation {next(_counter)}",
        org_type=org_type,
        country=country,
        region=region,
    )


def make_user(*, org: Organisation, roles=("case_manager",), username: str | None = None) -> User:
    return user_create(
        actor=None,
        username=username or f"user{next(_counter)}",
        organisation=org,
        roles=list(roles),
        password=PASSWORD,
    )


def make_case(
    *,
    user: User,
    person: dict | None = None,
    case: dict | None = None,
    confirm_not_duplicate: bool = True,
):
    """Most tests register "Тест Тестов" many times on purpose: the duplicate warning is
    confirmed away unless a test asks for it (`confirm_not_duplicate=False`)."""
    person = (
        person
        if person is not None
        else {"first_name": "Тест", "last_name": "Тестов", "gender": "Masculine"}
    )
    return case_open(
        user=user, person=person, case=case or {}, confirm_not_duplicate=confirm_not_duplicate
    )


def api_client(user: User) -> Client:
    token = api_token_issue(user=user)
    return Client(headers={"Authorization": f"Bearer {token}"})


@pytest.fixture
def org(db):
    return make_org(name="Home NGO", country="KZ", region="KZ-75")


@pytest.fixture
def other_org(db):
    return make_org(name="Other NGO", country="KG")


@pytest.fixture
def case_manager(org):
    return make_user(org=org, roles=["case_manager"], username="cm")


@pytest.fixture
def other_case_manager(other_org):
    return make_user(org=other_org, roles=["case_manager"], username="cm_other")


@pytest.fixture
def case(case_manager):
    return make_case(user=case_manager)


@contextlib.contextmanager
def shared_rows(django_db_blocker):
    """For a module- or session-scoped fixture: rows written inside stay for the tests of that
    scope and are rolled back at its end. Each test runs in a savepoint inside this transaction
    (pytest-django's `db`), so what a test writes is still undone after it. Not for tests that
    need `transactional_db` or `live_server` (they flush the tables)."""
    # Marked as Django's TestCase marks its own wrapping transaction, so code that asks "am I
    # inside a transaction that may still roll back?" (accounts.denials, durable blocks) answers
    # as it does in any other test.
    atomic = transaction.atomic()
    atomic._from_testcase = True
    with django_db_blocker.unblock(), atomic:
        yield
        transaction.set_rollback(True)
