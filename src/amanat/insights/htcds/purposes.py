"""Closed lists of the purposes and legal bases of an identifiable export (no Django).

The lists are data (`export_purposes.yaml`), each entry citing its source, so a data-protection
officer can check them without reading code.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from amanat import rulefiles
from amanat.insights.htcds.schema import PurposesFile

PURPOSES_PATH = Path(__file__).resolve().parents[1] / "rules" / "htcds" / "export_purposes.yaml"


@dataclass(frozen=True)
class LegalBasis:
    code: str
    source: str
    label: dict[str, str]


@dataclass(frozen=True)
class ExportPurpose:
    code: str
    source: str
    label: dict[str, str]
    consent: str | None  # the consent purpose each case needs, or None
    recipient: str  # "required" | "optional"
    approval: str  # "above_cap" | "always"
    legal_bases: tuple[str, ...]


@dataclass(frozen=True)
class ExportRules:
    purposes: dict[str, ExportPurpose]
    legal_bases: dict[str, LegalBasis]
    source: dict


@cache
def load_rules() -> ExportRules:
    """The closed lists; rulefiles.RuleFileError (file:line: place: problem) if malformed."""
    data = rulefiles.load(PURPOSES_PATH, PurposesFile)
    bases = {
        code: LegalBasis(code, entry.source, {"en": entry.en, "ru": entry.ru})
        for code, entry in data.legal_bases.items()
    }
    purposes = {
        code: ExportPurpose(
            code=code,
            source=entry.source,
            label={"en": entry.en, "ru": entry.ru},
            consent=entry.consent,
            recipient=entry.recipient,
            approval=entry.approval,
            legal_bases=tuple(entry.legal_bases),
        )
        for code, entry in data.purposes.items()
    }
    return ExportRules(purposes=purposes, legal_bases=bases, source=data.source)
