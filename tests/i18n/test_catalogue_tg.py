"""The Tajik (tg) catalogues: every Russian msgid is there, translated, with the same placeholders.

The Russian catalogue of each app is the reference: a message the Russian interface shows and the
Tajik one does not would fall back to English in the middle of a Tajik page.
"""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest
from django.utils import translation

ROOT = Path(__file__).resolve().parents[2] / "src" / "amanat"
RU_CATALOGUES = sorted(ROOT.glob("**/locale/ru/LC_MESSAGES/django.po"))
# printf and str.format placeholders, HTML tags and entities: a translation must keep them all.
PLACEHOLDER = re.compile(
    r"%\([A-Za-z_0-9]+\)[sdfgr]|%[sdfgr%]|\{[A-Za-z_0-9]*\}|</?[a-zA-Z][^>]*>|&[a-z#0-9]+;"
)


def _tg(path: Path) -> Path:
    return path.parents[2] / "tg" / "LC_MESSAGES" / "django.po"


def _placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def _key(entry: polib.POEntry) -> tuple[str | None, str, str]:
    return (entry.msgctxt, entry.msgid, entry.msgid_plural)


def test_there_are_nine_catalogues():
    assert len(RU_CATALOGUES) == 9
    assert all(_tg(path).exists() for path in RU_CATALOGUES)


@pytest.mark.parametrize("ru_path", RU_CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_russian_message_is_translated_into_tajik(ru_path):
    ru = polib.pofile(str(ru_path))
    tg = polib.pofile(str(_tg(ru_path)))
    assert tg.metadata["Language"] == "tg"
    assert tg.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    assert tg.metadata["X-Amanat-Review"] == "draft"
    by_key = {_key(e): e for e in tg}
    missing = [e.msgid for e in ru if not e.obsolete and _key(e) not in by_key]
    assert missing == []
    assert [e.msgid for e in tg.untranslated_entries()] == []
    assert [e.msgid for e in tg.fuzzy_entries()] == []
    for ru_entry in ru:
        entry = by_key[_key(ru_entry)]
        if entry.msgid_plural:
            assert sorted(entry.msgstr_plural) == [0, 1]
            pairs = [
                (entry.msgid, entry.msgstr_plural[0]),
                (entry.msgid_plural, entry.msgstr_plural[1]),
            ]
        else:
            pairs = [(entry.msgid, entry.msgstr)]
        for source, text in pairs:
            assert _placeholders(text) == _placeholders(source), entry.msgid
            # Leading and trailing spaces and newlines are part of how the text is joined.
            assert (
                text[: len(text) - len(text.lstrip())]
                == source[: len(source) - len(source.lstrip())]
            )
            assert text[len(text.rstrip()) :] == source[len(source.rstrip()) :]
        # Drafts only: a reviewed mark is for the native reviewers to add.
        assert "reviewed:" not in (entry.tcomment or "")


@pytest.mark.parametrize("ru_path", RU_CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_tajik_catalogue_is_compiled(ru_path):
    po = polib.pofile(str(_tg(ru_path)))
    mo = polib.mofile(str(_tg(ru_path).with_suffix(".mo")))
    assert {e.msgid for e in mo} >= {e.msgid for e in po.translated_entries()}


@pytest.mark.parametrize(
    ("english", "tajik"),
    [
        ("Case code", "Рамзи парванда"),  # Amanat's own project catalogue
        (
            "Enter a valid domain name.",
            "Номи домени дурустро ворид кунед.",
        ),  # Django lacks it in tg
        (
            "Your password can’t be entirely numeric.",
            "Пароли шумо набояд танҳо аз рақамҳо иборат бошад.",
        ),
    ],
)
def test_tajik_is_served_at_run_time(english, tajik):
    with translation.override("tg"):
        assert translation.gettext(english) == tajik
    with translation.override("en"):
        assert translation.gettext(english) == english


def test_plural_messages_take_the_count():
    # Tajik keeps the noun singular after a numeral: both plural forms read the same.
    with translation.override("tg"):
        assert translation.ngettext("%(n)s item", "%(n)s items", 3) % {"n": 3} == "3 савол"
        assert translation.ngettext("%(n)s item", "%(n)s items", 1) % {"n": 1} == "1 савол"
        assert translation.ngettext("%(num)d day", "%(num)d days", 5) % {"num": 5} == "5 рӯз"
