"""Shared test set-up: fast password hashing and clean caches (environment: tests/_env.py)."""

from __future__ import annotations

import pytest

pytest_plugins = ["tests.fixtures"]


@pytest.fixture(autouse=True)
def _fast_and_clean(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from amanat.cases.name_search import reset_name_cache

    reset_name_cache()
    yield
    reset_name_cache()
