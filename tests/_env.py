"""Loaded with `-p tests._env` before Django reads its settings (see pyproject.toml).

Tests never touch a real data folder or key file: a throw-away folder and fixed test secrets.
"""

from __future__ import annotations

import os
import tempfile

if "AMANAT_TEST_DATA_DIR" not in os.environ:
    os.environ["AMANAT_TEST_DATA_DIR"] = tempfile.mkdtemp(prefix="amanat-test-")
os.environ["AMANAT_DATA_DIR"] = os.environ["AMANAT_TEST_DATA_DIR"]
os.environ.pop("AMANAT_DATA_KEY", None)
os.environ.pop("AMANAT_INDEX_KEY", None)
os.environ.pop("AMANAT_AUDIT_KEY", None)
os.environ.setdefault("AMANAT_SECRET_KEY", "test-secret-key-not-for-production")
# Tests read `seq` right after a write: seal inline unless a test asks for deferred sealing
# (tests/privacy/test_audit_sealing.py does, on both databases).
os.environ.setdefault("AMANAT_AUDIT_SEALING", "inline")
# Playwright's sync API runs an event loop in the test thread; the ORM must still work there.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

if os.environ.get("AMANAT_TEST_DATA_DIR_CREATED") != "1":
    import atexit
    import shutil

    os.environ["AMANAT_TEST_DATA_DIR_CREATED"] = "1"
    atexit.register(shutil.rmtree, os.environ["AMANAT_TEST_DATA_DIR"], True)
