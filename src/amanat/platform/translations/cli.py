"""The `amanat translations` command group; each sub-command lives in its own module."""

from __future__ import annotations

import argparse
from pathlib import Path

import amanat
from amanat.errors import UsageError
from amanat.rulefiles import RuleFileError
from amanat.rulefiles.overlay_extract import extract, rule_files
from amanat.rulefiles.translations import OVERLAY_LANGUAGES

PACKAGE_ROOT = Path(amanat.__file__).resolve().parent


def register(subparsers: argparse._SubParsersAction) -> argparse._SubParsersAction:
    """Add `amanat translations` and its `extract` command; returns the group's sub-parsers so
    other sub-commands can join it."""
    group = subparsers.add_parser(
        "translations", help="translation workflow: content overlays, coverage, exchange files"
    )
    commands = group.add_subparsers(dest="translations_command", metavar="COMMAND")
    commands.required = True
    extract_parser = commands.add_parser(
        "extract",
        help="create or update the content overlay PO files of a language from the rule files",
    )
    extract_parser.add_argument(
        "--lang", required=True, help=f"overlay language ({', '.join(OVERLAY_LANGUAGES)})"
    )
    extract_parser.add_argument(
        "--file",
        action="append",
        metavar="RULE_FILE",
        help="only this rule file (path of a YAML file under an app's rules/; repeatable)",
    )
    extract_parser.set_defaults(func=cmd_extract, needs_database=False)  # rule files only
    from amanat.platform.translations import commands as more_commands

    more_commands.register(commands)  # status, export, import (ADR 1403)
    return commands


def cmd_extract(args: argparse.Namespace) -> int:
    if args.lang not in OVERLAY_LANGUAGES:
        raise UsageError(
            f"--lang: '{args.lang}' has no content overlay (one of {', '.join(OVERLAY_LANGUAGES)})"
        )
    files = [Path(name) for name in args.file] if args.file else rule_files(PACKAGE_ROOT)
    for path in files:
        if not path.is_file() or path.suffix != ".yaml":
            raise UsageError(f"--file: {path} is not a YAML rule file")
    try:
        results = [extract(path, args.lang, package_root=PACKAGE_ROOT) for path in files]
    except (RuleFileError, ValueError) as error:
        raise UsageError(str(error)) from None
    for result in results:
        shown = result.overlay.relative_to(PACKAGE_ROOT).as_posix()
        print(
            f"{shown}: {result.texts} texts, {result.translated} translated,"
            f" {result.outdated} out of date"
        )
    return 0
