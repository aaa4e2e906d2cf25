"""`amanat directory import FILE [--skip-invalid]`, `amanat directory export [--format] [--out]`,
`amanat referrals expire`.

The command line acts as the server's operator (no user): imports and exports are audited with
no actor. Bad input exits with code 2 and a message naming each bad row and column.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from amanat.config.files import open_private
from amanat.errors import UsageError, ValidationError


def cmd_directory_import(args) -> int:
    from amanat.referrals import directory_io, services

    try:
        header, rows = directory_io.read_rows(Path(args.file))
    except ValidationError as error:
        raise UsageError(error.message) from None
    result = services.directory_import(
        user=None, header=header, rows=rows, skip_invalid=args.skip_invalid
    )
    for problem in result.problems[: args.max_problems]:
        print(f"{args.file}: {problem}", file=sys.stderr)
    hidden = len(result.problems) - args.max_problems
    if hidden > 0:
        print(f"... and {hidden} more problems", file=sys.stderr)
    if not result.imported:
        print(
            f"amanat: error: {len(result.problems)} problems in "
            f"{len({p.row for p in result.problems})} rows; nothing imported. Fix them, or "
            "pass --skip-invalid to import the valid rows only.",
            file=sys.stderr,
        )
        return 2
    print(
        f"Imported {len(rows) - len(result.skipped_rows)} rows: {result.created} services "
        f"added, {result.updated} updated, {result.organisations_created} organisations "
        f"registered"
        + (
            f"; skipped rows {', '.join(map(str, result.skipped_rows))}."
            if result.skipped_rows
            else "."
        )
    )
    return 0


def cmd_directory_export(args) -> int:
    from amanat.referrals import directory_io, selectors, services

    fmt = args.format or (Path(args.out).suffix.lstrip(".").lower() if args.out else "csv")
    if fmt not in ("csv", "xlsx"):
        raise UsageError(f"Unknown format '{fmt}': use csv or xlsx.")
    if fmt == "xlsx" and not args.out:
        raise UsageError("An XLSX export needs --out FILE.")
    rows = list(selectors.directory_services_for_export())
    records = directory_io.export_records(rows)
    if fmt == "xlsx":
        with open_private(args.out, "wb") as handle:
            directory_io.write_xlsx(records, handle)
    elif args.out:
        with open_private(args.out, "w", encoding="utf-8-sig", newline="") as handle:
            directory_io.write_csv(records, handle)
    else:
        buffer = io.StringIO()
        directory_io.write_csv(records, buffer)
        sys.stdout.write(buffer.getvalue())
    services.directory_export_audit(user=None, count=len(rows), file_format=fmt)
    if args.out:
        print(f"Exported {len(rows)} services to {args.out}.", file=sys.stderr)
    return 0


def cmd_referrals_expire(args) -> int:
    from amanat.referrals.services import referrals_expire_due

    count = referrals_expire_due()
    print(f"Expired {count} referral{'s' if count != 1 else ''} not answered in time.")
    return 0


def register(subparsers) -> None:
    directory = subparsers.add_parser("directory", help="service directory files")
    sub = directory.add_subparsers(dest="directory_command", metavar="ACTION")
    sub.required = True
    imp = sub.add_parser("import", help="import services from a .csv or .xlsx file")
    imp.add_argument("file", help="the .csv or .xlsx file of services")
    imp.add_argument(
        "--skip-invalid",
        action="store_true",
        help="import the valid rows and report the others (default: all or nothing)",
    )
    imp.add_argument(
        "--max-problems", type=int, default=200, help="how many problems to print (default 200)"
    )
    imp.set_defaults(func=cmd_directory_import)
    exp = sub.add_parser("export", help="export the directory as CSV (stdout) or XLSX")
    exp.add_argument(
        "--format", help="csv (default, to standard output) or xlsx", choices=["csv", "xlsx"]
    )
    exp.add_argument("--out", help="file to write (required for xlsx)")
    exp.set_defaults(func=cmd_directory_export)

    referrals = subparsers.add_parser("referrals", help="referral housekeeping")
    rsub = referrals.add_subparsers(dest="referrals_command", metavar="ACTION")
    rsub.required = True
    expire = rsub.add_parser("expire", help="expire sent referrals past their response deadline")
    expire.set_defaults(func=cmd_referrals_expire)
