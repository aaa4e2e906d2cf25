"""`amanat audit verify`, `amanat keys rotate|retire`, `amanat retention run`."""

from __future__ import annotations

from amanat.core.errors import UsageError


def cmd_audit_verify(args) -> int:
    from amanat.privacy.audit import audit_verify

    result = audit_verify()
    if result.ok:
        print(f"Audit log verified: {result.checked} entries, chain head {result.head_hash}.")
        return 0
    print(
        f"Audit log BROKEN at entry #{result.first_broken_seq}: {result.reason}. "
        f"{result.checked} entries before it verified."
    )
    return 1


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


def cmd_retention_run(args) -> int:
    from amanat.privacy.retention import retention_apply

    report = retention_apply(dry_run=args.dry_run)
    verb = "would erase" if args.dry_run else "erased"
    print(f"Retention: {verb} personal data of {report['cases']} case(s) past their date.")
    for app, detail in report.get("other", {}).items():
        figures = ", ".join(f"{k} {v}" for k, v in detail.items() if k != "dry_run")
        print(f"  {app}: {figures}")
    return 0


def register(subparsers) -> None:
    audit = subparsers.add_parser("audit", help="the audit log").add_subparsers(
        dest="audit_command", required=True
    )
    verify = audit.add_parser(
        "verify", help="check the hash chain; exit 1 naming the first broken entry"
    )
    verify.set_defaults(func=cmd_audit_verify)

    keys = subparsers.add_parser("keys", help="encryption keys").add_subparsers(
        dest="keys_command", required=True
    )
    keys.add_parser(
        "rotate", help="add a new primary key and re-encrypt all personal data"
    ).set_defaults(func=cmd_keys_rotate)
    keys.add_parser("retire", help="drop old keys once everything is re-encrypted").set_defaults(
        func=cmd_keys_retire
    )

    retention = subparsers.add_parser(
        "retention", help="retention of personal data"
    ).add_subparsers(dest="retention_command", required=True)
    run = retention.add_parser("run", help="erase personal data of cases past their retention date")
    run.add_argument("--dry-run", action="store_true")
    run.set_defaults(func=cmd_retention_run)


__all__ = ["register", "UsageError"]
