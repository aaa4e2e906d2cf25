"""Reads Amanat's configuration from the environment (and nothing else).

Kept free of Django imports so the CLI, settings and key management can share it.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import platformdirs

# The apps that hold data, in dependency order (each may use only those before it): the one
# list behind INSTALLED_APPS, the CLI's sub-commands and what a backup holds.
DATA_APPS = (
    "accounts",
    "privacy",
    "cases",
    "screening",
    "referrals",
    "assistance",
    "insights",
    "training",
    "recruitment",
)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def data_dir() -> Path:
    """The folder holding the SQLite database, the key file and exports (owner-only)."""
    configured = os.environ.get("AMANAT_DATA_DIR")
    path = (
        Path(configured).expanduser() if configured else Path(platformdirs.user_data_dir("amanat"))
    )
    path.mkdir(parents=True, exist_ok=True)
    # A mounted folder we do not own may refuse; the key file itself is still 0600.
    with contextlib.suppress(OSError):
        path.chmod(0o700)
    return path
