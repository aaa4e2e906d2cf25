"""The closure-reason code list (`rules/vocabularies/closure_reason.yaml`): why a case was
closed, and which HTCDS `cas_Status` (Closed or ClosedReferred) each reason sets.

Registered with the one vocabulary registry (`amanat.core.vocabularies`) under the owner "cases";
labels follow the active language.
"""

from __future__ import annotations

from pathlib import Path

from amanat.core import vocabularies

RULES_DIR = Path(__file__).resolve().parent / "rules" / "vocabularies"
vocabularies.register_folder(RULES_DIR, owner="cases")


def closure_reasons() -> tuple[dict, ...]:
    return vocabularies.vocabulary("closure_reason").items


def closure_reason(code: str) -> dict | None:
    """The reason's item (`code`, `status`, `note_required`, labels), or None if unknown."""
    return vocabularies.vocabulary("closure_reason").item(code)


def closure_reason_codes() -> list[str]:
    return [item["code"] for item in closure_reasons()]


def closure_reason_choices() -> list[tuple[str, str]]:
    return vocabularies.choices("closure_reason")


def closure_reason_label(code: str) -> str:
    return vocabularies.label("closure_reason", code)
