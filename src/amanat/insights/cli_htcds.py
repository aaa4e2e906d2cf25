"""`amanat export htcds` and `amanat export htcds-file`: HTCDS exports from the command line,
under the same controls as the web and the API (ADR 0665)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from amanat.config.files import write_private
from amanat.errors import UsageError


def _password(path: Path | None) -> str:
    """From a file (first line) or the terminal; never from the command line, where other users
    of the machine could read it in the process list."""
    if path is not None:
        if not path.is_file():
            raise UsageError(f"--password-file {path}: no such file")
        lines = path.read_text(encoding="utf-8").splitlines()
        return lines[0] if lines else ""
    import getpass

    if not sys.stdin.isatty():
        raise UsageError("an identifiable export needs --password-file (no terminal to ask on)")
    first = getpass.getpass("Password of the encrypted file: ")
    if first != getpass.getpass("Again: "):
        raise UsageError("the two passwords differ")
    return first


def handle_export_htcds(args: argparse.Namespace) -> int:
    from amanat.core.progress import step
    from amanat.insights.cli_data import resolve_user
    from amanat.insights.services import htcds_export

    if args.purpose == "research":
        raise UsageError(
            "--purpose research: the row-level research extract was replaced by "
            "`amanat export microdata` (k-anonymised, ADR 1524)"
        )
    user = resolve_user(args.user, required=True)
    if args.out.suffix.lower() != ".zip":
        raise UsageError("--out: an identifiable export is an encrypted .zip file")
    fmt = args.file_format or "json"
    password = _password(args.password_file)
    case_ids = None
    if args.cases:
        case_ids = [c.strip() for c in args.cases.split(",") if c.strip()]
    step(f"Exporting cases (HTCDS, {args.purpose})")
    result = htcds_export(
        user=user,
        purpose=args.purpose,
        fmt=fmt,
        legal_basis=args.legal_basis,
        case_ids=case_ids,
        recipient_organisation_id=args.recipient,
        password=password,
    )
    for case_id, reason in result.excluded:
        print(f"  excluded case {case_id}: {reason}")
    if result.pending:
        print(
            f"Export request {result.request.pk}: {len(result.request.case_ids)} case(s) await "
            "approval by another person of your organisation; then run "
            f"`amanat export htcds-file {result.request.pk}`."
        )
        return 0
    write_private(args.out, result.content)
    print(f"Wrote {len(result.records)} HTCDS v2.0 record(s) ({args.purpose}) to {args.out}.")
    return 0


def handle_export_htcds_file(args: argparse.Namespace) -> int:
    from amanat.insights.cli_data import resolve_user
    from amanat.insights.export_requests import export_request_produce

    if args.out.suffix.lower() != ".zip":
        raise UsageError("--out: an identifiable export is an encrypted .zip file")
    user = resolve_user(args.user, required=True)
    result = export_request_produce(
        user=user, request_id=args.request, password=_password(args.password_file)
    )
    write_private(args.out, result.content)
    for case_id, reason in result.excluded:
        print(f"  excluded case {case_id}: {reason}")
    print(f"Wrote {len(result.records)} HTCDS v2.0 record(s) ({result.purpose}) to {args.out}.")
    return 0
