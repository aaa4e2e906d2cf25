"""Fixtures of the screening page tests."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.fixtures import PASSWORD


@pytest.fixture
def client_for(db):
    def _login(user, language="en"):
        client = Client(headers={"Accept-Language": language})
        client.cookies["django_language"] = language
        response = client.post(
            "/accounts/login/", {"username": user.username, "password": PASSWORD}
        )
        assert response.status_code == 302
        return client

    return _login
