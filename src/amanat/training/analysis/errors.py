"""The error raised for a malformed responses, key, participants or evaluation file.

It is a `UsageError` (the CLI exits 2) that also carries the file, row and column at fault, so a
web form in the Django phase can point at the cell instead of parsing the message.
"""

from __future__ import annotations

from amanat.errors import UsageError


class TableError(UsageError):
    def __init__(
        self, source: str, problem: str, *, row: int | None = None, column: str | None = None
    ):
        where = source
        if row is not None:
            where += f", row {row}"
        if column is not None:
            where += f", column '{column}'"
        super().__init__(f"{where}: {problem}", field=column, code="malformed_file")
        self.source = source
        self.row = row
        self.column = column
        self.problem = problem
