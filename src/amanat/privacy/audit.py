"""Writing and verifying the hash-chained audit log."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from amanat.privacy.crypto import keyset
from amanat.privacy.models import AuditChainHead, AuditEvent

GENESIS_HASH = "0" * 64


def _audit_key() -> bytes:
    return base64.urlsafe_b64decode(keyset().audit_key.encode())


def _canonical(event: AuditEvent) -> bytes:
    payload = {
        "seq": event.seq,
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
        "prev_hash": event.prev_hash,
    }
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str).encode()


def compute_hash(event: AuditEvent) -> str:
    return hmac.new(_audit_key(), _canonical(event), hashlib.sha256).hexdigest()


def audit_record(
    *,
    actor=None,
    action: str,
    object_type: str = "",
    object_id: object = "",
    fields: Iterable[str] = (),
    purpose: str = "",
    flagged: bool = False,
    extra: dict | None = None,
) -> AuditEvent:
    """Append one event. Call inside the transaction that makes the change it records.

    `fields` names the fields read or written, never their values; `extra` must hold no
    personal data (ids, codes, counts only).
    """
    with transaction.atomic():
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(id=1)
        event = AuditEvent(
            seq=head.last_seq + 1,
            at=timezone.now(),
            actor_id=getattr(actor, "pk", None),
            actor_username=getattr(actor, "username", "") or "",
            organisation_id=getattr(actor, "organisation_id", None),
            action=action,
            object_type=object_type,
            object_id=str(object_id) if object_id not in (None, "") else "",
            fields=sorted(set(fields)),
            purpose=purpose,
            flagged=flagged,
            extra=extra or {},
            prev_hash=head.last_hash,
        )
        event.entry_hash = compute_hash(event)
        event.save(force_insert=True)
        head.last_seq = event.seq
        head.last_hash = event.entry_hash
        head.save(update_fields=["last_seq", "last_hash"])
    return event


@dataclass(frozen=True)
class VerificationResult:
    ok: bool
    checked: int
    first_broken_seq: int | None = None
    reason: str = ""
    head_hash: str = GENESIS_HASH


def audit_verify(batch_size: int = 5000) -> VerificationResult:
    """Walk the chain in order; report the first entry that is missing, altered or out of place."""
    expected_seq = 1
    prev_hash = GENESIS_HASH
    checked = 0
    queryset = AuditEvent.objects.order_by("seq")
    last_seq_seen = 0
    while True:
        batch = list(queryset.filter(seq__gt=last_seq_seen)[:batch_size])
        if not batch:
            break
        for event in batch:
            if event.seq != expected_seq:
                return VerificationResult(
                    False, checked, expected_seq, f"entry #{expected_seq} is missing", prev_hash
                )
            if event.prev_hash != prev_hash:
                return VerificationResult(
                    False,
                    checked,
                    event.seq,
                    f"entry #{event.seq} does not follow entry #{event.seq - 1}",
                    prev_hash,
                )
            if not hmac.compare_digest(compute_hash(event), event.entry_hash):
                return VerificationResult(
                    False, checked, event.seq, f"entry #{event.seq} was altered", prev_hash
                )
            prev_hash = event.entry_hash
            expected_seq += 1
            checked += 1
        last_seq_seen = batch[-1].seq
    head = AuditChainHead.objects.filter(id=1).first()
    if head is not None and (head.last_seq != checked or head.last_hash != prev_hash):
        return VerificationResult(
            False,
            checked,
            checked + 1,
            f"entries after #{checked} are missing (the chain head records #{head.last_seq})",
            prev_hash,
        )
    return VerificationResult(True, checked, None, "", prev_hash)
