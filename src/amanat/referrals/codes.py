"""Labels in the active language for the referral codes (service types, urgency, shared fields,
legal bases, states), read from the data files; validation helpers that raise field errors."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from amanat import rulefiles
from amanat.core.language import active
from amanat.errors import ValidationError
from amanat.referrals.taxonomy import Label, LabelSpec, load_taxonomy
from amanat.rulefiles import RuleModel

LEGAL_BASES_FILE = Path(__file__).resolve().parent / "rules" / "legal_bases.yaml"


@dataclass(frozen=True)
class LegalBasis:
    code: str
    label: Label
    note_required: bool


class LegalBasisSpec(RuleModel):
    code: str
    label: LabelSpec
    note_required: bool = False


class LegalBasesFile(RuleModel):
    source: Any
    legal_bases: list[LegalBasisSpec]


@lru_cache(maxsize=1)
def legal_bases() -> dict[str, LegalBasis]:
    data = rulefiles.load(LEGAL_BASES_FILE, LegalBasesFile)
    return {
        entry.code: LegalBasis(entry.code, Label.of(entry.label), entry.note_required)
        for entry in data.legal_bases
    }


def _lang() -> str:
    return active()


def service_type_label(code: str) -> str:
    item = load_taxonomy().service_types.get(code)
    return item.label.get(_lang()) if item else code


def urgency_label(code: str) -> str:
    item = load_taxonomy().urgency_levels.get(code)
    return item.label.get(_lang()) if item else code


def shared_field_label(code: str) -> str:
    item = load_taxonomy().shared_fields.get(code)
    return item.get(_lang()) if item else code


def legal_basis_label(code: str) -> str:
    item = legal_bases().get(code)
    return item.label.get(_lang()) if item else code


def service_type_choices() -> list[tuple[str, str]]:
    return [(code, service_type_label(code)) for code in load_taxonomy().service_types]


def urgency_choices() -> list[tuple[str, str]]:
    levels = sorted(load_taxonomy().urgency_levels.values(), key=lambda level: level.rank)
    return [(level.code, level.label.get(_lang())) for level in levels]


def shared_field_choices() -> list[tuple[str, str]]:
    return [(code, shared_field_label(code)) for code in load_taxonomy().shared_fields]


def legal_basis_choices() -> list[tuple[str, str]]:
    return [(code, legal_basis_label(code)) for code in legal_bases()]


def check_service_type(code: str, *, field: str = "service_type") -> str:
    code = (code or "").strip()
    if code not in load_taxonomy().service_types:
        raise ValidationError(
            _("Unknown service type '%(value)s'. Allowed: %(allowed)s.")
            % {"value": code, "allowed": ", ".join(load_taxonomy().service_types)},
            field=field,
        )
    return code


def check_urgency(code: str, *, field: str = "urgency") -> str:
    code = (code or "").strip()
    if code not in load_taxonomy().urgency_levels:
        raise ValidationError(
            _("Unknown urgency '%(value)s'. Allowed: %(allowed)s.")
            % {"value": code, "allowed": ", ".join(load_taxonomy().urgency_levels)},
            field=field,
        )
    return code


def check_shared_fields(codes, *, field: str = "shared_fields") -> list[str]:
    if not isinstance(codes, list | tuple):
        raise ValidationError(_("Expected a list."), field=field)
    known = load_taxonomy().shared_fields
    cleaned: list[str] = []
    for code in codes:
        if code not in known:
            raise ValidationError(
                _("Unknown shared field '%(value)s'. Allowed: %(allowed)s.")
                % {"value": code, "allowed": ", ".join(known)},
                field=field,
            )
        if code not in cleaned:
            cleaned.append(code)
    return cleaned


def default_shared_fields(service_types) -> list[str]:
    """The union of the templates of the service types, in the vocabulary's order."""
    taxonomy = load_taxonomy()
    wanted = {f for code in service_types for f in taxonomy.default_shared_fields(code)}
    return [code for code in taxonomy.shared_fields if code in wanted]
