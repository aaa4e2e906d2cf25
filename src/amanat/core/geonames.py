"""Country and region names in every interface language, from CLDR and ISO data (ADR 1402).

Countries: CLDR through babel (kk, ky, tg and uz included), with the project's overrides where
CLDR's form is not the official short name (Russian "Кыргызстан", not "Киргизия"). Regions:
the project's table of official names of the Central Asian regions (`core/rules/regions.yaml`,
cited, English and Russian; the state-language names in its content overlays, drafts), else
pycountry's ISO 3166-2 translation where it has a real one, else the ISO name. No Django: the statistics engines use it too.
"""

from __future__ import annotations

import gettext
from functools import cache
from pathlib import Path

import pycountry
from babel import Locale, UnknownLocaleError

from amanat import rulefiles
from amanat.rulefiles import RuleModel
from amanat.rulefiles.texts import OverlayTexts, language_chain
from amanat.rulefiles.translations import DRAFT, review_status

REGIONS_FILE = Path(__file__).resolve().parent / "rules" / "regions.yaml"

# The official short names where CLDR differs (the state's own usage in that language).
COUNTRY_OVERRIDES: dict[str, dict[str, str]] = {
    "ru": {"KG": "Кыргызстан"},
    "en": {"KG": "Kyrgyzstan"},
}
# Language names where CLDR differs from the official usage ("кыргызский", never "Kirghiz").
LANGUAGE_OVERRIDES: dict[str, dict[str, str]] = {
    "ru": {"ky": "кыргызский"},
}
# Uzbek's official Latin alphabet writes oʻ gʻ with U+02BB and the apostrophe with U+02BC; CLDR
# sometimes has the quotation marks U+2018/U+2019 instead.
_UZBEK_LETTERS = str.maketrans({"\u2018": "\u02bb", "\u2019": "\u02bc"})


def _cldr(lang: str, text: str | None) -> str | None:
    return text.translate(_UZBEK_LETTERS) if text and lang == "uz" else text


class RegionNames(OverlayTexts):
    en: str
    ru: str


class RegionsFile(RuleModel):
    id: str
    source: str
    regions: dict[str, RegionNames]


@cache
def _locale(language: str) -> Locale | None:
    try:
        return Locale.parse(language)
    except (ValueError, UnknownLocaleError):
        return None


def country_name(code: str, language: str | None) -> str | None:
    """The country's name in `language` along its fallback order; None for an unknown code."""
    for lang in language_chain(language):
        override = COUNTRY_OVERRIDES.get(lang, {}).get(code)
        if override:
            return override
        locale = _locale(lang)
        name = _cldr(lang, locale.territories.get(code)) if locale is not None else None
        if name:
            return name
    country = pycountry.countries.get(alpha_2=code)
    return (getattr(country, "common_name", None) or country.name) if country else None


def language_name(code: str, language: str | None) -> str | None:
    """An ISO 639 language's name in `language` (capitalised, for lists); None if unknown."""
    for lang in language_chain(language):
        name = LANGUAGE_OVERRIDES.get(lang, {}).get(code)
        locale = _locale(lang)
        name = name or (_cldr(lang, locale.languages.get(code)) if locale is not None else None)
        if name:
            return name[:1].upper() + name[1:]
    return None


@cache
def regions_table() -> RegionsFile:
    return rulefiles.load(REGIONS_FILE, RegionsFile)


@cache
def _iso_translation(language: str) -> gettext.NullTranslations | None:
    try:
        return gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=[language])
    except OSError:
        return None


def region_name(code: str, language: str | None) -> str | None:
    """The region's name in `language` along its fallback order; None for an unknown code."""
    subdivision = pycountry.subdivisions.get(code=code) if code else None
    entry = regions_table().regions.get(code)
    if subdivision is None and entry is None:
        return None
    for lang in language_chain(language):
        if entry is not None and getattr(entry, lang, ""):
            return getattr(entry, lang)
        if subdivision is not None and lang != "en":
            translation = _iso_translation(lang)
            # pycountry "translates" many names to themselves (transliterated Latin): not a name.
            if (
                translation is not None
                and translation.gettext(subdivision.name) != subdivision.name
            ):
                return translation.gettext(subdivision.name)
        if subdivision is not None and lang == "en":
            return subdivision.name
    return subdivision.name if subdivision is not None else entry.en


def region_is_draft(code: str, language: str | None) -> bool:
    """Whether the project table's name for `code` in `language` awaits a native review."""
    status = review_status(REGIONS_FILE, f"regions/{code}", language_chain(language)[0])
    return status == DRAFT
