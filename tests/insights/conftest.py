"""Insights tests: per-process caches of frames are emptied around each test."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _fresh_frames():
    from amanat.insights import casedata, selectors, sources

    casedata.clear_cache()
    sources.clear_cache()
    selectors.forget_all_dataset_frames()
    yield
    casedata.clear_cache()
    sources.clear_cache()
    selectors.forget_all_dataset_frames()
