"""Every interface catalogue exists in every language and is complete: no empty, no fuzzy entry,
placeholders as in the English, every plural form filled, compiled, and accepted by msgfmt.

Russian is the reference: each `locale/ru/LC_MESSAGES/django.po` lists the messages of its app;
Kazakh, Kyrgyz, Tajik and Uzbek (Latin) must have the same catalogue beside it (issue 14).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import polib
import pytest

from amanat.platform.translations.checks import placeholders

ROOT = Path(__file__).resolve().parents[1] / "src" / "amanat"
REFERENCES = sorted(ROOT.glob("**/locale/ru/LC_MESSAGES/django.po"))
LANGUAGES = ("ru", "kk", "ky", "tg", "uz")
TRANSLATED = ("kk", "ky", "tg", "uz")


def _catalogue(reference: Path, language: str) -> Path:
    return reference.parents[2] / language / "LC_MESSAGES" / "django.po"


# Whatever catalogues exist are checked; the next test asserts the four languages exist.
EXISTING = [
    _catalogue(ref, lang) for ref in REFERENCES for lang in LANGUAGES
    if _catalogue(ref, lang).is_file()
]  # fmt: skip


def _id(path: Path) -> str:
    return str(path.relative_to(ROOT))


def test_there_is_a_project_catalogue():
    assert ROOT / "locale/ru/LC_MESSAGES/django.po" in REFERENCES


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_app_has_a_catalogue_in_every_language(language):
    missing = [_id(_catalogue(ref, language)) for ref in REFERENCES]
    missing = [path for path in missing if not (ROOT / path).is_file()]
    assert missing == []


@pytest.mark.parametrize("path", EXISTING, ids=_id)
def test_catalogue_is_complete_and_compiled(path):
    po = polib.pofile(str(path))
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert untranslated == []
    assert fuzzy == []
    compiled = path.with_suffix(".mo")
    assert compiled.exists()
    mo = polib.mofile(str(compiled))
    assert {e.msgid for e in mo} >= {e.msgid for e in po.translated_entries()}


@pytest.mark.parametrize("path", [p for p in EXISTING if "/ru/" not in str(p)], ids=_id)
def test_catalogue_has_every_russian_message_with_its_placeholders(path):
    po = polib.pofile(str(path))
    reference = polib.pofile(str(path.parents[2] / "ru" / "LC_MESSAGES" / "django.po"))
    language = path.parents[1].name
    assert po.metadata.get("Language") == language
    assert "nplurals" in po.metadata.get("Plural-Forms", "")
    nplurals = int(po.metadata["Plural-Forms"].split("nplurals=")[1].split(";")[0])
    problems = []
    for ru in reference:
        if ru.obsolete or not ru.msgid:
            continue
        entry = po.find(ru.msgid, msgctxt=ru.msgctxt)
        if entry is None:
            problems.append(("missing", ru.msgctxt, ru.msgid))
            continue
        if ru.msgid_plural:
            forms = [entry.msgstr_plural.get(i, "") for i in range(nplurals)]
            if not all(forms):
                problems.append(("plural forms", ru.msgid))
            expected = set(placeholders(ru.msgid_plural))
            for form in forms:
                # A singular form may name the number in words: it keeps the other placeholders.
                if not set(placeholders(form)) <= expected | set(placeholders(ru.msgid)):
                    problems.append(("placeholders", ru.msgid, form))
        elif set(placeholders(entry.msgstr)) != set(placeholders(ru.msgid)):
            problems.append(("placeholders", ru.msgid, entry.msgstr))
    assert problems == []


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext's msgfmt is not installed")
@pytest.mark.parametrize("path", EXISTING, ids=_id)
def test_msgfmt_accepts_the_catalogue(path):
    result = subprocess.run(
        ["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
