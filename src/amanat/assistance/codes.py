"""Code lists of the assistance app (data files in `data/`) and labels from the referral taxonomy.

`support_plan_type` is HTCDS spl_Type. The closure reasons belong to cases
(`amanat.cases.closure_reasons`, ADR 0013); the name-based functions here still serve
"closure_reason" for the assistance forms and statistics. Labels follow the active language, as
for the core vocabularies.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pycountry
import yaml
from django.utils.translation import get_language

from amanat.cases.closure_reasons import closure_reason as closure_reason
from amanat.cases.closure_reasons import closure_reasons
from amanat.core.vocabularies import localised
from amanat.referrals.taxonomy import load_taxonomy

DATA_DIR = Path(__file__).resolve().parent / "data"
# Currencies offered first in forms: the NRM countries', then the usual donor currencies.
COMMON_CURRENCIES = ("KZT", "KGS", "TJS", "UZS", "TMT", "RUB", "USD", "EUR")


@cache
def _items(name: str) -> tuple[dict, ...]:
    if name == "closure_reason":
        return closure_reasons()
    raw = yaml.safe_load((DATA_DIR / f"{name}.yaml").read_text(encoding="utf-8"))
    return tuple({**item, "code": str(item["code"])} for item in raw["items"])


def codes(name: str) -> list[str]:
    return [item["code"] for item in _items(name)]


def choices(name: str) -> list[tuple[str, str]]:
    return [(item["code"], localised(item)) for item in _items(name)]


def label(name: str, code: str) -> str:
    for item in _items(name):
        if item["code"] == code:
            return localised(item)
    return code


def _language() -> str:
    return get_language() or "en"


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
