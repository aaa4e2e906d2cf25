"""`amanat retention run`: erase personal data of cases past their retention date.
`amanat names reindex`: rebuild the name search index (ADR 0120)."""

from __future__ import annotations


def cmd_retention_run(args) -> int:
    from amanat.cases.retention import retention_apply

    report = retention_apply(dry_run=args.dry_run)
    verb = "would erase" if args.dry_run else "erased"
    print(f"Retention: {verb} personal data of {report['cases']} case(s) past their date.")
    for app, detail in report.get("other", {}).items():
        figures = ", ".join(f"{k} {v}" for k, v in detail.items() if k != "dry_run")
        print(f"  {app}: {figures}")
    return 0


def cmd_names_reindex(args) -> int:
    from django.db import transaction

    from amanat.cases.identity.index import names_reindex
    from amanat.privacy.audit import audit_record

    with transaction.atomic():
        report = names_reindex(new_generation=args.new_key)
        audit_record(
            action="names.reindex",
            object_type="name_index",
            extra={"persons": report["persons"], "new_key": bool(args.new_key)},
        )
    print(
        f"Name index rebuilt: {report['persons']} person(s), {report['keys']} key(s), "
        f"key generation {report['generation']}."
    )
    return 0


def register(subparsers) -> None:
    retention = subparsers.add_parser(
        "retention", help="retention of personal data"
    ).add_subparsers(dest="retention_command", required=True)
    run = retention.add_parser("run", help="erase personal data of cases past their retention date")
    run.add_argument(
        "--dry-run", help="list what would be erased; change nothing", action="store_true"
    )
    run.set_defaults(func=cmd_retention_run)
    names = subparsers.add_parser(
        "names", help="the name search index (keyed, truncated: ADR 0120)"
    ).add_subparsers(dest="names_command", required=True)
    reindex = names.add_parser(
        "reindex",
        help="rebuild every person's name keys (after changed folding rules or a restore)",
    )
    reindex.add_argument(
        "--new-key",
        action="store_true",
        help="derive a new name-index key first (as `amanat keys rotate` does)",
    )
    reindex.set_defaults(func=cmd_names_reindex)
    from amanat.cases.linkage.cli import register as register_dedup  # `amanat dedup` (ADR 0130)

    register_dedup(subparsers)
    from amanat.cases.links.cli import register as register_links

    register_links(subparsers)  # `amanat persons scan` (ADR 0140)
