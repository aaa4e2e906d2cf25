"""Code lists of the assistance app (files in `rules/vocabularies/`, registered with the one
vocabulary registry) and labels from the referral taxonomy.

`support_plan_type` is HTCDS spl_Type. The closure reasons belong to cases
(`amanat.cases.closure_reasons`, ADR 0013) and are read through the same registry.
"""

from __future__ import annotations

from pathlib import Path

import pycountry

from amanat.core import vocabularies
from amanat.core.language import active
from amanat.referrals.taxonomy import load_taxonomy

DATA_DIR = Path(__file__).resolve().parent / "rules" / "vocabularies"
vocabularies.register_folder(DATA_DIR, owner="assistance")
# Currencies offered first in forms: the NRM countries', then the usual donor currencies.
COMMON_CURRENCIES = ("KZT", "KGS", "TJS", "UZS", "TMT", "RUB", "USD", "EUR")


def codes(name: str) -> list[str]:
    """The codes of a list, in the file's order."""
    return [item["code"] for item in vocabularies.vocabulary(name).items]


def choices(name: str) -> list[tuple[str, str]]:
    return vocabularies.choices(name)


def label(name: str, code: str) -> str:
    return vocabularies.label(name, code)


def _language() -> str:
    return active()


def service_type_choices() -> list[tuple[str, str]]:
    taxonomy = load_taxonomy()
    return [(code, st.label.get(_language())) for code, st in taxonomy.service_types.items()]


def service_type_label(code: str) -> str:
    service_type = load_taxonomy().service_types.get(code)
    return service_type.label.get(_language()) if service_type else code


def service_type_codes() -> frozenset[str]:
    return frozenset(load_taxonomy().service_types)


def spl_type_for(service_type: str) -> str:
    return load_taxonomy().service_type(service_type).htcds_spl_type


def urgency_label(code: str) -> str:
    level = load_taxonomy().urgency_levels.get(code)
    return level.label.get(_language()) if level else code


def urgency_rank(code: str) -> int:
    level = load_taxonomy().urgency_levels.get(code)
    return level.rank if level else 99


def is_currency(code: str) -> bool:
    return bool(code) and len(code) == 3 and pycountry.currencies.get(alpha_3=code) is not None


def currency_choices() -> list[tuple[str, str]]:
    return [(code, code) for code in COMMON_CURRENCIES]
