"""A "draft translation" mark beside interview questions and consent texts whose translation in
the page's language is unreviewed (AMANAT_MARK_DRAFT_TRANSLATIONS, ADR 1404)."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest

from amanat.rulefiles import load_data
from amanat.rulefiles import translations as overlays
from amanat.rulefiles.translations import text_nodes
from amanat.screening.engine import loader
from tests.fixtures import PASSWORD

pytestmark = pytest.mark.django_db

PURPOSE = "Was the person informed of the purpose of the interview?"
WITHDRAWAL = "Was the person informed of how to withdraw consent?"


@pytest.fixture
def kazakh_overlay(tmp_path, monkeypatch):
    """A Kazakh overlay of the interview: one question a draft, one reviewed."""
    guide_file = loader.BUILTIN_DIR / "identification-interview.yaml"
    data, _lines = load_data(guide_file, apply_overlays=False)
    keys = {node["en"]: key for key, node in text_nodes(data)}
    po = polib.POFile()
    po.metadata = {"Language": "kk", "Content-Type": "text/plain; charset=UTF-8"}
    po.append(
        polib.POEntry(
            msgctxt=keys[PURPOSE], msgid=PURPOSE, msgstr="Адамға сұхбаттың мақсаты айтылды ма?"
        )
    )
    po.append(
        polib.POEntry(
            msgctxt=keys[WITHDRAWAL], msgid=WITHDRAWAL,
            msgstr="Адамға келісімді қалай қайтарып алуға болатыны айтылды ма?",
            tcomment="reviewed: Aigerim Nurlanovna 2026-11-30",
        )
    )  # fmt: skip
    path = tmp_path / "identification-interview.po"
    po.save(str(path))

    def overlay_path(rule_path, language):
        same = Path(rule_path).resolve() == guide_file.resolve()
        return path if same and language == "kk" else None

    monkeypatch.setattr(overlays, "overlay_path", overlay_path)
    loader.builtin_guides.cache_clear()
    yield
    loader.builtin_guides.cache_clear()


def _consent_page(case, case_manager) -> str:
    from django.test import Client

    client = Client()
    client.cookies["django_language"] = "kk"
    client.post("/accounts/login/", {"username": case_manager.username, "password": PASSWORD})
    response = client.post(
        f"/screening/cases/{case.pk}/start/",
        {"guide": "identification-interview", "language": "kk"},
    )
    assert response.status_code == 302
    return client.get(response["Location"]).content.decode()


def _question(page: str, question: str) -> str:
    match = re.search(rf'data-testid="question-{question}">(.*?)</fieldset>', page, re.S)
    assert match, question
    return match.group(1)


def test_a_draft_translation_is_marked_and_a_reviewed_one_is_not(
    kazakh_overlay, case, case_manager
):
    page = _consent_page(case, case_manager)
    purpose = _question(page, "informed_purpose")
    assert "Адамға сұхбаттың мақсаты айтылды ма?" in purpose
    assert 'data-testid="draft-mark"' in purpose
    withdrawal = _question(page, "informed_withdrawal")
    assert "келісімді қалай қайтарып" in withdrawal
    assert 'data-testid="draft-mark"' not in withdrawal
    # Untranslated: the visible fallback marker, not a draft mark.
    retention = _question(page, "informed_retention")
    assert 'class="fallback"' in retention and 'data-testid="draft-mark"' not in retention
    assert page.count('data-testid="draft-mark"') == 1


def test_the_setting_turns_the_marks_off(kazakh_overlay, case, case_manager, settings):
    settings.AMANAT_MARK_DRAFT_TRANSLATIONS = False
    page = _consent_page(case, case_manager)
    assert "Адамға сұхбаттың мақсаты айтылды ма?" in page
    assert 'data-testid="draft-mark"' not in page
