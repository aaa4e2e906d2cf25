"""Referral tests start with empty matcher caches (the caches live for a process)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _fresh_matching_caches():
    from amanat.referrals import selectors

    selectors._index_cache.clear()
    selectors._medians_cache.clear()
    yield
    selectors._index_cache.clear()
    selectors._medians_cache.clear()
