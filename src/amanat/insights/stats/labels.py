"""Bilingual labels for categories, countries, regions, platform vocabularies and service types
(codebook and vocabulary data; country and region names from pycountry)."""

from __future__ import annotations

import gettext
from functools import cache

import pycountry

from amanat.core import vocabularies
from amanat.insights.ctdc.codebook import load_codebook


@cache
def _russian_country_names() -> gettext.NullTranslations:
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ru"], fallback=True)


def country_label(code: str) -> dict[str, str]:
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return category_label(code)
    english = getattr(country, "common_name", None) or country.name
    return {"en": english, "ru": _russian_country_names().gettext(country.name)}


def category_label(value: str) -> dict[str, str]:
    return load_codebook().category_labels.get(value, {"en": value, "ru": value})


def variable_label(column: str) -> dict[str, str]:
    return load_codebook().variable_labels.get(column, {"en": column, "ru": column})


@cache
def _vocabulary(name: str) -> dict[str, dict[str, str]]:
    if name not in vocabularies.available():
        return {}
    items = vocabularies.vocabulary(name).items
    return {i["code"]: {"en": str(i["en"]), "ru": str(i.get("ru") or i["en"])} for i in items}


def vocabulary_label(name: str, code: str) -> dict[str, str]:
    """A code's label from the vocabulary registry (amanat.core.vocabularies)."""
    return _vocabulary(name).get(code, {"en": code, "ru": code})


def vocabulary_order(name: str) -> tuple[str, ...]:
    return tuple(_vocabulary(name))


@cache
def _russian_region_names() -> gettext.NullTranslations:
    return gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["ru"], fallback=True)


def region_label(code: str) -> dict[str, str]:
    subdivision = pycountry.subdivisions.get(code=code) if code else None
    if subdivision is None:
        return {"en": code, "ru": code}
    return {"en": subdivision.name, "ru": _russian_region_names().gettext(subdivision.name)}


@cache
def _service_types() -> dict[str, dict[str, str]]:
    try:
        from amanat.referrals.taxonomy import load_taxonomy
    except ImportError:  # pragma: no cover - the referrals app is part of the platform
        return {}
    return {
        code: {"en": t.label.en, "ru": t.label.ru}
        for code, t in load_taxonomy().service_types.items()
    }


def service_type_label(code: str) -> dict[str, str]:
    return _service_types().get(code, {"en": code, "ru": code})


def service_type_order() -> tuple[str, ...]:
    return tuple(_service_types())
