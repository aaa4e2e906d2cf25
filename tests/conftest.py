"""Shared test set-up: fast password hashing and clean caches (environment: tests/_env.py)."""

from __future__ import annotations

import pytest
from django.test.utils import override_settings

pytest_plugins = ["tests.fixtures", "tests.training.demo_fixtures"]

# Argon2 (settings.py) costs tens of milliseconds per hash; no test measures the hash itself
# (the throttling tests count hash calls, whatever the hasher). Session-wide, so module- and
# session-scoped fixtures that create users hash fast too; a test may still override it.
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session", autouse=True)
def _fast_password_hashing():
    with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        yield


@pytest.fixture(autouse=True)
def _no_denials_from_the_previous_test():
    """A refusal inside a service's transaction is queued until that transaction ends; in a test
    it never ends (it is rolled back), so the queue would reach the next test and be written
    there, possibly by a test without database access. Drop it with the test's rows."""
    yield
    from amanat.accounts import denials

    denials.discard_pending_denials()


@pytest.fixture
def without_content_overlays(monkeypatch):
    """Rule files as written (English and Russian only), for tests of the visible fallback: the
    kk/ky/tg/uz content overlays are ignored and the guides re-read."""
    from amanat.rulefiles import translations
    from amanat.screening.engine import loader

    monkeypatch.setattr(translations, "overlay_path", lambda *args, **kwargs: None)
    loader.builtin_guides.cache_clear()
    yield
    loader.builtin_guides.cache_clear()
