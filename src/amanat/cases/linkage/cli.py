"""`amanat dedup`: batch record linkage of a file, or of the database persons for the NRM
coordinator's queue (ADR 0130)."""

from __future__ import annotations

import argparse
import sys

from amanat.errors import UsageError


def _probability(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0.0 < value < 1.0:
        raise argparse.ArgumentTypeError("a probability between 0 and 1 (exclusive)")
    return value


def register(subparsers) -> None:
    from .model import DEFAULT_THRESHOLD

    dedup = subparsers.add_parser(
        "dedup",
        help="find records of the same person (Splink record linkage)",
        description=(
            "Read a CSV or XLSX file with the columns record_id, first_name, last_name, "
            "patronymic, first_name_latin, last_name_latin, birth_date, gender, citizenship, "
            "phone, document_number (any may be empty except record_id) and write "
            "record_id,cluster_id; or, with --database, propose cross-organisation matches "
            "of the database persons to the NRM coordinator's queue."
        ),
    )
    dedup.add_argument("file", nargs="?", help="CSV or XLSX file of records")
    dedup.add_argument("--out", help="where to write record_id,cluster_id (CSV)")
    dedup.add_argument("--pairs", help="also write record_id_l,record_id_r,match_probability")
    dedup.add_argument(
        "--threshold",
        type=_probability,
        default=DEFAULT_THRESHOLD,
        help=f"match probability for the same person (default {DEFAULT_THRESHOLD})",
    )
    dedup.add_argument(
        "--database",
        action="store_true",
        help="link the database persons and fill the coordinator's queue",
    )
    # A file alone needs no database; --database links the database's persons.
    dedup.set_defaults(func=cmd_dedup, needs_database=lambda args: args.database and not args.file)


def cmd_dedup(args) -> int:
    if args.database:
        if args.file or args.out or args.pairs:
            raise UsageError("--database takes no FILE, --out or --pairs", field="database")
        from .database import dedup_database

        counts = dedup_database(threshold=args.threshold, progress=sys.stderr.isatty())
        figures = ", ".join(f"{k} {v}" for k, v in counts.items())
        print(f"Coordinator queue: {figures}.")
        return 0
    if not args.file:
        raise UsageError("give the FILE to deduplicate (or --database)", field="file")
    if not args.out:
        raise UsageError("--out FILE is required", field="out")
    from .pipeline import dedup_file

    report = dedup_file(
        args.file,
        args.out,
        pairs_out=args.pairs,
        threshold=args.threshold,
        progress=sys.stderr.isatty(),
    )
    print(
        f"{report.records} records, {report.clusters} persons (clusters), "
        f"{report.pairs} pairs at or above {args.threshold}: {args.out}"
    )
    return 0
