"""Bilingual labels for categories and countries (codebook data; country names from pycountry)."""

from __future__ import annotations

import gettext
from functools import cache

import pycountry

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
