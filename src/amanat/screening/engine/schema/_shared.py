"""Field types and checks shared by the guide-file models (wording as practitioners know it)."""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import ValidationInfo
from pydantic.functional_validators import PlainValidator

from amanat.rulefiles import check_unique, problem

REQUIRED_LANGUAGES = ("en", "ru")
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_.\-]*$")
# Option ids may keep the spelling of a standard picklist (HTCDS values are CamelCase).
OPTION_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")
LANGUAGE_PATTERN = re.compile(r"^[a-z]{2,3}$")
LEVEL_IDS = ("individual", "household", "community")
PROFILE_IDS = ("low", "medium", "high")
GRADE_SET_KEYS = tuple(
    "_or_".join(combo)
    for combo in (("strong",), ("medium",), ("weak",), ("strong", "medium"), ("medium", "weak"),
                  ("strong", "weak"), ("strong", "medium", "weak"))
)  # fmt: skip


def _identifier(pattern: re.Pattern) -> PlainValidator:
    def check(raw: Any) -> str:
        if not isinstance(raw, str) or not pattern.match(raw):
            raise problem(f"'{raw}' is not a valid id (lower-case letters, digits, '_', '.', '-')")
        return raw

    return PlainValidator(check)


def _non_empty(raw: Any) -> str:
    if not isinstance(raw, str) or not raw.strip():
        raise problem("expected a non-empty string")
    return raw


def _integer(minimum: int | None = None) -> PlainValidator:
    def check(raw: Any) -> int:
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise problem(f"expected an integer, found {raw!r}")
        if minimum is not None and raw < minimum:
            raise problem(f"must be at least {minimum}")
        return raw

    return PlainValidator(check)


def _number(raw: Any) -> float:
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        raise problem(f"expected a number, found {raw!r}")
    return raw


def _text(raw: Any, info: ValidationInfo) -> dict[str, str]:
    """A label: every language the guide declares present and non-empty."""
    if not isinstance(raw, dict):
        raise problem("expected a mapping of language code to text, e.g. {en: ..., ru: ...}")
    for code, value in raw.items():
        if not isinstance(code, str) or not LANGUAGE_PATTERN.match(code):
            raise problem(f"'{code}' is not an ISO 639 language code", str(code))
        if not isinstance(value, str) or not value.strip():
            raise problem("translation must be a non-empty string", code)
    languages = (info.context or {}).get("languages", REQUIRED_LANGUAGES)
    for code in languages:
        if code not in raw:
            raise problem(
                f"missing translation '{code}' (the guide declares languages {list(languages)})",
                code,
            )
    return dict(raw)


def one_of(allowed: tuple[str, ...], sentence: str | None = None) -> PlainValidator:
    def check(raw: Any) -> str:
        if raw not in allowed:
            raise problem(
                sentence.format(raw) if sentence else f"'{raw}' is not one of {', '.join(allowed)}"
            )
        return raw

    return PlainValidator(check)


def as_list(raw: Any, *, allow_empty: bool = True) -> list:
    if not isinstance(raw, list):
        raise problem(f"expected a list, found {type(raw).__name__}")
    if not raw and not allow_empty:
        raise problem("must not be empty")
    return raw


def unique_ids(items: list, what: str) -> list:
    return check_unique(items, "id", f"duplicate {what} id '{{}}'")


Identifier = Annotated[str, _identifier(ID_PATTERN)]
OptionId = Annotated[str, _identifier(OPTION_PATTERN)]
NonEmpty = Annotated[str, PlainValidator(_non_empty)]
Integer = Annotated[int, _integer()]
Positive = Annotated[int, _integer(minimum=1)]
Number = Annotated[float, PlainValidator(_number)]
Text = Annotated[dict[str, str], PlainValidator(_text)]
Refs = Annotated[list, PlainValidator(as_list)]
NonEmptyList = Annotated[list, PlainValidator(lambda raw: as_list(raw, allow_empty=False))]


def version_value(raw: Any) -> str | int | float:
    if not isinstance(raw, str | int | float) or isinstance(raw, bool):
        raise problem("expected a version string such as '1.0'")
    return raw


def language_list(raw: Any, info: ValidationInfo) -> tuple[str, ...]:
    languages = tuple(as_list(raw, allow_empty=False))
    for i, code in enumerate(languages):
        if not isinstance(code, str) or not LANGUAGE_PATTERN.match(code):
            raise problem(f"'{code}' is not an ISO 639 language code", i)
    for code in REQUIRED_LANGUAGES:
        if code not in languages:
            raise problem(
                f"must include '{code}' (English and Russian are complete in every guide)"
            )
    if isinstance(info.context, dict):
        info.context["languages"] = languages  # the labels after this point need them all
    return languages
