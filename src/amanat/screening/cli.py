"""`amanat guides list|show` and `amanat screen`: the screening engine from the command line.

Handlers are thin: read the input, call the pure engine, print. No database is needed.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from amanat.errors import UsageError
from amanat.screening.engine import (
    AnswerSetError,
    GuideError,
    builtin_guides,
    gc_paused,
    get_builtin,
    guide_summary,
    guide_to_dict,
    resolve,
    screen_many,
)
from amanat.screening.fieldwork import cli as fieldwork_cli


def register(subparsers: argparse._SubParsersAction) -> None:
    guides = subparsers.add_parser("guides", help="List and show the screening guides.")
    commands = guides.add_subparsers(dest="guides_command", metavar="COMMAND")
    commands.required = True
    listing = commands.add_parser("list", help="List the built-in guides.")
    listing.add_argument(
        "--format",
        help="output as text (default) or JSON",
        choices=("text", "json"),
        default="text",
    )
    listing.add_argument(
        "--language", help="language of the labels, e.g. en or ru (default en)", default="en"
    )
    listing.set_defaults(func=handle_guides_list, needs_database=False)  # reads files only
    show = commands.add_parser("show", help="Show a guide: questions and indicators with labels.")
    show.add_argument("guide_id", help="the guide's id (see `amanat guides list`)", metavar="ID")
    show.add_argument(
        "--format",
        help="output as text (default) or JSON",
        choices=("text", "json"),
        default="text",
    )
    show.add_argument(
        "--language", help="language of the labels, e.g. en or ru (default en)", default="en"
    )
    show.set_defaults(func=handle_guides_show, needs_database=False)  # reads files only
    fieldwork_cli.register(subparsers, commands)

    screen = subparsers.add_parser("screen", help="Score answer sets against a guide.")
    screen.add_argument(
        "--guide", help="the guide's id (see `amanat guides list`)", required=True, metavar="ID"
    )
    screen.add_argument("--answers", required=True, type=Path, metavar="FILE",
                        help="JSON: one answer set or an array of them")  # fmt: skip
    screen.add_argument(
        "--format",
        help="output as text (default) or JSON",
        choices=("text", "json"),
        default="text",
    )
    screen.add_argument(
        "--language", help="language of the labels, e.g. en or ru (default en)", default="en"
    )
    screen.set_defaults(func=handle_screen, needs_database=False)  # reads files only


def _guide(guide_id: str):
    try:
        return get_builtin(guide_id)
    except GuideError as error:
        raise UsageError(error.message) from None


def _print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def handle_guides_list(args: argparse.Namespace) -> int:
    guides = builtin_guides()
    if args.format == "json":
        _print_json([guide_summary(guide) for guide in guides.values()])
        return 0
    for guide in guides.values():
        title = resolve(guide.title, args.language)
        marker = "" if not title.is_fallback else f" [{title.language}]"
        print(f"{guide.id}\t{guide.version}\t{guide.method}\t{title.text}{marker}")
    return 0


def handle_guides_show(args: argparse.Namespace) -> int:
    guide = _guide(args.guide_id)
    if args.format == "json":
        _print_json(guide_to_dict(guide))
        return 0
    title = resolve(guide.title, args.language)
    print(f"{guide.id} {guide.version}: {title.text}")
    for indicator in guide.indicators:
        label = resolve(indicator.label, args.language)
        extra = " ".join(
            str(x)
            for x in (indicator.dimension, indicator.grade, indicator.level, indicator.kind)
            if x
        )
        print(f"  {indicator.id}\t{extra}\t{label.text}")
    for section in guide.sections:
        print(f"[{section.id}] {resolve(section.title, args.language).text}")
        for question in section.questions:
            print(
                f"  {question.id}\t{question.type}\t{resolve(question.label, args.language).text}"
            )
    return 0


def read_answer_sets(path: Path) -> tuple[list[Any], bool]:
    """The answer sets in FILE and whether it held an array (output mirrors the input shape)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise UsageError(f"{path}: cannot read the file ({error.strerror})") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise UsageError(f"{path}: not valid JSON ({error})") from None
    if isinstance(data, list):
        return data, True
    return [data], False


def handle_screen(args: argparse.Namespace) -> int:
    guide = _guide(args.guide)
    answer_sets, is_array = read_answer_sets(args.answers)
    try:
        results = screen_many(guide, answer_sets, language=args.language)
    except AnswerSetError as error:
        raise UsageError(f"{args.answers}: {error.message}") from None
    if args.format == "json":
        with gc_paused(len(results)):
            dicts = [result.to_dict() for result in results]
        _print_json(dicts if is_array else dicts[0])
        return 0
    for n, result in enumerate(results):
        if is_array:
            print(f"# answer set [{n}]")
        verdict = result.conclusion.presumed_victim
        print(
            f"{result.guide}: presumed_victim={'n/a' if verdict is None else str(verdict).lower()}"
        )
        for line in result.conclusion.explanation:
            print(f"  - {line}")
        for category in result.categories:
            print(f"  * {category.label}")
        print(f"  {result.disclaimer}")
    return 0
