"""Errors raised by the screening engine.

They derive from the project's domain errors (a pure-Python module), so the API layer maps them
to HTTP 422 and the CLI to exit code 2 without the engine knowing about either. A GuideError is
also a `RuleFileError`, like every malformed rule file.
"""

from __future__ import annotations

from amanat.errors import ValidationError
from amanat.rulefiles import Problem, RuleFileError


class GuideError(ValidationError, RuleFileError):
    """A guide file is malformed: the message names the file, the place in it and the problem.

    `file`, `path`, `line` and `problem` describe the first problem; `problems` lists all found.
    """

    default_code = "invalid_guide"

    def __init__(self, file: str, path: str, problem: str, *, line: int | None = None,
                 problems: tuple[Problem, ...] = ()):  # fmt: skip
        problems = problems or (Problem(file, line, path, problem),)
        where = f"{file}:{line}" if line else file
        where = f"{where}: {path}" if path else where
        message = "\n".join([f"{where}: {problem}", *(str(p) for p in problems[1:])])
        ValidationError.__init__(self, message, field=path or None)
        # AmanatError's super().__init__ reached RuleFileError's; set what it would have set.
        self.args = (message,)
        self.problems = problems
        self.file = file
        self.path = path
        self.line = line
        self.problem = problem

    @classmethod
    def from_rule_file_error(cls, error: RuleFileError) -> GuideError:
        first = error.first
        return cls(first.file, first.path, first.message, line=first.line, problems=error.problems)


class AnswerSetError(ValidationError):
    """An answer set does not fit its guide (unknown ids, wrong value types)."""

    default_code = "invalid_answers"

    def __init__(self, problem: str, *, item: str | None = None):
        self.item = item
        super().__init__(problem, field=item)
