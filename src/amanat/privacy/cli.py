"""`amanat audit verify|checkpoint|anchor`, `amanat keys rotate|retire`."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from amanat.errors import UsageError


def _anchor_files(args) -> list[str]:
    from django.conf import settings

    if args.anchor_file:
        return [args.anchor_file]
    configured = settings.AMANAT_AUDIT_ANCHOR_FILE
    # A configured file that does not exist yet has simply received no checkpoint so far.
    return [configured] if configured and Path(configured).exists() else []


def _hash_argument(value: str | None) -> str | None:
    if value is not None and not re.fullmatch(r"[0-9a-f]{64}", value.strip().lower()):
        raise UsageError("--expect-head: give the 64 hexadecimal digits of an entry hash.")
    return value.strip().lower() if value is not None else None


def cmd_audit_verify(args) -> int:
    from amanat.privacy.anchoring import anchors_read
    from amanat.privacy.audit import audit_verify

    expect_head = _hash_argument(args.expect_head)
    if args.expect_seq is not None and args.expect_seq < 1:
        raise UsageError("--expect-seq: give an entry number of 1 or more.")
    anchors = [anchor for path in _anchor_files(args) for anchor in anchors_read(path)]
    result = audit_verify(anchors=anchors, expect_head=expect_head, expect_seq=args.expect_seq)
    if result.ok:
        print(
            f"Audit log verified: {result.checked} entries, chain head #{result.checked} "
            f"{result.head_hash}; {result.anchors_checked} checkpoint(s) and anchor(s) held."
        )
        if result.unsealed:
            print(
                f"{result.unsealed} entries not sealed yet (oldest {result.oldest_unsealed_at}): "
                "each holds a valid MAC of its own; `amanat worker` chains them (ADR 0020)."
            )
        if result.restores:
            print(
                f"{result.restores} restore(s) recorded: anchors of entries a restore "
                "replaced were not compared."
            )
        return 0
    where = f" at entry #{result.first_broken_seq}" if result.first_broken_seq else ""
    if not result.first_broken_seq and result.reason.startswith(("unsealed", "an unsealed")):
        where = " among the entries not sealed yet"
    print(f"Audit log BROKEN{where}: {result.reason}. {result.checked} entries before it verified.")
    return 1


def _print_anchor(checkpoint) -> None:
    from amanat.privacy.anchoring import anchor_of

    print(anchor_of(checkpoint).as_line())


def cmd_audit_checkpoint(args) -> int:
    from amanat.privacy.anchoring import checkpoint_write

    checkpoint = checkpoint_write()
    print(f"Checkpoint of entry #{checkpoint.seq} signed and stored:", file=sys.stderr)
    _print_anchor(checkpoint)
    return 0


def cmd_audit_anchor(args) -> int:
    from django.conf import settings

    from amanat.privacy.anchoring import anchor_append, anchor_of, anchor_path, checkpoint_write

    target = args.out or settings.AMANAT_AUDIT_ANCHOR_FILE
    if not target:
        raise UsageError("--out: name the anchor file (or set AMANAT_AUDIT_ANCHOR_FILE).")
    anchor_path(target)  # refuse before writing anything
    checkpoint = checkpoint_write(publish=False)
    anchor_append(target, anchor_of(checkpoint))
    print(f"Anchored entry #{checkpoint.seq} in {target}:", file=sys.stderr)
    _print_anchor(checkpoint)
    return 0


def cmd_keys_rotate(args) -> int:
    from amanat.privacy.keys import keys_rotate

    report = keys_rotate()
    print(
        f"New primary key in use; re-encrypted {report['values']} values in "
        f"{report['rows']} rows. Old keys stay until `amanat keys retire`."
    )
    return 0


def cmd_keys_retire(args) -> int:
    from amanat.privacy.keys import keys_retire

    removed = keys_retire()
    print(f"Retired {removed} old key(s).")
    return 0


def register(subparsers) -> None:
    audit = subparsers.add_parser("audit", help="the audit log").add_subparsers(
        dest="audit_command", required=True
    )
    verify = audit.add_parser(
        "verify", help="check the hash chain; exit 1 naming the first broken entry"
    )
    verify.add_argument(
        "--expect-head", metavar="HASH", help="a head hash kept elsewhere that must be in the chain"
    )
    verify.add_argument(
        "--expect-seq", metavar="N", type=int, help="entry number of --expect-head, or reached"
    )
    verify.add_argument(
        "--anchor-file", metavar="FILE", help="default: AMANAT_AUDIT_ANCHOR_FILE if it exists"
    )
    verify.set_defaults(func=cmd_audit_verify)
    audit.add_parser(
        "checkpoint", help="sign the current head and store it (and in the anchor file, if set)"
    ).set_defaults(func=cmd_audit_checkpoint)
    anchor = audit.add_parser(
        "anchor", help="sign the current head and append it to an anchor file outside the data"
    )
    anchor.add_argument("--out", metavar="FILE", help="default: AMANAT_AUDIT_ANCHOR_FILE")
    anchor.set_defaults(func=cmd_audit_anchor)

    keys = subparsers.add_parser("keys", help="encryption keys").add_subparsers(
        dest="keys_command", required=True
    )
    keys.add_parser(
        "rotate", help="add a new primary key and re-encrypt all personal data"
    ).set_defaults(func=cmd_keys_rotate)
    keys.add_parser("retire", help="drop old keys once everything is re-encrypted").set_defaults(
        func=cmd_keys_retire
    )


__all__ = ["register", "UsageError"]
