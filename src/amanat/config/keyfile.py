"""The key file: secrets generated on first run, stored owner-only in the data folder.

Environment variables take precedence (AMANAT_SECRET_KEY, AMANAT_DATA_KEY, AMANAT_INDEX_KEY,
AMANAT_AUDIT_KEY); the file is only created when one of its keys is needed and not configured.
Keys never live in the repository. No Django import: settings read this before Django starts.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.fernet import Fernet

from amanat.config.files import write_private

KEYFILE_NAME = "amanat.key"


@dataclass
class KeySet:
    secret_key: str
    data_keys: list[str] = field(default_factory=list)  # Fernet keys, newest (primary) first
    index_key: str = ""  # base64, for blind indexes (stable across data-key rotation)
    audit_key: str = ""  # base64, for the audit hash chain
    path: Path | None = None

    def to_json(self) -> str:
        return json.dumps(
            {
                "secret_key": self.secret_key,
                "data_keys": self.data_keys,
                "index_key": self.index_key,
                "audit_key": self.audit_key,
            },
            indent=2,
        )


def _random_b64() -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()


def new_keyset() -> KeySet:
    return KeySet(
        secret_key=secrets.token_urlsafe(50),
        data_keys=[Fernet.generate_key().decode()],
        index_key=_random_b64(),
        audit_key=_random_b64(),
    )


def write_keyfile(keyset: KeySet, path: Path) -> None:
    """Write atomically with owner-only permissions from the first byte."""
    write_private(path, keyset.to_json())


def load_or_create_keyfile(data_dir: Path) -> KeySet:
    path = Path(data_dir) / KEYFILE_NAME
    if path.exists():
        raw = json.loads(path.read_text(encoding="utf-8"))
        return KeySet(
            secret_key=raw["secret_key"],
            data_keys=list(raw["data_keys"]),
            index_key=raw["index_key"],
            audit_key=raw["audit_key"],
            path=path,
        )
    keyset = new_keyset()
    write_keyfile(keyset, path)
    keyset.path = path
    return keyset


def effective_keyset(data_dir: Path) -> KeySet:
    """The keys in force: environment first, key file for whatever the environment lacks."""
    env_data = os.environ.get("AMANAT_DATA_KEY", "").strip()
    env_index = os.environ.get("AMANAT_INDEX_KEY", "").strip()
    env_audit = os.environ.get("AMANAT_AUDIT_KEY", "").strip()
    env_secret = os.environ.get("AMANAT_SECRET_KEY", "").strip()
    if env_data and env_index and env_audit:
        return KeySet(
            secret_key=env_secret or "",
            data_keys=[k.strip() for k in env_data.split(",") if k.strip()],
            index_key=env_index,
            audit_key=env_audit,
        )
    from_file = load_or_create_keyfile(data_dir)
    if env_data:
        from_file.data_keys = [k.strip() for k in env_data.split(",") if k.strip()]
        from_file.path = None  # rotation must then happen in the environment
    if env_index:
        from_file.index_key = env_index
    if env_audit:
        from_file.audit_key = env_audit
    return from_file
