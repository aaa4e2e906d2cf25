"""The error raised for a malformed responses, key, participants or evaluation file.

It is a `UsageError` (the CLI exits 2) that also carries the file, row and column at fault, so a
web form in the Django phase can point at the cell instead of parsing the message.
"""

from __future__ import annotations

from amanat.tables import TableError

__all__ = ["TableError"]
