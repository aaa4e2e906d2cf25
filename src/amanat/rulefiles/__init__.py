"""One way to read rule files: YAML validated by a pydantic model, errors as `file:line: path: problem`.

Bottom layer: imports only yaml, pydantic and the standard library (never Django), so pure rule
engines can use it. `load(path, Model)` reads, validates and caches by path and modification time;
`validate(data, Model, file=...)` checks data already in memory (tests, composed guides).
"""

from .errors import Problem, RuleFileError
from .loader import load, load_data, validate
from .models import RuleModel, problem

__all__ = ["Problem", "RuleFileError", "RuleModel", "load", "load_data", "problem", "validate"]
