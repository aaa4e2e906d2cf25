"""Closed lists of the purposes and legal bases of an identifiable export (no Django).

The lists are data (`export_purposes.yaml`), each entry citing its source, so a data-protection
officer can check them without reading code.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

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


def _label(entry: dict) -> dict[str, str]:
    return {"en": str(entry["en"]), "ru": str(entry["ru"])}


@cache
def load_rules() -> ExportRules:
    data = yaml.safe_load(PURPOSES_PATH.read_text(encoding="utf-8"))
    bases = {
        code: LegalBasis(code, str(entry["source"]), _label(entry))
        for code, entry in data["legal_bases"].items()
    }
    purposes = {}
    for code, entry in data["purposes"].items():
        unknown = set(entry["legal_bases"]) - set(bases)
        if unknown:  # a broken data file must fail loudly, not export under an unknown basis
            raise ValueError(f"{PURPOSES_PATH.name}: {code}: unknown legal basis {unknown}")
        if entry["recipient"] not in ("required", "optional"):
            raise ValueError(f"{PURPOSES_PATH.name}: {code}: recipient is required|optional")
        if entry["approval"] not in ("above_cap", "always"):
            raise ValueError(f"{PURPOSES_PATH.name}: {code}: approval is above_cap|always")
        purposes[code] = ExportPurpose(
            code=code,
            source=str(entry["source"]),
            label=_label(entry),
            consent=entry.get("consent"),
            recipient=entry["recipient"],
            approval=entry["approval"],
            legal_bases=tuple(entry["legal_bases"]),
        )
    return ExportRules(purposes=purposes, legal_bases=bases, source=data["source"])
