"""Read a `values_list` queryset into a polars DataFrame, in primary-key chunks, columnar.

The queryset is compiled by Django (so filters, joins and `Cast` annotations stay portable across
SQLite and PostgreSQL) and its SQL is run on a plain database cursor: rows go straight from the
driver into polars, without Django building a Python object or running a converter per value.
Only use it for columns whose raw database value is what the caller wants (numbers, codes,
text, JSON as text via `Cast(..., TextField())`, dates as text via `Cast(..., CharField())`):
never for encrypted fields.
"""

from __future__ import annotations

from collections.abc import Iterator

import polars as pl
from django.core.exceptions import EmptyResultSet
from django.db import connections

CHUNK = 50_000


def frames_from_values(
    queryset, columns: list[str], schema: dict[str, pl.DataType], *, chunk: int = CHUNK
) -> Iterator[pl.DataFrame]:
    """`columns` (field paths or annotation names) of `queryset`, one frame per chunk of rows.

    The first column must be the primary key: it drives the keyset pagination
    (`pk > last ORDER BY pk LIMIT chunk`), so memory stays bounded by one chunk of tuples.
    """
    if len(columns) != len(schema):
        raise ValueError("one schema entry per column")
    database = connections[queryset.db]
    last = None
    while True:
        page = queryset if last is None else queryset.filter(pk__gt=last)
        try:
            sql, params = page.order_by("pk").values_list(*columns)[:chunk].query.sql_with_params()
        except EmptyResultSet:  # `queryset.none()`, or an empty IN list: no row, no query
            return
        with database.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        if not rows:
            return
        yield pl.DataFrame(rows, schema=schema, orient="row", strict=False)
        last = rows[-1][0]
        if len(rows) < chunk:
            return


def frame_from_values(
    queryset, columns: list[str], schema: dict[str, pl.DataType], *, chunk: int = CHUNK
) -> pl.DataFrame:
    """`columns` of `queryset` as one frame with `schema` (see `frames_from_values`)."""
    frames = list(frames_from_values(queryset, columns, schema, chunk=chunk))
    if not frames:
        return pl.DataFrame(schema=schema)
    return pl.concat(frames, how="vertical")
