"""`amanat training ...` commands: thin wrappers over amanat.training.analysis."""

from __future__ import annotations

import argparse
import json

from amanat.config.files import write_private
from amanat.config.languages import LANGUAGE_CODES
from amanat.errors import UsageError


def register(subparsers: argparse._SubParsersAction) -> None:
    training = subparsers.add_parser("training", help="Capacity building: tests and evaluations.")
    commands = training.add_subparsers(dest="training_command", metavar="COMMAND")
    commands.required = True

    analyze = commands.add_parser(
        "analyze",
        help="Score pre/post tests and compute gains, paired tests and item statistics.",
        description=(
            "Responses: CSV or XLSX with columns participant, phase (pre|post), item, answer. "
            "Key: item, correct_answer, max_points [, type, scoring, module...]. Without a key the "
            "answers are read as points."
        ),
    )
    analyze.add_argument(
        "--responses",
        help="CSV/XLSX of answers: participant and item columns",
        required=True,
        metavar="FILE",
    )
    analyze.add_argument(
        "--key", help="CSV/XLSX answer key: item and correct answer", metavar="FILE"
    )
    analyze.add_argument(
        "--participants",
        metavar="FILE",
        help="CSV/XLSX: participant and attribute columns (role, gender...)",
    )
    analyze.add_argument(
        "--group-by",
        default="",
        metavar="COLUMNS",
        help="comma-separated participants-file columns",
    )
    analyze.add_argument(
        "--item-group-by",
        default="",
        metavar="COLUMNS",
        help="comma-separated key-file columns (e.g. module)",
    )
    analyze.add_argument(
        "--format",
        help="output as text (default) or JSON",
        choices=("json", "text"),
        default="text",
    )
    analyze.set_defaults(func=handle_analyze, needs_database=False)  # reads files only

    evaluations = commands.add_parser(
        "evaluations",
        help="Summarise evaluation forms: Likert items per session and overall, open answers.",
        description="CSV or XLSX with columns session, question, answer [, respondent, type].",
    )
    evaluations.add_argument(
        "--responses", help="CSV/XLSX of evaluation forms", required=True, metavar="FILE"
    )
    evaluations.add_argument(
        "--format",
        help="output as text (default) or JSON",
        choices=("json", "text"),
        default="text",
    )
    evaluations.set_defaults(func=handle_evaluations, needs_database=False)  # reads files only

    report = commands.add_parser(
        "report",
        help="Write an event's interim or final narrative report (DOCX) or its tables (XLSX).",
        description=(
            "Access-checked and audited as the named user, who must be one of the event's "
            "trainers. Participants appear by code only."
        ),
    )
    report.add_argument("--event", help="the event's id", required=True, metavar="ID")
    report.add_argument("--user", required=True, metavar="USERNAME", help="a trainer of the event")
    report.add_argument(
        "--kind",
        help="interim or final narrative report (DOCX), or tables (XLSX)",
        choices=("interim", "final", "tables"),
        default="final",
    )
    report.add_argument(
        "--language",
        help="language of the report (default en)",
        choices=LANGUAGE_CODES,
        default="en",
    )
    report.add_argument(
        "--output", help="file to write (.docx, or .xlsx for tables)", required=True, metavar="FILE"
    )
    report.set_defaults(func=handle_report)

    retention = commands.add_parser(
        "retention",
        help="Erase participants' personal data of events past their retention date.",
        description=(
            "Names, contacts, links, open answers and the trainer's analysis are erased; codes, "
            "attributes, attendance and scores stay for statistics."
        ),
    )
    retention.add_argument(
        "--dry-run", help="list what would be erased; change nothing", action="store_true"
    )
    retention.set_defaults(func=handle_retention)


def _columns(text: str) -> list[str]:
    return [c.strip().casefold() for c in text.split(",") if c.strip()]


def handle_analyze(args: argparse.Namespace) -> int:
    from amanat.training.analysis import (
        analysis_dict,
        analysis_text,
        analyze,
        read_key,
        read_participants,
        read_responses,
    )

    responses = read_responses(args.responses)
    key = read_key(args.key) if args.key else None
    group_by = _columns(args.group_by)
    item_group_by = _columns(args.item_group_by)
    participants = read_participants(args.participants) if args.participants else None
    if group_by and participants is None:
        raise UsageError("--group-by needs --participants FILE", field="group_by")
    for column in group_by:
        if participants and not any(column in attrs for attrs in participants.values()):
            raise UsageError(
                f"--group-by: the participants file has no column '{column}'", field="group_by"
            )
    if item_group_by and key is None:
        raise UsageError("--item-group-by needs --key FILE", field="item_group_by")
    for column in item_group_by:
        if key and not any(column in k.attributes for k in key.values()):
            raise UsageError(
                f"--item-group-by: the key file has no values in column '{column}'",
                field="item_group_by",
            )
    result = analyze(
        responses, key, participants=participants, group_by=group_by, item_group_by=item_group_by
    )
    if args.format == "json":
        print(json.dumps(analysis_dict(result), ensure_ascii=False, indent=2, allow_nan=False))
    else:
        print(analysis_text(result))
    return 0


def handle_evaluations(args: argparse.Namespace) -> int:
    from amanat.training.analysis.evaluations import (
        evaluation_dict,
        evaluation_text,
        read_evaluations,
        summarize_evaluations,
    )

    summary = summarize_evaluations(read_evaluations(args.responses))
    if args.format == "json":
        print(json.dumps(evaluation_dict(summary), ensure_ascii=False, indent=2, allow_nan=False))
    else:
        print(evaluation_text(summary))
    return 0


def handle_report(args: argparse.Namespace) -> int:
    from pathlib import Path

    from amanat.core.progress import step
    from amanat.training import reports, selectors

    user = selectors.active_user(args.user)
    if user is None:
        raise UsageError(f"--user: no active user '{args.user}'", field="user")
    kind = "final" if args.kind == "tables" else args.kind
    step("Collecting the event's data")
    data = selectors.report_data(user, args.event, kind=kind)
    step("Writing the report")
    if args.kind == "tables":
        content = reports.build_xlsx(data, args.language)
    else:
        content = reports.build_docx(data, args.language)
    output = Path(args.output)
    if not output.parent.is_dir():
        raise UsageError(f"--output: folder '{output.parent}' does not exist", field="output")
    write_private(output, content)
    print(f"wrote {output} ({len(content):,} bytes)")
    return 0


def handle_retention(args: argparse.Namespace) -> int:
    from amanat.training.services import training_retention_apply

    result = training_retention_apply(dry_run=args.dry_run)
    verb = "would erase" if args.dry_run else "erased"
    print(
        f"{verb} participants' personal data of {result['events']} event(s)"
        + ("" if args.dry_run else f", {result['participants']} participant(s)")
    )
    return 0
