"""The table reader moved to `amanat.tables` (shared with recruitment); re-exported here."""

from amanat.tables import (
    Table,
    TableError,
    TableRow,
    bulk_allocation,
    read_table,
    rows_from_records,
)

__all__ = ["Table", "TableError", "TableRow", "bulk_allocation", "read_table", "rows_from_records"]
