"""`amanat retention run`: erase personal data of cases past their retention date."""

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


def register(subparsers) -> None:
    retention = subparsers.add_parser(
        "retention", help="retention of personal data"
    ).add_subparsers(dest="retention_command", required=True)
    run = retention.add_parser("run", help="erase personal data of cases past their retention date")
    run.add_argument("--dry-run", action="store_true")
    run.set_defaults(func=cmd_retention_run)
    from amanat.cases.links.cli import register as register_links

    register_links(subparsers)  # `amanat persons scan` (ADR 0140)
