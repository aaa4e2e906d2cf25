"""Signed checkpoints of the audit chain and the anchor file that keeps them outside the database.

A checkpoint says "entry #seq had hash H at time T", signed with an Ed25519 key derived from the
audit key (never in the database). Checkpoints are stored as rows (written every
AMANAT_AUDIT_CHECKPOINT_EVERY entries and by `amanat audit checkpoint`) and appended, one JSON
line each, to the anchor file (AMANAT_AUDIT_ANCHOR_FILE or `amanat audit anchor --out`), which
must live outside the data folder. `audit_verify` then refuses a chain that no longer holds an
anchored (seq, hash). See docs/decisions/0009-audit-anchoring.md.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import logging
from dataclasses import asdict, dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from amanat.config.files import open_private
from amanat.errors import UsageError
from amanat.privacy.crypto import keyset
from amanat.privacy.models import AuditChainHead, AuditCheckpoint

logger = logging.getLogger("amanat.audit")

_SEED_CONTEXT = b"amanat-audit-checkpoint-ed25519-v1"


@dataclass(frozen=True)
class Anchor:
    """One signed (seq, entry_hash, at): a checkpoint row or a line of the anchor file."""

    seq: int
    entry_hash: str
    at: str  # ISO 8601, UTC, microseconds
    signature: str  # base64 Ed25519 over message()

    def message(self) -> bytes:
        return f"amanat-audit-checkpoint:v1:{self.seq}:{self.entry_hash}:{self.at}".encode()

    def signature_valid(self) -> bool:
        try:
            _signing_key().public_key().verify(base64.b64decode(self.signature), self.message())
        except (InvalidSignature, ValueError):
            return False
        return True

    def as_line(self) -> str:
        return json.dumps({**asdict(self), "public_key": public_key_b64()}, sort_keys=True)


def _signing_key() -> Ed25519PrivateKey:
    # Derived, not stored: every installation with the audit key has it; the database never does.
    audit_key = base64.urlsafe_b64decode(keyset().audit_key.encode())
    seed = hmac.new(audit_key, _SEED_CONTEXT, hashlib.sha256).digest()
    return Ed25519PrivateKey.from_private_bytes(seed)


def public_key_b64() -> str:
    """Publishable: lets anyone check an anchor's signature without being able to make one."""
    raw = _signing_key().public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return base64.b64encode(raw).decode()


def _sign(seq: int, entry_hash: str, at_iso: str) -> Anchor:
    unsigned = Anchor(seq, entry_hash, at_iso, "")
    signature = base64.b64encode(_signing_key().sign(unsigned.message())).decode()
    return Anchor(seq, entry_hash, at_iso, signature)


def _at_iso(row: AuditCheckpoint) -> str:
    return row.at.astimezone(dt.UTC).isoformat(timespec="microseconds")


def anchor_of(row: AuditCheckpoint) -> Anchor:
    return Anchor(row.seq, row.entry_hash, _at_iso(row), row.signature)


def checkpoint_record(*, seq: int, entry_hash: str, publish: bool = True) -> AuditCheckpoint:
    """Sign and store a checkpoint of an entry already sealed; the caller holds the head lock.

    With `publish`, a new checkpoint is appended to AMANAT_AUDIT_ANCHOR_FILE once the
    transaction commits, so a rolled-back entry is never anchored.
    """
    existing = AuditCheckpoint.objects.filter(seq=seq).first()
    if existing is not None:
        return existing
    at = timezone.now().astimezone(dt.UTC)
    anchor = _sign(seq, entry_hash, at.isoformat(timespec="microseconds"))
    row = AuditCheckpoint.objects.create(
        seq=seq, entry_hash=entry_hash, at=at, signature=anchor.signature
    )
    configured = settings.AMANAT_AUDIT_ANCHOR_FILE
    if configured and publish:
        transaction.on_commit(lambda: _append_quietly(Path(configured), anchor))
    return row


def checkpoint_write(*, publish: bool = True) -> AuditCheckpoint:
    """`amanat audit checkpoint` and `anchor`: seal what waits, then checkpoint the head."""
    from amanat.privacy.audit_chain import seal_pending  # it imports this module

    seal_pending()
    with transaction.atomic():
        head = AuditChainHead.objects.select_for_update().filter(id=1).first()
        if head is None or head.last_seq == 0:
            raise UsageError("The audit log is empty: there is nothing to checkpoint yet.")
        return checkpoint_record(seq=head.last_seq, entry_hash=head.last_hash, publish=publish)


def anchor_path(path: str | Path) -> Path:
    """An anchor beside the database is deleted with it: refuse one inside the data folder."""
    resolved = Path(path).expanduser().resolve()
    data = Path(settings.DATA_DIR).resolve()
    if resolved == data or data in resolved.parents:
        raise UsageError(
            f"The anchor file {path} is inside the data folder {data}: put it on another disk, "
            "machine or account, where someone who can change the database cannot reach it."
        )
    if not resolved.parent.is_dir():
        raise UsageError(f"The folder of the anchor file {path} does not exist.")
    return resolved


def anchor_append(path: str | Path, anchor: Anchor) -> None:
    with open_private(anchor_path(path), "a", encoding="utf-8") as handle:
        handle.write(anchor.as_line() + "\n")


def _append_quietly(path: Path, anchor: Anchor) -> None:
    # Runs after commit: a failure must not undo the change, but it must be seen.
    try:
        anchor_append(path, anchor)
    except (OSError, UsageError):
        logger.exception("could not append audit checkpoint #%s to %s", anchor.seq, path)


def anchors_read(path: str | Path) -> list[Anchor]:
    """Every anchor in the file; a line that is not one is an error naming the line."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsageError(f"No such anchor file: {path}") from None
    except OSError as error:
        raise UsageError(f"The anchor file {path} cannot be read ({error}).") from None
    anchors = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            anchors.append(
                Anchor(int(raw["seq"]), str(raw["entry_hash"]), str(raw["at"]), raw["signature"])
            )
        except (ValueError, KeyError, TypeError):
            raise UsageError(f"{path}, line {number}: not an audit anchor.") from None
    return anchors
