"""Logical backup and restore that work the same on SQLite and PostgreSQL.

The file is gzip-compressed JSON of every Amanat table. Encrypted fields are written as
ciphertext (re-encrypted under the current primary key), so a backup discloses no personal data;
restoring needs the same keys (keep the key file backed up separately, never with the backup).
Datetimes keep their microseconds so the audit chain still verifies after a restore.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import hmac
import json
from pathlib import Path

from django.apps import apps
from django.core import serializers
from django.core.management.color import no_style
from django.db import connection, transaction

from amanat.cases.identity.index import names_reindex
from amanat.config import DATA_APPS
from amanat.config.files import open_private
from amanat.errors import UsageError
from amanat.privacy.audit import GENESIS_HASH, RESTORE_ACTION, audit_record
from amanat.privacy.crypto import decrypt_text, keyset
from amanat.privacy.fields import encrypted_field_names
from amanat.privacy.models import AuditChainHead

FORMAT = "amanat-backup"
FORMAT_VERSION = 1
APP_LABELS = DATA_APPS


# Derived from encrypted names under the index key: never written to a backup (nothing to
# leak, nothing stale), rebuilt by every restore (ADR 0120).
DERIVED_MODELS = ("cases.personnamekey",)


def _models():
    models = [
        m
        for label in APP_LABELS
        if label in apps.app_configs
        for m in apps.get_app_config(label).get_models()
        if m._meta.label_lower not in DERIVED_MODELS
    ]
    return serializers.sort_dependencies([(None, models)], allow_cycles=True)


def _key_fingerprint() -> str:
    # Proves the restoring installation has the same data key, without revealing it.
    key = keyset().data_keys[-1].encode()
    return hmac.new(key, b"amanat-backup-fingerprint", hashlib.sha256).hexdigest()[:16]


def _json_default(value):
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return str(value)


def backup_write(path: Path) -> dict:
    counts = {}
    tables = []
    for model in _models():
        encrypted = encrypted_field_names(model)
        rows = serializers.serialize("python", model._default_manager.order_by("pk").iterator())
        for row in rows:
            for name in encrypted:
                value = row["fields"].get(name)
                if value not in (None, ""):
                    row["fields"][name] = model._meta.get_field(name).get_prep_value(value)
        tables.append({"model": model._meta.label_lower, "rows": rows})
        counts[model._meta.label_lower] = len(rows)
    document = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "created_at": dt.datetime.now(dt.UTC).isoformat(),
        "database": connection.vendor,
        "key_fingerprint": _key_fingerprint(),
        "tables": tables,
    }
    tmp = Path(str(path) + ".tmp")
    with open_private(tmp, "wb") as raw, gzip.open(raw, "wt", encoding="utf-8") as handle:
        json.dump(document, handle, default=_json_default, ensure_ascii=False)
    tmp.replace(path)
    seq, entry_hash = _backup_head(document)
    audit_record(
        action="backup.create",
        object_type="backup",
        extra={"rows": sum(counts.values()), "backup_seq": seq, "backup_hash": entry_hash},
    )
    return counts


def _backup_head(document: dict) -> tuple[int, str]:
    """The audit chain head (seq, hash) a backup holds: what a restore brings back."""
    for table in document["tables"]:
        if table["model"] == "privacy.auditchainhead" and table["rows"]:
            fields = table["rows"][0]["fields"]
            return int(fields["last_seq"]), str(fields["last_hash"])
    return 0, GENESIS_HASH


def _read(path: Path) -> dict:
    try:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            document = json.load(handle)
    except FileNotFoundError:
        raise UsageError(f"No such file: {path}") from None
    except (OSError, json.JSONDecodeError, EOFError) as error:
        raise UsageError(f"{path} is not an Amanat backup ({error}).") from None
    if document.get("format") != FORMAT or document.get("version") != FORMAT_VERSION:
        raise UsageError(f"{path} is not an Amanat backup of a supported version.")
    if document.get("key_fingerprint") != _key_fingerprint():
        raise UsageError(
            "This backup was made with other encryption keys: configure the keys "
            "it was made with (AMANAT_DATA_KEY or the key file) and retry."
        )
    return document


def backup_restore(path: Path) -> dict:
    """Replace every Amanat table with the backup's content, all or nothing."""
    document = _read(path)
    models = _models()
    by_label = {m._meta.label_lower: m for m in models}
    counts = {}
    with transaction.atomic():
        replaced = AuditChainHead.objects.filter(id=1).first()
        for model in reversed(models):  # dependents first, so PROTECT never blocks
            model._default_manager.all().delete()
        for table in document["tables"]:
            model = by_label.get(table["model"])
            if model is None:
                raise UsageError(f"The backup holds an unknown table {table['model']}.")
            encrypted = encrypted_field_names(model)
            for row in table["rows"]:
                for name in encrypted:
                    value = row["fields"].get(name)
                    if value not in (None, ""):
                        row["fields"][name] = decrypt_text(value)
            objects = [item.object for item in serializers.deserialize("python", table["rows"])]
            model._default_manager.bulk_create(objects, batch_size=500)
            counts[table["model"]] = len(objects)
        sql = connection.ops.sequence_reset_sql(no_style(), models)
        if sql:
            with connection.cursor() as cursor:
                for statement in sql:
                    cursor.execute(statement)
        # The restored chain continues with an entry saying so: which chain head it brought
        # back and which it replaced (verify then knows anchors of the replaced chain are moot).
        seq, entry_hash = _backup_head(document)
        audit_record(
            action=RESTORE_ACTION,
            object_type="backup",
            extra={
                "rows": sum(counts.values()),
                "backup_seq": seq,
                "backup_hash": entry_hash,
                "backup_created_at": str(document.get("created_at", "")),
                "replaced_seq": replaced.last_seq if replaced else 0,
                "replaced_hash": replaced.last_hash if replaced else GENESIS_HASH,
            },
        )
        # The name index is not in the file: rebuilt from the restored names, same transaction.
        counts["cases.personnamekey"] = names_reindex()["keys"]
    return counts
