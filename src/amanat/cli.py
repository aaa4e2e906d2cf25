"""The `amanat` command-line tool.

Each app contributes its sub-commands from `amanat.<app>.cli.register(subparsers)`; a command sets
`func(args) -> int`. Errors derived from `AmanatError` exit with code 2 and a one-line message.

Before a data command runs, the database is checked once (`amanat.platform.database`, ADR 1600):
an empty database is migrated, one behind this version is refused with one line. Commands that
migrate by themselves (`serve`, `worker`, `demo`, `migrate`, `restore`) set
`manages_database=True`; commands that read files only set `needs_database=False`.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import os
import sys

from amanat.config import DATA_APPS

APPS_WITH_COMMANDS = ("platform", *DATA_APPS)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="amanat",
        description="Amanat: National Referral Mechanism case management.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    subparsers.required = True
    for app in APPS_WITH_COMMANDS:
        module_name = f"amanat.{app}.cli"
        if importlib.util.find_spec(module_name) is None:
            continue
        importlib.import_module(module_name).register(subparsers)
    return parser


def _needs_database_check(args: argparse.Namespace) -> bool:
    """A command that migrates by itself, or reads files only (`needs_database=False`, or a
    function of its arguments), skips the check."""
    if getattr(args, "manages_database", False):
        return False
    needs = getattr(args, "needs_database", True)
    return bool(needs(args) if callable(needs) else needs)


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "amanat.settings")
    from amanat.config.files import restrict_process_umask

    restrict_process_umask()  # defence in depth: every write site also sets 0600 itself
    import django

    django.setup()
    from django.db import DatabaseError

    from amanat.accounts.denials import flush_denials
    from amanat.errors import AmanatError
    from amanat.platform.database import ensure_database_ready

    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if _needs_database_check(args):
            ensure_database_ready()
        return int(args.func(args) or 0)
    except AmanatError as error:
        print(f"amanat: error: {error.message}", file=sys.stderr)
        return 2
    except DatabaseError as error:  # e.g. a table dropped by hand: one line, never a traceback
        detail = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        print(f"amanat: error: database: {detail}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    finally:
        flush_denials()  # refusals queued inside a rolled-back transaction are still recorded


if __name__ == "__main__":
    sys.exit(main())
