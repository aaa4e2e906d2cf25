"""`amanat translations status|export|import` (joined to the group of `translations.cli`)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from amanat.errors import UsageError
from amanat.rulefiles.translations import OVERLAY_LANGUAGES


def register(commands: argparse._SubParsersAction) -> None:
    status = commands.add_parser("status", help="coverage and review of each language, per file")
    status.add_argument("--lang", help=f"one language ({', '.join(OVERLAY_LANGUAGES)})")
    status.add_argument(
        "--format", choices=("text", "json"), default="text", help="text for people, json for tools"
    )
    status.set_defaults(func=cmd_status)
    export = commands.add_parser("export", help="a language's texts as a translator's workbook")
    export.add_argument("--lang", required=True, help=", ".join(OVERLAY_LANGUAGES))
    export.add_argument("--out", required=True, help="the XLSX file to write")
    export.set_defaults(func=cmd_export)
    imported = commands.add_parser(
        "import", help="a returned workbook: validated, all or nothing, then compiled"
    )
    imported.add_argument("file", help="the XLSX file")
    imported.add_argument("--lang", help="refuse a workbook of another language")
    imported.add_argument("--dry-run", action="store_true", help="validate and list, write nothing")
    imported.set_defaults(func=cmd_import)


def _language(value: str | None) -> str | None:
    if value is not None and value not in OVERLAY_LANGUAGES:
        raise UsageError(f"--lang: '{value}' is not one of {', '.join(OVERLAY_LANGUAGES)}")
    return value


def cmd_status(args: argparse.Namespace) -> int:
    from amanat.platform.translations.status import language_status, status_text

    language = _language(args.lang)
    statuses = [language_status(code) for code in ([language] if language else OVERLAY_LANGUAGES)]
    if args.format == "json":
        print(json.dumps({"languages": statuses}, ensure_ascii=False, indent=2))
    else:
        print(status_text(statuses))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from amanat.config.files import write_private
    from amanat.platform.translations.services import translations_export

    language = _language(args.lang)
    out = Path(args.out)
    if not out.parent.is_dir():
        raise UsageError(f"--out: folder {out.parent} does not exist")
    write_private(out, translations_export(actor=None, language=language))
    print(f"{out}: {language}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from amanat.platform.translations.services import WorkbookErrors, translations_import

    path = Path(args.file)
    if not path.is_file():
        raise UsageError(f"{path}: file not found")
    try:
        result = translations_import(
            actor=None, data=path.read_bytes(), expected_language=_language(args.lang),
            preview=args.dry_run,
        )  # fmt: skip
    except WorkbookErrors as errors:
        for problem in errors.problems:
            print(f"amanat: error: {path.name}: {problem}", file=sys.stderr)
        print(f"amanat: error: {path.name}: nothing imported", file=sys.stderr)
        return 2
    reviewed = sum(1 for c in result.changes if c.status == "reviewed")
    verb = "would change" if args.dry_run else "changed"
    print(
        f"{path.name} ({result.language}): {verb} {len(result.changes)} texts"
        f" ({reviewed} reviewed) in {len(result.files)} files"
    )
    for file in result.files:
        print(f"  {file}")
    return 0
