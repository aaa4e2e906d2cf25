"""The closure-reason code list (`rules/vocabularies/closure_reason.yaml`): why a case was
closed, and which HTCDS `cas_Status` (Closed or ClosedReferred) each reason sets.

A minimal loader in the style of `amanat.core.vocabularies` (one file, `items` with a code and
English and Russian labels); labels follow the active language. The folder follows the one
layout for rule files (`<app>/rules/vocabularies/`), so the shared vocabulary registry can take
this list over without moving it again.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

from amanat.core.vocabularies import localised

RULES_DIR = Path(__file__).resolve().parent / "rules"
CLOSURE_REASON_FILE = RULES_DIR / "vocabularies" / "closure_reason.yaml"


@cache
def closure_reasons() -> tuple[dict, ...]:
    raw = yaml.safe_load(CLOSURE_REASON_FILE.read_text(encoding="utf-8"))
    return tuple({**item, "code": str(item["code"])} for item in raw["items"])


def closure_reason(code: str) -> dict | None:
    """The reason's item (`code`, `status`, `note_required`, labels), or None if unknown."""
    return next((item for item in closure_reasons() if item["code"] == code), None)


def closure_reason_codes() -> list[str]:
    return [item["code"] for item in closure_reasons()]


def closure_reason_choices() -> list[tuple[str, str]]:
    return [(item["code"], localised(item)) for item in closure_reasons()]


def closure_reason_label(code: str) -> str:
    item = closure_reason(code)
    return localised(item) if item else code
