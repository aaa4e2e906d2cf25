"""The one error a rule file raises: every problem found, each with its file, line and path."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One problem: `path` is the place inside the file, e.g. `sections[2].questions[4].id`."""

    file: str
    line: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        parts = [part for part in (where, self.path, self.message) if part]
        return ": ".join(parts)


class RuleFileError(ValueError):
    """A rule file is unreadable or does not fit its model; `problems` lists every problem found."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...] | str):
        if isinstance(problems, str):  # one problem that is not about a place in a file
            problems = [Problem("", None, "", problems)]
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @property
    def first(self) -> Problem:
        return self.problems[0]
