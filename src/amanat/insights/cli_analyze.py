"""`amanat analyze needs|reintegration|recruitment`: tested statistics of the database (within
the --user's scope) or of a file, as JSON, XLSX or DOCX (docs/analysis.md)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from amanat.errors import NotFound, UsageError, ValidationError

FORMATS = ("json", "xlsx", "docx")


def register(subparsers: argparse._SubParsersAction) -> None:
    from amanat.insights.analyses import BY, KINDS

    analyze = subparsers.add_parser(
        "analyze",
        help="Needs, reintegration and recruitment analyses with significance tests.",
        description="Suppressed, tested statistics of the platform's cases (within the user's "
        "countries) or of a CSV/XLSX file; see docs/analysis.md for the file formats.",
    )
    analyze.add_argument("kind", choices=KINDS, help="which analysis to run")
    analyze.add_argument("--input", type=Path, help="a CSV or XLSX file instead of the database")
    analyze.add_argument(
        "--by",
        help="comparison variables, comma-separated: "
        + "; ".join(f"{k}: {','.join(v)}" for k, v in BY.items()),
    )
    analyze.add_argument(
        "--format", choices=FORMATS, default="json", help="output format (default json)"
    )
    analyze.add_argument("--out", type=Path, help="output file (required for xlsx and docx)")
    analyze.add_argument("--lang", default="en", help="language of xlsx/docx output")
    analyze.add_argument("--threshold", help="suppress counts below this (default: the setting)")
    analyze.add_argument("--user", help="the acting user (default: the system operator)")
    analyze.set_defaults(func=handle_analyze)


def _threshold(text: str | None) -> int | None:
    if text is None:
        return None
    try:
        return int(text)
    except ValueError:
        raise UsageError(f"--threshold {text!r}: expected a whole number") from None


def handle_analyze(args: argparse.Namespace) -> int:
    from django.conf import settings

    from amanat.config.files import write_private
    from amanat.insights.analyses import parse_by, run_analysis
    from amanat.insights.cli_data import resolve_user

    if args.format != "json" and args.out is None:
        raise UsageError(f"--out is required for --format {args.format}")
    if (
        args.out is not None
        and args.format != "json"
        and args.out.suffix.lower() != f".{args.format}"
    ):
        raise UsageError(f"--out must end in .{args.format}")
    languages = [code for code, _name in settings.LANGUAGES]
    if args.lang not in languages:
        raise UsageError(f"--lang {args.lang!r}: expected one of {', '.join(languages)}")
    if args.input is not None and not args.input.is_file():
        raise UsageError(f"--input {args.input}: no such file")
    try:
        by = parse_by(args.kind, args.by)
        user = resolve_user(args.user)
        result = run_analysis(
            user, args.kind, by=by, input_path=args.input, threshold=_threshold(args.threshold)
        )
    except ValidationError as error:
        raise UsageError(f"--{error.field or 'input'}: {error}") from error
    except NotFound:
        raise UsageError(f"--user {args.user!r} may not see statistics") from None
    if args.format == "json":
        text = json.dumps(result.data, ensure_ascii=False, indent=2)
        if args.out is None:
            print(text)
        else:
            write_private(args.out, (text + "\n").encode())
        return 0
    from amanat.insights.report.analysis import build_analysis_docx, build_analysis_xlsx

    build = build_analysis_docx if args.format == "docx" else build_analysis_xlsx
    write_private(args.out, build([result], args.lang))
    print(f"Wrote {args.out}: {args.kind} analysis of {result.source}.")
    return 0
