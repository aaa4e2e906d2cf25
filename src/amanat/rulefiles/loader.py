"""Read a YAML rule file, validate it with a pydantic model, report every problem with its line."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any, TypeVar

import pydantic
import yaml

from .errors import Problem, RuleFileError
from .lines import line_for, line_of, parse
from .models import PROBLEM
from .translations import apply_overlays as merge_overlays
from .translations import overlay_signature

M = TypeVar("M", bound=pydantic.BaseModel)

_cache: dict[tuple[str, type, int, int, tuple], Any] = {}
_cache_lock = threading.Lock()


def load(
    path: str | Path,
    model: type[M],
    *,
    name: str | None = None,
    error: type[RuleFileError] = RuleFileError,
) -> M:
    """The file at `path` validated by `model`; cached until the file changes (mtime and size).

    `name` is how errors name the file (default: the path as given). Raises `error`, a
    RuleFileError (an app may pass its own subclass, which its callers already catch).
    """
    path = Path(path)
    shown = name or str(path)
    try:
        stat = path.stat()
    except OSError as failure:
        reason = f"cannot read the file ({failure.strerror})"
        raise error([Problem(shown, None, "", reason)]) from None
    key = (str(path.resolve()), model, stat.st_mtime_ns, stat.st_size, overlay_signature(path))
    with _cache_lock:
        if key in _cache:
            return _cache[key]
    try:
        data, lines = load_data(path, name=shown)
        result = validate(data, model, file=shown, lines=lines)
    except RuleFileError as failure:
        if isinstance(failure, error):
            raise
        raise error(failure.problems) from None
    with _cache_lock:
        _cache[key] = result
    return result


def load_data(
    path: str | Path, *, name: str | None = None, apply_overlays: bool = True
) -> tuple[Any, dict]:
    """The raw data of a YAML file and its line map; RuleFileError if unreadable or not YAML.

    The texts of the file's content overlays (kk, ky, tg, uz; see `translations`) are merged in
    unless `apply_overlays` is False (the extractor reads the file as written)."""
    path = Path(path)
    shown = name or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise RuleFileError(
            [Problem(shown, None, "", f"cannot read the file ({reason})")]
        ) from None
    try:
        data, lines = parse(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else None
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        message = f"not valid YAML ({getattr(error, 'problem', None) or error})"
        raise RuleFileError([Problem(shown, line, where, message)]) from None
    return (_with_overlays(path, data, shown) if apply_overlays else data), lines


def _with_overlays(path: Path, data: Any, shown: str) -> Any:
    try:
        return merge_overlays(path, data)
    except (OSError, UnicodeDecodeError, ValueError) as error:  # polib reports bad PO as OSError
        reason = f"cannot read a translation of this file ({error})"
        raise RuleFileError([Problem(shown, None, "", reason)]) from None


def validate(
    data: Any,
    model: type[M],
    *,
    file: str,
    lines: dict | None = None,
    context: dict | None = None,
) -> M:
    """`data` validated by `model`; RuleFileError listing every problem (lines when known)."""
    try:
        return model.model_validate(data, context=context if context is not None else {})
    except pydantic.ValidationError as error:
        problems = [_problem(item, data, file, lines or {}) for item in error.errors()]
        raise RuleFileError(problems) from None


def _problem(item: dict, data: Any, file: str, lines: dict) -> Problem:
    path = _data_path(item["loc"], data)
    ctx = item.get("ctx") or {}
    if item["type"] == PROBLEM:
        path = (*path, *ctx.get("at", ()))
        message = ctx["message"]
    else:
        message = _message(item)
    return Problem(file, line_of(lines, _line_key(path, data)), format_path(path), message)


def _data_path(loc: tuple, data: Any) -> tuple:
    """The part of pydantic's `loc` that names places in the data.

    `loc` also holds union tags and validator names (`'delphi'`, `'function-after[...]'`); they
    are dropped by walking the data alongside. The last element is kept even when absent (a
    missing key).
    """
    path: list = []
    current = data
    for position, element in enumerate(loc):
        last = position == len(loc) - 1
        if isinstance(current, dict) and element in current:
            current = current[element]
            path.append(element)
        elif isinstance(current, dict) and str(element) in {str(k) for k in current}:
            key = next(k for k in current if str(k) == str(element))
            current = current[key]
            path.append(key)
        elif isinstance(current, list) and isinstance(element, int) and element < len(current):
            current = current[element]
            path.append(element)
        elif last and isinstance(current, dict | type(None)):
            path.append(element)
    return tuple(path)


def _line_key(path: tuple, data: Any) -> tuple:
    """`path` as the line map spells it: mapping keys as text, list positions as numbers."""
    key: list = []
    current = data
    for element in path:
        if isinstance(current, list) and isinstance(element, int):
            key.append(element)
            current = current[element] if element < len(current) else None
        else:
            key.append(str(element))
            current = current.get(element) if isinstance(current, dict) else None
    return tuple(key)


def format_path(path: tuple) -> str:
    """`('sections', 2, 'questions', 4, 'id')` as `sections[2].questions[4].id`."""
    text = ""
    for element in path:
        if isinstance(element, int) and not isinstance(element, bool):
            text += f"[{element}]"
        else:
            text += f".{element}" if text else str(element)
    return text


def _found(value: Any) -> str:
    return type(value).__name__ if not isinstance(value, str | int | float | bool) else repr(value)


def _message(item: dict) -> str:
    kind = item["type"]
    value = item.get("input")
    if kind == "missing":
        return "is required"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"expected a mapping, found {type(value).__name__}"
    if kind in ("list_type", "tuple_type"):
        return f"expected a list, found {type(value).__name__}"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"expected an integer, found {_found(value)}"
    if kind in ("float_type", "float_parsing"):
        return f"expected a number, found {_found(value)}"
    if kind in ("string_type",):
        return f"expected a string, found {_found(value)}"
    if kind in ("bool_type", "bool_parsing"):
        return "must be true or false"
    if kind == "literal_error":
        return f"'{value}' is not one of {item['ctx']['expected']}"
    return item["msg"]


def problem_at(path: str | Path, place: str, message: str, *, name: str | None = None) -> Problem:
    """A problem found after validation (e.g. across files), with the line of `place` in the file.

    Reads the file again: this runs only when there is a problem to report.
    """
    shown = name or str(path)
    try:
        _, lines = load_data(path, name=shown)
    except RuleFileError:
        lines = {}
    return Problem(shown, line_for(lines, place), place, message)
