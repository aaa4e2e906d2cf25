"""Bilingual labels for categories, countries, regions, platform vocabularies and service types
(codebook and vocabulary data; country and region names from pycountry)."""

from __future__ import annotations

from functools import cache

import pycountry

from amanat.config.languages import LANGUAGE_CODES
from amanat.core import geonames, vocabularies
from amanat.insights.ctdc.codebook import load_codebook


def country_label(code: str) -> dict[str, str]:
    # Official short names from CLDR and the project's overrides ("Кыргызстан"; ADR 1402).
    if pycountry.countries.get(alpha_2=code) is None:
        return category_label(code)
    return {lang: geonames.country_name(code, lang) or code for lang in ("en", "ru")}


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


def region_label(code: str) -> dict[str, str]:
    # Official names, not transliterations such as "Almaty oblysy" (ADR 1402).
    return {
        lang: (geonames.region_name(code, lang) if code else None) or code for lang in ("en", "ru")
    }


@cache
def _service_types() -> dict[str, dict[str, str]]:
    try:
        from amanat.referrals.taxonomy import load_taxonomy
    except ImportError:  # pragma: no cover - the referrals app is part of the platform
        return {}
    # Every interface language (each along its fallback chain), not English and Russian only.
    return {
        code: {language: t.label.get(language) for language in LANGUAGE_CODES}
        for code, t in load_taxonomy().service_types.items()
    }


def service_type_label(code: str) -> dict[str, str]:
    return _service_types().get(code, {"en": code, "ru": code})


def service_type_order() -> tuple[str, ...]:
    return tuple(_service_types())
