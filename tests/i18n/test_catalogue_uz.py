"""The Uzbek (Latin) catalogues: every Russian msgid translated, same placeholders, Latin only.

Each Russian catalogue has an Uzbek twin with every entry translated (one plural form, as
Django's own uz catalogue declares), the same placeholder set as the English source, no Cyrillic
letter (official Uzbek is Latin: oʻ gʻ with U+02BB, the tutuq belgisi ʼ U+02BC, never an ASCII
apostrophe in a word), marked as a draft for native review, and compiled.
"""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest
from django.utils import translation

ROOT = Path(__file__).resolve().parents[2] / "src" / "amanat"
RU_CATALOGUES = sorted(ROOT.glob("**/locale/ru/LC_MESSAGES/django.po"))
PLACEHOLDER = re.compile(r"%%|%\([a-z_0-9]+\)[sdifgr]|%[sdifgr]|\{[a-z_0-9]*\}|<[^>]+>|&[a-z]+;")
CYRILLIC = re.compile(r"[\u0400-\u04ff]")
ASCII_APOSTROPHE_IN_WORD = re.compile(r"[A-Za-z]'[A-Za-z]")


def _uz(ru_path: Path) -> Path:
    return ru_path.parents[2] / "uz" / "LC_MESSAGES" / "django.po"


def _key(entry: polib.POEntry) -> tuple[str | None, str]:
    return entry.msgctxt, entry.msgid


def _placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def test_every_russian_catalogue_has_an_uzbek_twin():
    assert len(RU_CATALOGUES) >= 9
    assert [p for p in RU_CATALOGUES if not _uz(p).exists()] == []


@pytest.mark.parametrize("ru_path", RU_CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_uzbek_catalogue_translates_every_russian_msgid(ru_path):
    ru = polib.pofile(str(ru_path))
    uz = {_key(e): e for e in polib.pofile(str(_uz(ru_path)))}
    assert [e.msgid for e in ru if _key(e) not in uz] == []
    problems = []
    for source in ru:
        entry = uz[_key(source)]
        texts = list(entry.msgstr_plural.values()) if source.msgid_plural else [entry.msgstr]
        if entry.fuzzy or not all(texts):
            problems.append(("untranslated", source.msgid))
            continue
        if source.msgid_plural:
            assert sorted(entry.msgstr_plural) == [0], source.msgid  # nplurals=1
            expected = _placeholders(source.msgid) | _placeholders(source.msgid_plural)
        else:
            expected = _placeholders(source.msgid)
        for text in texts:
            if _placeholders(text) != expected:
                problems.append(("placeholders", source.msgid, text))
            if CYRILLIC.search(text):
                problems.append(("cyrillic", source.msgid, text))
            if ASCII_APOSTROPHE_IN_WORD.search(PLACEHOLDER.sub("", text)):
                problems.append(("ascii apostrophe", source.msgid, text))
            if text.startswith(" ") != source.msgid.startswith(" ") or text.endswith(
                " "
            ) != source.msgid.endswith(" "):
                problems.append(("edge spaces", source.msgid, text))
    assert problems == []


@pytest.mark.parametrize("ru_path", RU_CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_uzbek_catalogue_is_a_compiled_draft(ru_path):
    path = _uz(ru_path)
    po = polib.pofile(str(path))
    assert po.metadata["Language"] == "uz"
    assert po.metadata["Plural-Forms"] == "nplurals=1; plural=0;"
    assert po.metadata["X-Amanat-Review"] == "draft"
    # a draft by the translator-engineer: nothing claims a native review yet
    assert [e.msgid for e in po if "reviewed:" in (e.tcomment or "")] == []
    mo = polib.mofile(str(path.with_suffix(".mo")))
    assert {e.msgid for e in mo} >= {e.msgid for e in po.translated_entries()}


def test_django_serves_the_uzbek_texts():
    with translation.override("uz"):
        assert translation.gettext("Log in") == "Kirish"
        assert translation.gettext("Referral sent.") == "Yoʻnaltirish yuborildi."
        # a Django form message missing from Django's own uz catalogue, added by the project
        assert translation.gettext("Old password") == "Eski parol"
        assert translation.ngettext("%(n)s problem", "%(n)s problems", 3) == "%(n)s ta muammo"
    with translation.override("ru"):
        assert translation.gettext("Log in") != "Kirish"
