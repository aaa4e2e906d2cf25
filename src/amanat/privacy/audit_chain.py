"""The two MACs of an audit entry and the sealing that chains entries in order (ADR 0020).

An entry is written *unsealed*: no sequence number, no link to the previous entry, but its own
HMAC (`mac`) over its content and a random nonce, so it can be appended without any lock. The
sealer (`seal_pending`, run by `amanat worker` or, in inline mode, by the writer itself) takes
the one chain-head lock, gives the waiting entries their gap-free `seq` in insertion order and
the chained `entry_hash` of ADR 0004 (unchanged, so chains written before sealing verify as
they are), and writes the signed checkpoints of ADR 0009.
"""

from __future__ import annotations

import hmac
import json
import logging

from django.conf import settings
from django.db import connection, transaction

from amanat.privacy.anchoring import checkpoint_record
from amanat.privacy.crypto import decoded_key, keyed_hmac, keyset
from amanat.privacy.models import AuditChainHead, AuditEvent

GENESIS_HASH = "0" * 64
SEAL_BATCH = 2000
# Rows per UPDATE of sealed entries: 4 parameters each, well under SQLite's 32,766.
WRITE_CHUNK = 500

logger = logging.getLogger("amanat.audit")


def _audit_key() -> bytes:
    # Decoded once per key, not once per entry; keyset() is itself cached (and reset on rotation).
    return decoded_key(keyset().audit_key)


def _mac_of(message: bytes) -> str:
    mac = keyed_hmac(_audit_key()).copy()  # keyed once, copied per entry
    mac.update(message)
    return mac.hexdigest()


def _content(event: AuditEvent) -> dict:
    return {
        "at": event.at.isoformat(timespec="microseconds"),
        "actor_id": event.actor_id,
        "actor_username": event.actor_username,
        "organisation_id": event.organisation_id,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "fields": list(event.fields),
        "purpose": event.purpose,
        "flagged": event.flagged,
        "extra": event.extra,
    }


def _dumps(payload: dict) -> bytes:
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str).encode()


def _canonical(event: AuditEvent) -> bytes:
    """What `entry_hash` covers: the content, its place (seq) and the previous entry's hash."""
    return _dumps({**_content(event), "seq": event.seq, "prev_hash": event.prev_hash})


def compute_hash(event: AuditEvent) -> str:
    return _mac_of(_canonical(event))


def compute_mac(event: AuditEvent) -> str:
    """What `mac` covers: the content and the nonce, which makes two equal entries distinct."""
    message = _dumps({**_content(event), "nonce": event.nonce})
    return _mac_of(b"amanat-audit-entry:v1:" + message)


def mac_valid(event: AuditEvent) -> bool:
    return bool(event.mac) and hmac.compare_digest(compute_mac(event), event.mac)


def _seal(head: AuditChainHead, event: AuditEvent) -> None:
    event.seq = head.last_seq + 1
    event.prev_hash = head.last_hash
    event.entry_hash = compute_hash(event)
    head.last_seq = event.seq
    head.last_hash = event.entry_hash
    every = settings.AMANAT_AUDIT_CHECKPOINT_EVERY
    if every > 0 and event.seq % every == 0:
        checkpoint_record(seq=event.seq, entry_hash=event.entry_hash)


def lock_head() -> AuditChainHead:
    head, _ = AuditChainHead.objects.select_for_update().get_or_create(id=1)
    return head


def _seal_locked(head: AuditChainHead, limit: int, after_id: int = 0) -> list[AuditEvent]:
    """Seal up to `limit` waiting entries with an id above `after_id`; the caller holds the head
    lock in a transaction. Returns the entries looked at (sealed or refused)."""
    pending = list(
        AuditEvent.objects.filter(seq__isnull=True, id__gt=after_id).order_by("id")[:limit]
    )
    sealed = []
    for event in pending:
        # An entry whose MAC fails was altered (or inserted without the key): it is never
        # chained, so sealing cannot launder it; `audit verify` names it.
        if not mac_valid(event):
            logger.error("audit entry id %s fails its MAC: left unsealed", event.pk)
            continue
        _seal(head, event)
        sealed.append(event)
    if sealed:
        _write_seals(sealed)
        head.save(update_fields=["last_seq", "last_hash"])
    return pending


def _write_seals(sealed: list[AuditEvent]) -> None:
    """One UPDATE joined to a VALUES list per chunk. Django's bulk_update builds a CASE per row
    and column: 93 % of the sealer's CPU, and PostgreSQL evaluates every CASE for every row
    (ADR 0045). PostgreSQL and SQLite (3.33+) both take UPDATE ... FROM and name the columns of
    a VALUES list column1, column2, ..."""
    qn = connection.ops.quote_name
    meta = AuditEvent._meta
    table = qn(meta.db_table)
    seq, prev_hash, entry_hash = (
        qn(meta.get_field(name).column) for name in ("seq", "prev_hash", "entry_hash")
    )
    for start in range(0, len(sealed), WRITE_CHUNK):
        chunk = sealed[start : start + WRITE_CHUNK]
        rows = ", ".join(["(%s, %s, %s, %s)"] * len(chunk))
        # Identifiers from the model's metadata; every value is a bound parameter.
        sql = (
            f"UPDATE {table} SET {seq} = v.column2, {prev_hash} = v.column3, "  # noqa: S608
            f"{entry_hash} = v.column4 FROM (VALUES {rows}) AS v "
            f"WHERE {table}.{qn(meta.pk.column)} = v.column1"
        )
        params = [v for e in chunk for v in (e.pk, e.seq, e.prev_hash, e.entry_hash)]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)


def seal_pending(*, batch: int = SEAL_BATCH) -> int:
    """Chain every committed unsealed entry, oldest first, in batches; returns how many.

    Only sealers take the head lock: the writers never do in deferred mode.
    """
    total = after_id = 0
    while True:
        with transaction.atomic():
            looked_at = _seal_locked(lock_head(), batch, after_id)
        if not looked_at:
            return total
        total += sum(1 for event in looked_at if event.seq is not None)
        after_id = looked_at[-1].pk


def seal_with(event: AuditEvent) -> None:
    """Inline mode: chain `event` as it is inserted, under the head lock. Entries left unsealed by
    an earlier deferred mode are not looked for on this hot path: the worker seals them."""
    with transaction.atomic():
        head = lock_head()
        _seal(head, event)
        event.save(force_insert=True)
        head.save(update_fields=["last_seq", "last_hash"])


def inline_sealing() -> bool:
    return settings.AMANAT_AUDIT_SEALING == "inline"
