"""Bulk writes of model instances with PostgreSQL COPY (psycopg 3), for benchmark fills only.

Every column value is what Django itself would send for the instance
(`field.get_db_prep_save(field.pre_save(...))`): encrypted fields are encrypted by the project's
own field code, timestamps and defaults filled as `bulk_create` fills them. Ids are reserved from
the table's sequence first, so rows of other tables can point at them in the same transaction.
Nothing here validates, audits or indexes names: callers do what the services would.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import connection
from django.db.models import Model


def reserve_ids(model: type[Model], count: int) -> list[int]:
    """`count` fresh primary keys from the model's id sequence (PostgreSQL)."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [table, count],
        )
        return [row[0] for row in cursor.fetchall()]


def copy_instances(model: type[Model], instances: Sequence[Model], *, with_pk: bool = True) -> None:
    """COPY the instances into the model's table: with their pk (set by the caller, e.g. from
    `reserve_ids`), or without (the database numbers them)."""
    fields = [f for f in model._meta.local_concrete_fields if with_pk or f is not model._meta.pk]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    rows = (
        [f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields] for obj in instances
    )
    copy_rows(model._meta.db_table, [f.column for f in fields], rows, columns=columns)


def copy_rows(
    table: str, names: Sequence[str], rows: Iterable[Sequence], *, columns: str = ""
) -> None:
    columns = columns or ", ".join(connection.ops.quote_name(n) for n in names)
    # Identifiers are the model's own table and column names; values go through COPY.
    sql = f"COPY {table} ({columns}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)
