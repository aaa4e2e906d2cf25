"""ISO 3166 countries and subdivisions and ISO 639 languages, named in the page's language.

Country and region names come from `amanat.core.geonames` (CLDR via babel, the project's table of
official Central Asian region names, pycountry's translations); language names from pycountry.
"""

from __future__ import annotations

import gettext
from functools import lru_cache

import pycountry
from django.utils.translation import gettext as _

from amanat.core import geonames
from amanat.core.language import active

# Countries the platform serves first; they lead country pickers.
NRM_COUNTRIES = ("KZ", "KG", "TJ", "UZ", "TM")
UNKNOWN_COUNTRY = "ZZ"


@lru_cache(maxsize=8)
def _translator(domain: str, language: str):
    if language == "en":
        return None
    try:
        return gettext.translation(domain, pycountry.LOCALES_DIR, languages=[language])
    except OSError:
        return None


def _translate(domain: str, text: str, language: str | None) -> str:
    lang = (language or active()).split("-")[0]
    translator = _translator(domain, lang)
    return translator.gettext(text) if translator else text


@lru_cache(maxsize=1)
def country_codes() -> frozenset[str]:
    return frozenset(c.alpha_2 for c in pycountry.countries) | {UNKNOWN_COUNTRY}


def is_country(code: str) -> bool:
    return code in country_codes()


def country_name(code: str, language: str | None = None) -> str:
    if code == UNKNOWN_COUNTRY:
        return str(_("Unknown"))
    return geonames.country_name(code, language or active()) or code


def country_choices(language: str | None = None) -> list[tuple[str, str]]:
    first = [(code, country_name(code, language)) for code in NRM_COUNTRIES]
    rest = sorted(
        (
            (c.alpha_2, country_name(c.alpha_2, language))
            for c in pycountry.countries
            if c.alpha_2 not in NRM_COUNTRIES
        ),
        key=lambda pair: pair[1],
    )
    return first + rest


@lru_cache(maxsize=16)
def _subdivisions(country: str) -> tuple:
    return tuple(
        sorted(pycountry.subdivisions.get(country_code=country) or (), key=lambda s: s.code)
    )


def region_codes(country: str) -> frozenset[str]:
    return frozenset(s.code for s in _subdivisions(country))


def region_name(code: str, language: str | None = None) -> str:
    return (geonames.region_name(code, language or active()) if code else None) or code


def region_choices(country: str, language: str | None = None) -> list[tuple[str, str]]:
    return [(s.code, region_name(s.code, language)) for s in _subdivisions(country)]


@lru_cache(maxsize=1)
def language_codes() -> frozenset[str]:
    """ISO 639 codes accepted for a person's languages: 639-1 where it exists, else 639-3."""
    result = set()
    for lang in pycountry.languages:
        code = getattr(lang, "alpha_2", None) or lang.alpha_3
        result.add(code)
    return frozenset(result)


COMMON_LANGUAGES = ("ru", "kk", "ky", "tg", "uz", "tk", "en", "kaa", "ug", "fa", "zh")


def language_name(code: str, language: str | None = None) -> str:
    lang = pycountry.languages.get(alpha_2=code) if len(code) == 2 else None
    lang = lang or pycountry.languages.get(alpha_3=code)
    cldr_code = getattr(lang, "alpha_2", None) or code
    named = geonames.language_name(cldr_code, language or active())  # CLDR: never "Kirghiz"
    if named:
        return named
    if lang is None:
        return code
    return _translate("iso639-3", lang.name, language)


def language_choices(language: str | None = None) -> list[tuple[str, str]]:
    first = [(code, language_name(code, language)) for code in COMMON_LANGUAGES]
    return first
