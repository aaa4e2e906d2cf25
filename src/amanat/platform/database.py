"""Is the database ready for a data command? Checked once by `amanat` before any command that
reads or writes data (ADR 1600).

- A database with no tables at all (a fresh data folder, an empty PostgreSQL database) is
  migrated at once: nothing can be lost, and it is what `serve` and `demo` do anyway.
- A database that is behind this version (an upgrade) is refused with one line: the operator
  takes a backup and runs `amanat migrate` deliberately, never as a side effect of a report.
- A database that cannot be reached is one line naming DATABASE_URL / the data folder.
"""

from __future__ import annotations

import sys

from django.core.management import call_command
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor

from amanat.errors import UsageError


def pending_migrations() -> tuple[bool, int]:
    """(the database has no migration table yet, number of migrations not applied)."""
    try:
        executor = MigrationExecutor(connection)
        fresh = not executor.recorder.has_table()
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError as error:
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error)
        raise UsageError(
            f"cannot reach the database ({first_line}): check DATABASE_URL or AMANAT_DATA_DIR."
        ) from error
    return fresh, len(plan)


def ensure_database_ready() -> None:
    fresh, pending = pending_migrations()
    if not pending:
        return
    if fresh:
        print(f"amanat: preparing a new database ({pending} migrations)...", file=sys.stderr)
        call_command("migrate", interactive=False, verbosity=0)
        return
    raise UsageError(
        f"the database is {pending} migration(s) behind this version of Amanat: take a backup "
        "(`amanat backup --out FILE`) and run `amanat migrate` first."
    )
