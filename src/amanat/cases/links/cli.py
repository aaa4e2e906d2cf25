"""`amanat persons scan`: fill the coordinator's queue from the search index (ADR 0140)."""

from __future__ import annotations

import json
import sys


def cmd_persons_scan(args) -> int:
    from amanat.cases.links.scan import persons_scan
    from amanat.core.ids import try_parse_id
    from amanat.errors import UsageError

    organisation_id = None
    if args.organisation is not None:
        organisation_id = try_parse_id(args.organisation)
        if organisation_id is None:
            raise UsageError(
                f"--organisation must be an organisation id, not {args.organisation!r}."
            )

    def progress(done: int, total: int) -> None:
        print(f"\rscanned {done}/{total} persons", end="", file=sys.stderr, flush=True)

    report = persons_scan(
        organisation_id=organisation_id,
        min_score=args.min_score,
        limit=args.limit,
        dry_run=args.dry_run,
        progress=None if args.quiet else progress,
    )
    if not args.quiet and report.persons_scanned >= 500:
        print(file=sys.stderr)
    print(json.dumps(report.as_dict(), sort_keys=True))
    return 0


def register(subparsers) -> None:
    persons = subparsers.add_parser(
        "persons", help="persons across organisations (the NRM coordinator's queue)"
    ).add_subparsers(dest="persons_command", required=True)
    scan = persons.add_parser(
        "scan",
        help="propose 'possibly the same person' pairs across organisations from the search index",
    )
    scan.add_argument("--organisation", help="only the persons of this organisation id")
    scan.add_argument("--min-score", type=float, default=0.9, help="0..1 (default 0.9)")
    scan.add_argument("--limit", type=int, default=10, help="candidates per person (default 10)")
    scan.add_argument("--dry-run", action="store_true", help="count only, record nothing")
    scan.add_argument("--quiet", action="store_true", help="no progress on stderr")
    scan.set_defaults(func=cmd_persons_scan)
