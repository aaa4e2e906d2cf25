"""`amanat ads screen FILE --out FILE`: red-flag screening of job advertisements in bulk.

Thin: read and check the table (all or nothing), screen with the pure engine, write 0600. No
database is needed; nothing about the advertisements is stored.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from amanat.recruitment.batch import check_output, output_rows, read_ads, screen_ads, write_results


def register(subparsers: argparse._SubParsersAction) -> None:
    ads = subparsers.add_parser("ads", help="Screen job advertisements for recruitment red flags.")
    commands = ads.add_subparsers(dest="ads_command", metavar="COMMAND")
    commands.required = True
    screen = commands.add_parser(
        "screen",
        help="Screen a CSV or XLSX of advertisements (columns ad_id, text; optional language, "
        "url, platform, date) and write ad_id, level, score, indicators.",
    )
    screen.add_argument("file", help="CSV or XLSX of advertisements", type=Path, metavar="FILE")
    screen.add_argument("--out", required=True, type=Path, metavar="FILE",
                        help=".csv or .xlsx, written owner-only (0600)")  # fmt: skip
    screen.set_defaults(func=handle_screen, needs_database=False)  # reads files only


def handle_screen(args: argparse.Namespace) -> int:
    check_output(args.out)  # before reading: a wrong --out must not cost a long read
    ads = read_ads(args.file)
    rows = output_rows(screen_ads(ads))
    write_results(args.out, rows)
    levels = [row[1] for row in rows]
    counts = ", ".join(f"{level} {levels.count(level)}" for level in ("high", "medium", "low"))
    print(f"{len(rows)} advertisements screened ({counts}); written to {args.out}")
    return 0
