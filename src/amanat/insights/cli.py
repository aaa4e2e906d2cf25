"""`amanat ctdc ...` (CTDC files, no database), `amanat import ctdc|htcds`, `amanat export
ctdc|htcds`, `amanat datasets` and `amanat report` (the database).

Handlers parse, call one service or selector and print; bad input raises `UsageError` (exit 2).
`import` and `export` are nested commands that other apps may extend with their own kinds
(`import_export_subparsers`).
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import json
from pathlib import Path

import pycountry

from amanat.config.files import open_private
from amanat.errors import UsageError
from amanat.insights.ctdc.kanon import DEFAULT_MAX_SUPPRESSED_FRACTION, k_anonymise
from amanat.insights.ctdc.reader import CtdcRejected, RowProblem, read_ctdc
from amanat.insights.ctdc.writer import write_ctdc_csv
from amanat.insights.stats import STATISTICS, Filters, Period, PlaceFilter
from amanat.insights.stats.filters import MATCH_RULES
from amanat.insights.stats.suppression import DEFAULT_THRESHOLD

SYNTH_CLI = "amanat.insights.synth.cli"


def register(subparsers: argparse._SubParsersAction) -> None:
    ctdc = subparsers.add_parser("ctdc", help="Check, summarise and k-anonymise CTDC v6 files.")
    commands = ctdc.add_subparsers(dest="ctdc_command", metavar="COMMAND")
    commands.required = True

    check = commands.add_parser("check", help="Validate a CTDC v6 CSV row by row.")
    check.add_argument("file", help="CTDC v6 CSV file", type=Path)
    check.set_defaults(func=handle_check, needs_database=False)  # reads files only

    stats = commands.add_parser("stats", help="Suppressed statistics of a CTDC v6 CSV (JSON).")
    stats.add_argument("file", help="CTDC v6 CSV file", type=Path)
    stats.add_argument("--countries", help="ISO alpha-2 codes, e.g. KZ,KG,TJ,UZ,TM")
    stats.add_argument(
        "--match",
        help="how --countries matches a record (default either)",
        choices=MATCH_RULES,
        default="either",
    )
    stats.add_argument("--period", help="years of registration, e.g. 2010-2017")
    stats.add_argument("--by", help=f"statistics (default all): {','.join(STATISTICS)}")
    stats.add_argument(
        "--threshold",
        help="smallest count shown; smaller counts are suppressed",
        type=int,
        default=DEFAULT_THRESHOLD,
    )
    stats.add_argument("--strict", action="store_true", help="reject the file on any problem")
    stats.set_defaults(func=handle_stats, needs_database=False)  # reads files only

    anonymise = commands.add_parser("anonymise", help="Write a k-anonymised copy of a CTDC file.")
    anonymise.add_argument("file", help="CTDC v6 CSV file", type=Path)
    anonymise.add_argument("--out", help="the k-anonymised CSV to write", type=Path, required=True)
    anonymise.add_argument(
        "--k", help="smallest group of identical records (default 11, CTDC)", type=int, default=None
    )
    anonymise.add_argument("--quasi-identifiers", help="comma-separated CTDC columns")
    anonymise.add_argument(
        "--max-suppressed",
        help="largest share of records that may be suppressed",
        type=float,
        default=DEFAULT_MAX_SUPPRESSED_FRACTION,
    )
    anonymise.add_argument("--strict", help="reject the file on any problem", action="store_true")
    anonymise.set_defaults(func=handle_anonymise, needs_database=False)  # reads files only

    # The differential-privacy synthesiser lives in its own package and registers itself here.
    if importlib.util.find_spec(SYNTH_CLI) is not None:
        importlib.import_module(SYNTH_CLI).register(subparsers)

    from amanat.insights import cli_data

    cli_data.register(subparsers)

    from amanat.insights import cli_analyze

    cli_analyze.register(subparsers)


def _print_json(data: object) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def _read(path: Path, strict: bool):
    if not path.is_file():
        raise UsageError(f"{path}: no such file")
    try:
        return read_ctdc(path, mode="strict" if strict else "lenient")
    except CtdcRejected as error:
        raise UsageError(error.message) from error


def _problems_json(problems: list[RowProblem]) -> list[dict]:
    return [p.as_dict() for p in problems]


def handle_check(args: argparse.Namespace) -> int:
    df, problems = _read(args.file, strict=False)
    rejected = len({p.row for p in problems if p.row > 1})
    _print_json(
        {
            "file": str(args.file),
            "records": df.height + rejected,
            "records_accepted": df.height,
            "records_rejected": rejected,
            "problems": _problems_json(problems),
        }
    )
    return 1 if problems else 0


def parse_filters(countries: str | None, match: str, period: str | None) -> Filters:
    place = None
    if countries:
        codes = tuple(c.strip().upper() for c in countries.split(",") if c.strip())
        for code in codes:
            if pycountry.countries.get(alpha_2=code) is None:
                raise UsageError(f"--countries: {code!r} is not an ISO 3166-1 alpha-2 code")
        place = PlaceFilter(codes, match)
    parsed_period = None
    if period:
        try:
            parsed_period = Period.parse(period)
        except ValueError as error:
            raise UsageError(f"--period {period!r}: expected YEAR or YEAR-YEAR") from error
    return Filters(period=parsed_period, place=place)


def parse_statistics(by: str | None) -> list[str]:
    names = [n.strip() for n in by.split(",") if n.strip()] if by else list(STATISTICS)
    for name in names:
        if name not in STATISTICS:
            raise UsageError(f"--by: unknown statistic {name!r} (known: {', '.join(STATISTICS)})")
    return names


def handle_stats(args: argparse.Namespace) -> int:
    if args.threshold < 1:
        raise UsageError("--threshold must be at least 1")
    filters = parse_filters(args.countries, args.match, args.period)
    names = parse_statistics(args.by)
    df, problems = _read(args.file, strict=args.strict)
    tables = [
        STATISTICS[name](df, filters=filters, threshold=args.threshold).as_dict() for name in names
    ]
    _print_json(
        {
            "file": str(args.file),
            "records_rejected_by_reader": len({p.row for p in problems if p.row > 1}),
            "tables": tables,
        }
    )
    return 0


def handle_anonymise(args: argparse.Namespace) -> int:
    df, problems = _read(args.file, strict=args.strict)
    qis = None
    if args.quasi_identifiers:
        qis = [c.strip() for c in args.quasi_identifiers.split(",") if c.strip()]
        unknown = [c for c in qis if c not in df.columns]
        if unknown:
            raise UsageError(f"--quasi-identifiers: not CTDC columns: {', '.join(unknown)}")
    if args.k is not None and args.k < 2:
        raise UsageError("--k must be at least 2")
    if not 0 <= args.max_suppressed <= 1:
        raise UsageError("--max-suppressed must be between 0 and 1")
    result, report = k_anonymise(df, qis, args.k, max_suppressed_fraction=args.max_suppressed)
    with open_private(args.out, "wb") as handle:
        write_ctdc_csv(result, handle)
    _print_json(
        {
            "file": str(args.file),
            "out": str(args.out),
            "records_rejected_by_reader": len({p.row for p in problems if p.row > 1}),
            "report": report.as_dict(),
        }
    )
    return 0
