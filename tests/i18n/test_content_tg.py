"""The Tajik (tg) content overlays: every text of every rule file is translated, current, with
the same {placeholders}, and the loaded rule files show it."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest

from amanat.rulefiles.loader import load_data
from amanat.rulefiles.overlay_extract import rule_files
from amanat.rulefiles.translations import overlay_path, text_nodes

ROOT = Path(__file__).resolve().parents[2] / "src" / "amanat"
RULE_FILES = rule_files(ROOT)
BRACES = re.compile(r"\{[A-Za-z_0-9]*\}")
TAJIK_ONLY = set("ӣӯҳҷқғ")
CYRILLIC = re.compile("[а-яё]", re.I)


def test_every_rule_file_with_texts_has_a_tajik_overlay():
    assert len(RULE_FILES) >= 41
    missing = [str(p.relative_to(ROOT)) for p in RULE_FILES if not overlay_path(p, "tg").is_file()]
    assert missing == []


@pytest.mark.parametrize("rule_file", RULE_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_text_is_translated_and_current(rule_file):
    data, _ = load_data(rule_file, apply_overlays=False)
    overlay = {
        e.msgctxt: e for e in polib.pofile(str(overlay_path(rule_file, "tg"))) if not e.obsolete
    }
    problems = []
    for key, node in text_nodes(data):
        if node.get("tg"):  # written inline in the rule file: the overlay does not apply
            continue
        entry = overlay.get(key)
        if entry is None or not entry.msgstr or "fuzzy" in entry.flags or entry.msgid != node["en"]:
            problems.append(key)
        elif sorted(BRACES.findall(entry.msgstr)) != sorted(BRACES.findall(entry.msgid)):
            problems.append(f"{key}: placeholders differ")
        elif "reviewed:" in (entry.tcomment or ""):
            problems.append(f"{key}: a draft must not carry a reviewed mark")
    assert problems == []


def test_the_interview_consent_checklist_loads_in_tajik():
    path = ROOT / "screening/rules/guides/identification-interview.yaml"
    raw, _ = load_data(path, apply_overlays=False)
    merged, _ = load_data(path)
    key = "sections/consent/questions/informed_purpose/label"
    merged_node = dict(text_nodes(merged))[key]
    assert merged_node["tg"] == "Оё ба шахс дар бораи мақсади мусоҳиба хабар дода шуд?"
    assert merged_node["en"] == "Was the person informed of the purpose of the interview?"
    assert "tg" not in dict(text_nodes(raw))[key]  # the text comes from the overlay, not the file


def test_tajik_texts_are_cyrillic_tajik():
    # Spot check that the overlays were written in Tajik (Cyrillic with its own letters), not
    # copied English: every sentence of the interview is Cyrillic, and nearly all carry a letter
    # that only Tajik has (a short sentence may happen not to).
    po = polib.pofile(str(ROOT / "screening/locale/tg/content/guides/identification-interview.po"))
    long_entries = [e for e in po if len(e.msgid) > 30]
    assert len(long_entries) > 100
    assert [e.msgid for e in long_entries if not CYRILLIC.search(e.msgstr)] == []
    with_tajik_letters = [e for e in long_entries if TAJIK_ONLY & set(e.msgstr.lower())]
    assert len(with_tajik_letters) >= 0.85 * len(long_entries)
