"""One way to read rule files: YAML validated by a pydantic model, errors as `file:line: path: problem`.

Bottom layer: imports only yaml, pydantic and the standard library (never Django), so pure rule
engines can use it. `load(path, Model)` reads, validates and caches by path and modification time;
`validate(data, Model, file=...)` checks data already in memory (tests, composed guides).
"""

from .errors import Problem, RuleFileError
from .lines import line_for
from .loader import format_path, load, load_data, problem_at, validate
from .models import RuleModel, check_unique, problem

__all__ = [
    "Problem",
    "RuleFileError",
    "RuleModel",
    "check_unique",
    "format_path",
    "line_for",
    "load",
    "load_data",
    "problem",
    "problem_at",
    "validate",
]
