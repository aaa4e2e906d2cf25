"""Every Russian catalogue in the project is complete: no empty, no fuzzy entry, and compiled."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[1] / "src" / "amanat"
CATALOGUES = sorted(ROOT.glob("**/locale/ru/LC_MESSAGES/django.po"))


def test_there_is_a_project_catalogue():
    assert ROOT / "locale/ru/LC_MESSAGES/django.po" in CATALOGUES


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
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
