"""Assistance commands.

`amanat followup reminders [--organisation ID] [--today YYYY-MM-DD] [--format json]`: follow-up
visits due or overdue (case codes and dates only, nothing personal).

`amanat reintegration score --answers FILE [--format json]`: score answer sets from a file.

The file holds one answer set or a JSON array of them. An answer set is either a mapping of
indicator code -> option code, or `{"id": "...", "answers": {...}}`. Every set is validated
before anything is printed; a bad one stops the command (exit 2) naming the set and indicator.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from amanat.assistance.reintegration import InvalidAnswer, load_instrument, score_answers
from amanat.cases.fieldwork.cli import register_submissions
from amanat.errors import UsageError


def register(subparsers: argparse._SubParsersAction) -> None:
    # `amanat import submissions --guide needs-assessment` (shared with screening's guides).
    register_submissions(subparsers)
    followup = subparsers.add_parser("followup", help="Follow-up visits after assistance.")
    followup_commands = followup.add_subparsers(dest="followup_command", metavar="COMMAND")
    followup_commands.required = True
    reminders = followup_commands.add_parser(
        "reminders", help="Follow-up visits due or overdue, overdue first."
    )
    reminders.add_argument(
        "--organisation", metavar="ID", help="only cases this organisation holds (id or name)"
    )
    reminders.add_argument(
        "--today", metavar="YYYY-MM-DD", help="the day to check (default: today)"
    )
    reminders.add_argument(
        "--format",
        help="output as text (default) or JSON",
        choices=("text", "json"),
        default="text",
    )
    reminders.set_defaults(func=handle_reminders)

    reintegration = subparsers.add_parser(
        "reintegration", help="Reintegration sustainability assessments."
    )
    commands = reintegration.add_subparsers(dest="reintegration_command", metavar="COMMAND")
    commands.required = True
    score = commands.add_parser(
        "score",
        help="Score answer sets: economic, social, psychosocial and composite (0 to 1).",
    )
    score.add_argument("--answers", required=True, type=Path, metavar="FILE", help="JSON file")
    score.add_argument(
        "--format",
        help="output as text (default) or JSON",
        choices=("text", "json"),
        default="text",
    )
    score.set_defaults(func=handle_score, needs_database=False)  # reads files only


def read_answer_sets(path: Path) -> tuple[list[tuple[str, str | None, dict]], bool]:
    """Return (name for messages, id, answers) per set in the file, and whether it held an array.

    Raises UsageError naming the file, line and column or the answer set that is wrong.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise UsageError(f"--answers {path}: cannot read the file ({error.strerror})") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise UsageError(
            f"--answers {path}: not valid JSON at line {error.lineno}, column {error.colno}: "
            f"{error.msg}"
        ) from None
    items = data if isinstance(data, list) else [data]
    sets = []
    for number, item in enumerate(items, start=1):
        where = f"answer set {number}" if isinstance(data, list) else "answer set"
        if not isinstance(item, dict):
            raise UsageError(f"{where}: expected a JSON object, got {type(item).__name__}")
        if "answers" in item:
            extra = sorted(set(item) - {"id", "answers"})
            if extra:
                raise UsageError(f"{where}: unexpected keys {extra} (allowed: id, answers)")
            answers = item["answers"]
            if not isinstance(answers, dict):
                raise UsageError(f"{where}: 'answers' must be a JSON object")
            set_id = None if item.get("id") is None else str(item["id"])
        else:
            answers, set_id = item, None
        sets.append((where + (f" (id {set_id!r})" if set_id else ""), set_id, answers))
    return sets, isinstance(data, list)


def handle_score(args: argparse.Namespace) -> int:
    instrument = load_instrument()
    sets, is_array = read_answer_sets(args.answers)
    results = []
    for where, set_id, answers in sets:
        try:
            result = score_answers(answers, instrument=instrument).as_dict()
        except InvalidAnswer as error:
            raise UsageError(f"{where}: {error.message}", field=error.field) from None
        results.append({"id": set_id, **result} if set_id is not None else result)
    if args.format == "json":
        payload = results if is_array else results[0]
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return 0
    for number, result in enumerate(results, start=1):
        print(_text(number, result))
    return 0


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def _text(number: int, result: dict) -> str:
    name = result.get("id") or f"answer set {number}"
    explanation = result["explanation"]
    lines = [
        f"{name}: composite {_fmt(result['composite'])} "
        f"(economic {_fmt(result['economic'])}, social {_fmt(result['social'])}, "
        f"psychosocial {_fmt(result['psychosocial'])})"
    ]
    for code, dimension in explanation["dimensions"].items():
        lines.append(f"  {code}: {dimension['note']}")
    lines.append(f"  composite: {explanation['composite']['note']}")
    lines.append(f"  weights: {explanation['weights']}")
    return "\n".join(lines)


def _organisation_id(value: str | None) -> int | None:
    from amanat.assistance.selectors import organisations_matching

    if value in (None, ""):
        return None
    value = value.strip()
    matches = organisations_matching(value)
    if len(matches) > 1:
        raise UsageError(
            f"--organisation {value!r}: several organisations have this name; give the id"
        )
    if not matches:
        raise UsageError(f"--organisation {value!r}: no such organisation")
    return matches[0].pk


def handle_reminders(args: argparse.Namespace) -> int:
    import datetime as dt

    from django.utils import timezone

    from amanat.assistance.presenters import reminder_dict
    from amanat.assistance.selectors import followup_reminders
    from amanat.privacy.audit import audit_record

    if args.today:
        try:
            today = dt.date.fromisoformat(args.today)
        except ValueError:
            raise UsageError(f"--today {args.today!r}: expected a date as YYYY-MM-DD") from None
    else:
        today = timezone.localdate()
    organisation_id = _organisation_id(args.organisation)
    rows = followup_reminders(today=today, organisation_id=organisation_id)
    audit_record(
        action="followup.reminders",
        object_type="case",
        fields=["case_code", "due_date"],
        purpose="follow-up reminders (command line)",
        extra={"count": len(rows), "organisation_id": organisation_id},
    )
    if args.format == "json":
        payload = [reminder_dict(r) for r in rows]
        print(json.dumps(payload, ensure_ascii=False, indent=2, default=str))
        return 0
    if not rows:
        print(f"No follow-up visit due or overdue on {today}.")
        return 0
    print(f"{len(rows)} follow-up visit(s) due or overdue on {today}:")
    for r in rows:
        when = (
            f"{r.days_from_due} day(s) late"
            if r.days_from_due > 0
            else "due today"
            if r.days_from_due == 0
            else f"due in {-r.days_from_due} day(s)"
        )
        worker = f", case worker {r.case_worker}" if r.case_worker else ""
        print(
            f"  {r.status.upper():8} {r.case_code}  visit {r.number} ({r.months_after} months) "
            f"on {r.due_date}: {when}{worker}"
        )
    return 0
