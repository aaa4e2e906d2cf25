"""Writing and verifying the hash-chained audit log."""

from __future__ import annotations

import datetime as dt
import hmac
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone

from amanat.privacy.anchoring import Anchor, anchor_of
from amanat.privacy.audit_chain import (
    GENESIS_HASH,
    _canonical,
    compute_hash,
    compute_mac,
    inline_sealing,
    mac_valid,
    seal_with,
)
from amanat.privacy.models import AuditChainHead, AuditCheckpoint, AuditEvent

__all__ = ["GENESIS_HASH", "_canonical", "audit_record", "audit_verify", "compute_hash"]


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
    personal data (ids, codes, counts only). In deferred sealing (ADR 0020) this is one INSERT
    with no lock: the entry carries its own MAC and the worker chains it within seconds.
    """
    event = AuditEvent(
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
        nonce=secrets.token_hex(16),
    )
    event.mac = compute_mac(event)
    if inline_sealing():
        seal_with(event)
    else:
        event.save(force_insert=True)
    return event


RESTORE_ACTION = "backup.restore"


@dataclass(frozen=True)
class VerificationResult:
    ok: bool
    checked: int
    first_broken_seq: int | None = None
    reason: str = ""
    head_hash: str = GENESIS_HASH
    anchors_checked: int = 0
    restores: int = 0
    unsealed: int = 0  # entries not chained yet, each checked against its own MAC (ADR 0020)
    oldest_unsealed_at: str = ""


@dataclass(frozen=True)
class _Expected:
    seq: int
    entry_hash: str | None  # None: the chain must only reach #seq
    source: str
    at: str = ""  # when a checkpoint or anchor was taken; "" for the operator's own


@dataclass(frozen=True)
class _Restore:
    at: str
    backup_seq: int
    replaced_seq: int


def _superseded(expected: _Expected, restores: list[_Restore]) -> bool:
    """An anchor taken before a recorded restore, of an entry the restore replaced, describes a
    chain that no longer exists. The restore entry is HMAC-chained, so it cannot be forged."""
    return bool(expected.at) and any(
        r.backup_seq < expected.seq <= r.replaced_seq and expected.at <= r.at for r in restores
    )


def _utc_iso(value) -> str:
    return value.astimezone(dt.UTC).isoformat(timespec="microseconds")


def _expectations(
    anchors: Iterable[Anchor], expect_head: str | None, expect_seq: int | None
) -> tuple[dict[int, list[_Expected]], str]:
    """What the chain must contain: checkpoint rows, anchors, the operator's --expect-*.
    Returns the expectations by seq and a reason if a signature does not verify."""
    expected: dict[int, list[_Expected]] = {}
    sources = [("checkpoint", anchor_of(row)) for row in AuditCheckpoint.objects.order_by("seq")]
    sources += [("anchor", anchor) for anchor in anchors]
    for source, anchor in sources:
        if not anchor.signature_valid():
            return {}, (
                f"the {source} of entry #{anchor.seq} has an invalid signature "
                "(it was not made with this installation's audit key)"
            )
        expected.setdefault(anchor.seq, []).append(
            _Expected(anchor.seq, anchor.entry_hash, source, anchor.at)
        )
    if expect_seq is not None:
        expected.setdefault(expect_seq, []).append(
            _Expected(expect_seq, expect_head, "expected head")
        )
    return expected, ""


def audit_verify(
    batch_size: int = 5000,
    *,
    anchors: Iterable[Anchor] = (),
    expect_head: str | None = None,
    expect_seq: int | None = None,
) -> VerificationResult:
    """Walk the chain in order; report the first entry that is missing, altered or out of place,
    and any checkpoint, anchor or expected head (seq, hash) the chain no longer holds.

    `expect_head` alone must be the hash of some entry; with `expect_seq`, of entry #expect_seq.
    """
    expected, bad_signature = _expectations(anchors, expect_head, expect_seq)
    if bad_signature:
        return VerificationResult(False, 0, None, bad_signature)
    anchors_checked = sum(len(items) for items in expected.values())
    head_found = expect_head is None or expect_seq is not None
    restores: list[_Restore] = []
    expected_seq = 1
    prev_hash = GENESIS_HASH
    checked = 0
    queryset = AuditEvent.objects.filter(seq__isnull=False).order_by("seq")
    last_seq_seen = 0

    def broken(seq: int | None, reason: str) -> VerificationResult:
        return VerificationResult(False, checked, seq, reason, prev_hash, anchors_checked)

    head = None
    for _round in range(5):
        while True:
            batch = list(queryset.filter(seq__gt=last_seq_seen)[:batch_size])
            if not batch:
                break
            for event in batch:
                if event.seq != expected_seq:
                    return broken(expected_seq, f"entry #{expected_seq} is missing")
                if event.prev_hash != prev_hash:
                    return broken(
                        event.seq, f"entry #{event.seq} does not follow entry #{event.seq - 1}"
                    )
                if not hmac.compare_digest(compute_hash(event), event.entry_hash):
                    return broken(event.seq, f"entry #{event.seq} was altered")
                if event.action == RESTORE_ACTION:
                    restores.append(
                        _Restore(
                            _utc_iso(event.at),
                            int(event.extra.get("backup_seq", 0)),
                            int(event.extra.get("replaced_seq", 0)),
                        )
                    )
                for item in expected.pop(event.seq, ()):
                    if item.entry_hash not in (None, event.entry_hash) and not _superseded(
                        item, restores
                    ):
                        return broken(
                            event.seq, f"entry #{event.seq} differs from its {item.source}"
                        )
                head_found = head_found or event.entry_hash == expect_head
                prev_hash = event.entry_hash
                expected_seq += 1
                checked += 1
            last_seq_seen = batch[-1].seq
        head = AuditChainHead.objects.filter(id=1).first()
        if head is None or head.last_seq <= checked:
            break  # else the sealer chained more entries while the walk ran: read them too
    if head is not None and (head.last_seq != checked or head.last_hash != prev_hash):
        return broken(
            checked + 1,
            f"entries after #{checked} are missing (the chain head records #{head.last_seq})",
        )
    for seq in sorted(expected):
        for item in expected[seq]:
            if not _superseded(item, restores):
                return broken(
                    checked + 1,
                    f"the chain ends at entry #{checked} but its {item.source} records entry "
                    f"#{seq}: entries were removed",
                )
    if not head_found:
        return broken(None, f"no entry has the expected head hash {expect_head}")
    unsealed, oldest, problem = _check_unsealed(batch_size)
    if problem:
        return broken(None, problem)
    return VerificationResult(
        True,
        checked,
        None,
        "",
        prev_hash,
        anchors_checked,
        restores=len(restores),
        unsealed=unsealed,
        oldest_unsealed_at=oldest,
    )


def _check_unsealed(batch_size: int) -> tuple[int, str, str]:
    """Entries not chained yet: each must carry a valid MAC of its own and be the only row with
    it (a copied row keeps a valid MAC). Returns (count, oldest time, problem or "")."""
    count, oldest, after = 0, "", 0
    pending = AuditEvent.objects.filter(seq__isnull=True).order_by("id")
    while batch := list(pending.filter(id__gt=after)[:batch_size]):
        for event in batch:
            if not mac_valid(event):
                return count, oldest, f"unsealed entry id {event.pk} was altered (its MAC fails)"
            oldest = min(oldest or _utc_iso(event.at), _utc_iso(event.at))
        macs = [event.mac for event in batch]
        if AuditEvent.objects.filter(mac__in=macs).count() != len(macs):
            return count, oldest, "an unsealed entry was copied: two entries share one MAC"
        count += len(batch)
        after = batch[-1].pk
    return count, oldest, ""
