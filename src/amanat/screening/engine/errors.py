"""Errors raised by the screening engine.

They derive from the project's domain errors (a pure-Python module), so the API layer maps them
to HTTP 422 and the CLI to exit code 2 without the engine knowing about either.
"""

from __future__ import annotations

from amanat.errors import ValidationError


class GuideError(ValidationError):
    """A guide file is malformed: the message names the file, the place in it and the problem."""

    default_code = "invalid_guide"

    def __init__(self, file: str, path: str, problem: str):
        self.file = file
        self.path = path
        self.problem = problem
        where = f"{file}: {path}" if path else file
        super().__init__(f"{where}: {problem}", field=path or None)


class AnswerSetError(ValidationError):
    """An answer set does not fit its guide (unknown ids, wrong value types)."""

    default_code = "invalid_answers"

    def __init__(self, problem: str, *, item: str | None = None):
        self.item = item
        super().__init__(problem, field=item)
