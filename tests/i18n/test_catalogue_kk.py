"""The Kazakh (kk) catalogues: every Russian msgid is there, translated, with the same placeholders.

A draft translation (X-Amanat-Review: draft) is still complete: no empty and no fuzzy entry, every
plural form filled, and each compiled .mo file carries all of it. Placeholders are compared as
multisets, so a dropped, renamed or doubled %(name)s, {name} or HTML tag fails.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import polib
import pytest
from django.utils import translation

from amanat.rulefiles.loader import load_data
from amanat.rulefiles.translations import DRAFT, overlay_entries, overlay_path, text_nodes

ROOT = Path(__file__).resolve().parents[2] / "src" / "amanat"
RUSSIAN = sorted(ROOT.glob("**/locale/ru/LC_MESSAGES/django.po"))
PLACEHOLDER = re.compile(
    r"%\([A-Za-z0-9_]+\)[sdfgr]|%[sdfgr%]|\{[A-Za-z0-9_]*\}|</?[a-zA-Z][^>]*>|&[a-z#0-9]+;"
)
KAZAKH_LETTERS = set("әғқңөұүһі")


def _kazakh(ru_path: Path) -> Path:
    return ru_path.parents[2] / "kk" / "LC_MESSAGES" / "django.po"


def _placeholders(text: str) -> Counter:
    return Counter(PLACEHOLDER.findall(text))


def test_every_russian_catalogue_has_a_kazakh_one():
    assert len(RUSSIAN) == 9
    assert [p for p in RUSSIAN if not _kazakh(p).exists()] == []


@pytest.mark.parametrize("ru_path", RUSSIAN, ids=lambda p: str(p.relative_to(ROOT)))
def test_kazakh_catalogue_is_complete_with_the_same_placeholders(ru_path):
    ru = polib.pofile(str(ru_path))
    kk = polib.pofile(str(_kazakh(ru_path)))
    assert kk.metadata["Language"] == "kk"
    assert kk.metadata["Plural-Forms"] == "nplurals=2; plural=(n!=1);"
    assert kk.metadata["X-Amanat-Review"] == "draft"
    by_key = {(e.msgctxt, e.msgid): e for e in kk if not e.obsolete}
    missing, empty, wrong = [], [], []
    for source in (e for e in ru if not e.obsolete):
        entry = by_key.get((source.msgctxt, source.msgid))
        if entry is None:
            missing.append(source.msgid)
            continue
        assert entry.msgid_plural == source.msgid_plural
        if source.msgid_plural:
            forms = [entry.msgstr_plural.get(i, "") for i in range(2)]
            if not all(forms):
                empty.append(source.msgid)
            if _placeholders(forms[1]) != _placeholders(source.msgid_plural):
                wrong.append(source.msgid)
        else:
            if not entry.msgstr:
                empty.append(source.msgid)
            elif _placeholders(entry.msgstr) != _placeholders(source.msgid):
                wrong.append(source.msgid)
    assert missing == []
    assert empty == []
    assert wrong == []
    assert kk.fuzzy_entries() == []
    # Drafts only: a 'reviewed:' line is for the native reviewers, never the translator.
    assert [e.msgid for e in kk if "reviewed:" in (e.tcomment or "")] == []
    mo = polib.mofile(str(_kazakh(ru_path).with_suffix(".mo")))
    assert {(e.msgctxt, e.msgid) for e in mo} >= set(by_key)


def test_kazakh_catalogues_are_written_in_kazakh_cyrillic():
    """Not copied Russian: most entries use a letter that only Kazakh has."""
    entries = [e for p in RUSSIAN for e in polib.pofile(str(_kazakh(p))) if len(e.msgid) > 40]
    kazakh = [
        e for e in entries if KAZAKH_LETTERS & set((e.msgstr or e.msgstr_plural.get(0, "")).lower())
    ]
    assert len(kazakh) / len(entries) > 0.95


@pytest.mark.parametrize(
    ("english", "kazakh"),
    [
        ("Enter a valid email address.", "Жарамды email мекенжайын енгізіңіз."),
        ("This password is too common.", "Бұл құпиясөз тым кең таралған."),
        ("Not found", "Табылмады"),
    ],
)
def test_gettext_answers_in_kazakh(english, kazakh):
    """The project catalogue also fills Django's own messages its kk catalogue lacks."""
    with translation.override("kk"):
        assert translation.gettext(english) == kazakh
    with translation.override("ru"):
        assert translation.gettext(english) != kazakh


def test_plural_messages_take_the_count():
    with translation.override("kk"):
        assert translation.ngettext("%(n)s item", "%(n)s items", 3) % {"n": 3} == "3 тапсырма"
        one = translation.ngettext("%(num)d day", "%(num)d days", 1) % {"num": 1}
    assert one == "1 күн"


# --- content overlays: the Kazakh texts of the rule files (guides, forms, code lists) ---------

RULE_FILES = sorted(
    p
    for p in ROOT.glob("*/rules/**/*.yaml")
    if overlay_path(p, "kk") and overlay_path(p, "kk").is_file()
)
BRACED = re.compile(r"\{[A-Za-z0-9_]*\}")


def test_the_required_rule_files_have_a_kazakh_overlay():
    required = [
        ROOT / "screening/rules/guides/identification-interview.yaml",
        ROOT / "assistance/rules/needs_assessment.yaml",
        ROOT / "referrals/rules/legal_bases.yaml",
        *ROOT.glob("*/rules/vocabularies/*.yaml"),
        *ROOT.glob("referrals/rules/taxonomy/*.yaml"),
    ]
    assert len(required) > 20
    assert [str(p.relative_to(ROOT)) for p in required if p not in RULE_FILES] == []


@pytest.mark.parametrize("rule_file", RULE_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_text_of_the_rule_file_is_translated_into_kazakh(rule_file):
    data, _ = load_data(rule_file, apply_overlays=False)
    texts = dict(text_nodes(data))
    entries = overlay_entries(rule_file, "kk")
    assert sorted(texts) == sorted(entries)
    stale = [key for key, node in texts.items() if entries[key].source != node["en"]]
    untranslated = [key for key, entry in entries.items() if not entry.translated]
    reviewed = [key for key, entry in entries.items() if entry.status != DRAFT]
    braces = [
        key
        for key, entry in entries.items()
        if Counter(BRACED.findall(entry.text)) != Counter(BRACED.findall(entry.source))
    ]
    assert stale == []
    assert untranslated == []
    assert reviewed == []  # drafts: only a native reviewer adds 'reviewed:'
    assert braces == []


def test_the_interview_loads_with_its_kazakh_texts():
    path = ROOT / "screening/rules/guides/identification-interview.yaml"
    merged, _ = load_data(path)
    nodes = dict(text_nodes(merged))
    assert nodes["sections/consent/title"]["kk"] == "Келісім"
    assert nodes["sections/consent/title"]["ru"] == "Согласие"  # the inline texts stay as written
    assert all(
        KAZAKH_LETTERS & set(node["kk"]) for key, node in nodes.items() if key.endswith("/help")
    )
