"""Key rotation: a new Fernet key becomes primary; every encrypted value is re-encrypted."""

from __future__ import annotations

from collections.abc import Callable

from cryptography.fernet import Fernet
from django.apps import apps
from django.db import connection, transaction

from amanat.config.keyfile import write_keyfile
from amanat.errors import UsageError
from amanat.privacy.audit import audit_record
from amanat.privacy.crypto import keyset, reset_key_cache, rotate_token
from amanat.privacy.fields import encrypted_field_names


def _keyfile_keyset():
    keys = keyset()
    if keys.path is None:
        raise UsageError(
            "Keys come from the environment (AMANAT_DATA_KEY): put a new key first in "
            "that comma-separated list, restart, then run `amanat keys rotate` to "
            "re-encrypt."
        )
    return keys


def _reencrypt_all() -> dict:
    """Rewrite every stored token under the primary key, reading raw ciphertext (no plaintext)."""
    rows = values = 0
    quote = connection.ops.quote_name
    for model in apps.get_models():
        names = encrypted_field_names(model)
        if not names:
            continue
        table = quote(model._meta.db_table)
        pk = model._meta.pk.column
        columns = [model._meta.get_field(n).column for n in names]
        with connection.cursor() as cursor:
            # Identifiers come from model metadata and are quoted; no user input reaches SQL.
            select = f"SELECT {quote(pk)}, {', '.join(quote(c) for c in columns)} FROM {table}"  # noqa: S608
            cursor.execute(select)
            fetched = cursor.fetchall()
        for row in fetched:
            updates = {}
            for column, token in zip(columns, row[1:], strict=True):
                if token:
                    updates[column] = rotate_token(token)
            if updates:
                assignments = ", ".join(f"{quote(c)} = %s" for c in updates)
                with connection.cursor() as cursor:
                    cursor.execute(
                        f"UPDATE {table} SET {assignments} WHERE {quote(pk)} = %s",  # noqa: S608
                        [*updates.values(), row[0]],
                    )
                rows += 1
                values += len(updates)
    return {"rows": rows, "values": values}


# Called inside the rotation's transaction, after re-encryption: derived indexes that must be
# re-keyed (the name index, ADR 0120) register here from their app's ready(); privacy sits
# below the apps and cannot import them.
_rotation_hooks: list[Callable[[], object]] = []


def register_rotation_hook(hook: Callable[[], object]) -> None:
    if hook not in _rotation_hooks:
        _rotation_hooks.append(hook)


def keys_rotate() -> dict:
    keys = keyset()
    if keys.path is not None:
        keys.data_keys.insert(0, Fernet.generate_key().decode())
        write_keyfile(keys, keys.path)
        reset_key_cache()
    with transaction.atomic():
        report = _reencrypt_all()
        for hook in _rotation_hooks:
            hook()
        audit_record(
            action="keys.rotate",
            object_type="keyset",
            extra={"rows": report["rows"], "keys": len(keyset().data_keys)},
        )
    return report


def keys_retire() -> int:
    keys = _keyfile_keyset()
    removed = len(keys.data_keys) - 1
    if removed <= 0:
        return 0
    with transaction.atomic():
        _reencrypt_all()  # make sure nothing still needs an old key
        keys.data_keys = keys.data_keys[:1]
        write_keyfile(keys, keys.path)
        reset_key_cache()
        audit_record(action="keys.retire", object_type="keyset", extra={"removed": removed})
    return removed
