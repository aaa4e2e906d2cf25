"""Bilingual labels of the statistics, kept in the app's gettext catalogue (docs/decisions/0666).

A statistics table carries each label in both languages (`{"en": ..., "ru": ...}`) because one
table feeds the English and the Russian report, the API answer and the charts. The words live in
gettext (locale/ru/LC_MESSAGES/django.po), not in the code: a module marks each label with
`pgettext_lazy(context, message)` (Django's name and arguments, so `makemessages` extracts it)
and `bilingual(...)` or `text(...)` reads the catalogue when the table is built.

This module imports no Django, so the pure statistics engines (stats/, ctdc/, gaps) can use it:
the app installs the catalogue lookup when Django starts (`InsightsConfig.ready`); without
Django (a bare script) labels stay in English.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

LANGUAGES = ("en", "ru")

# (language, context, message) -> translated message
Lookup = Callable[[str, str, str], str]


@dataclass(frozen=True)
class Msg:
    """A message marked for translation, looked up in the catalogue when it is shown."""

    context: str
    message: str


def pgettext_lazy(context: str, message: str) -> Msg:
    """Mark `message` (in `context`) for the catalogue; translated later, in each language."""
    return Msg(context, message)


def _untranslated(lang: str, context: str, message: str) -> str:
    return message


_lookup: Lookup = _untranslated


def install(lookup: Lookup) -> None:
    """Use `lookup` to translate (the app installs gettext at start-up)."""
    global _lookup
    _lookup = lookup


def text(msg: Msg, lang: str, **values: object) -> str:
    """`msg` in `lang`, with `%(name)s` placeholders filled from `values`."""
    translated = _lookup(lang, msg.context, msg.message)
    return translated % values if values else translated


def bilingual(msg: Msg, **values: object) -> dict[str, str]:
    """`msg` in every language of the statistics: `{"en": ..., "ru": ...}`."""
    return {lang: text(msg, lang, **values) for lang in LANGUAGES}


def same_in_all(value: str) -> dict[str, str]:
    """A value that is not translated (a name, a code, a citation), in every language."""
    return dict.fromkeys(LANGUAGES, value)
