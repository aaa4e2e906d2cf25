from __future__ import annotations

import time

from amanat.insights import casedata
from tests.fixtures import make_case


def test_keep_warm_builds_then_refreshes_before_expiry(case_manager, monkeypatch):
    casedata.clear_cache()
    make_case(user=case_manager)
    casedata.keep_warm()
    first = casedata.case_frame()
    assert first.height == 1
    assert casedata.case_frame() is first  # nothing changed: served from the cache
    built_at = casedata._cache["cases"].full_build_at
    # Close to expiry, the background refresh rebuilds in full, before any request would.
    monkeypatch.setattr(casedata, "FULL_REBUILD_SECONDS", 120)
    time.sleep(0.01)
    casedata.keep_warm()
    assert casedata._cache["cases"].full_build_at > built_at
    casedata.clear_cache()
