"""Content overlays: kk/ky/tg/uz texts of rule files from per-language PO files."""

from __future__ import annotations

import textwrap

import polib
import pytest

from amanat import rulefiles
from amanat.cli import main
from amanat.rulefiles import RuleFileError, RuleModel
from amanat.rulefiles.overlay_extract import extract
from amanat.rulefiles.texts import MultilingualLabel, OverlayTexts, language_chain
from amanat.rulefiles.translations import review_status, text_nodes

RULE = textwrap.dedent(
    """\
    id: demo
    title: {en: "Identification", ru: "Идентификация"}
    questions:
      - {id: q1, label: {en: "Age", ru: "Возраст"}}
      - {id: q2, label: {en: "Gender", ru: "Пол"}, options: [{id: f, label: {en: "Female", ru: "Женский"}}]}
    items:
      - {code: Feminine, en: "Female", ru: "Женский", status: active}
    """
)


class Label(OverlayTexts):
    en: str
    ru: str


class Question(RuleModel):
    id: str
    label: Label
    options: list[dict] = []


class Demo(RuleModel):
    id: str
    title: Label
    questions: list[Question]
    items: list[dict]


@pytest.fixture
def rule_file(tmp_path):
    app = tmp_path / "app"
    (app / "rules").mkdir(parents=True)
    path = app / "rules" / "demo.yaml"
    path.write_text(RULE, encoding="utf-8")
    return path


def overlay(rule_file, language="kk"):
    return rule_file.parent.parent / "locale" / language / "content" / "demo.po"


def fill(path, translations, tcomment=""):
    catalogue = polib.pofile(str(path))
    for entry in catalogue:
        if entry.msgctxt in translations:
            entry.msgstr = translations[entry.msgctxt]
            entry.tcomment = tcomment
    catalogue.save(str(path))


def test_keys_name_list_items_by_id_or_code():
    data = rulefiles.loader.parse(RULE)[0]
    assert [key for key, _ in text_nodes(data)] == [
        "title",
        "questions/q1/label",
        "questions/q2/label",
        "questions/q2/options/f/label",
        "items/Feminine",
    ]


def test_extract_writes_one_entry_per_text_with_russian_reference(rule_file, tmp_path):
    result = extract(rule_file, "kk", package_root=tmp_path)
    assert (result.texts, result.translated, result.outdated) == (5, 0, 0)
    catalogue = polib.pofile(str(overlay(rule_file)))
    assert catalogue.metadata["Language"] == "kk"
    assert catalogue.metadata["X-Amanat-Source"] == "app/rules/demo.yaml"
    first = catalogue[0]
    assert (first.msgctxt, first.msgid, first.msgstr, first.comment) == (
        "title",
        "Identification",
        "",
        "ru: Идентификация",
    )


def test_translations_are_merged_at_load_and_untranslated_texts_stay_absent(rule_file, tmp_path):
    extract(rule_file, "kk", package_root=tmp_path)
    fill(overlay(rule_file), {"title": "Сәйкестендіру", "items/Feminine": "Әйел"})
    loaded = rulefiles.load(rule_file, Demo)
    assert loaded.title.kk == "Сәйкестендіру"
    assert loaded.title.ky == ""
    assert loaded.questions[0].label.kk == ""  # untranslated: not invented
    assert loaded.items[0]["kk"] == "Әйел"
    assert MultilingualLabel.of(loaded.title).get("kk") == "Сәйкестендіру"
    assert MultilingualLabel.of(loaded.questions[0].label).get("kk") == "Возраст"  # -> ru


def test_changed_english_hides_the_old_translation_and_extract_marks_it_fuzzy(rule_file, tmp_path):
    extract(rule_file, "kk", package_root=tmp_path)
    fill(
        overlay(rule_file),
        {"questions/q1/label": "Жасы"},
        tcomment="reviewed: A. Nurlan 2026-11-30",
    )
    assert review_status(rule_file, "questions/q1/label", "kk") == "reviewed"
    rule_file.write_text(RULE.replace('"Age"', '"Age in years"'), encoding="utf-8")
    data, _ = rulefiles.load_data(rule_file)
    assert "kk" not in data["questions"][0]["label"]
    result = extract(rule_file, "kk", package_root=tmp_path)
    assert (result.translated, result.outdated) == (0, 1)
    entry = polib.pofile(str(overlay(rule_file))).find("Age in years", msgctxt="questions/q1/label")
    assert entry.msgstr == "Жасы" and "fuzzy" in entry.flags and entry.previous_msgid == "Age"
    assert entry.tcomment == "reviewed: A. Nurlan 2026-11-30"  # kept for the translator


def test_extract_keeps_translations_and_obsoletes_removed_texts(rule_file, tmp_path):
    extract(rule_file, "kk", package_root=tmp_path)
    fill(overlay(rule_file), {"title": "Сәйкестендіру", "items/Feminine": "Әйел"})
    rule_file.write_text(
        RULE.replace(
            '  - {code: Feminine, en: "Female", ru: "Женский", status: active}\n', "  []\n"
        ).replace("items:\n  []", "items: []"),
        encoding="utf-8",
    )
    result = extract(rule_file, "kk", package_root=tmp_path)
    assert (result.texts, result.translated) == (4, 1)
    catalogue = polib.pofile(str(overlay(rule_file)))
    assert [e.msgctxt for e in catalogue.obsolete_entries()] == ["items/Feminine"]
    assert catalogue.find("Identification", msgctxt="title").msgstr == "Сәйкестендіру"


def test_draft_is_the_default_status(rule_file, tmp_path):
    extract(rule_file, "ky", package_root=tmp_path)
    fill(overlay(rule_file, "ky"), {"title": "Аныктоо"})
    assert review_status(rule_file, "title", "ky") == "draft"
    assert review_status(rule_file, "questions/q1/label", "ky") is None  # untranslated


def test_inline_text_wins_over_the_overlay(rule_file, tmp_path):
    rule_file.write_text(
        RULE.replace('ru: "Идентификация"}', 'ru: "Идентификация", kk: "Inline"}'), encoding="utf-8"
    )
    extract(rule_file, "kk", package_root=tmp_path)
    fill(overlay(rule_file), {"title": "Overlay"})
    assert rulefiles.load(rule_file, Demo).title.kk == "Inline"


def test_a_broken_overlay_is_a_rule_file_error_naming_the_file(rule_file):
    path = overlay(rule_file)
    path.parent.mkdir(parents=True)
    path.write_text("this is not a PO file\n", encoding="utf-8")
    with pytest.raises(RuleFileError) as error:
        rulefiles.load(rule_file, Demo)
    assert "cannot read a translation of this file" in str(error.value)
    assert "demo.yaml" in str(error.value)


def test_language_chain_falls_back_to_russian_then_english():
    assert language_chain("tg") == ("tg", "ru", "en")
    assert language_chain("ru-RU") == ("ru", "en")
    assert language_chain(None) == ("en", "ru")


def test_cli_refuses_an_unknown_language_and_a_non_rule_file(capsys, tmp_path):
    assert main(["translations", "extract", "--lang", "fr"]) == 2
    assert "--lang: 'fr' has no content overlay" in capsys.readouterr().err
    stray = tmp_path / "x.txt"
    stray.write_text("x", encoding="utf-8")
    assert main(["translations", "extract", "--lang", "kk", "--file", str(stray)]) == 2
    assert "is not a YAML rule file" in capsys.readouterr().err


def test_extract_leaves_an_unchanged_overlay_untouched(rule_file, tmp_path):
    extract(rule_file, "kk", package_root=tmp_path)
    fill(overlay(rule_file), {"title": "Сәйкестендіру"})
    before = overlay(rule_file).read_bytes()
    extract(rule_file, "kk", package_root=tmp_path)
    assert overlay(rule_file).read_bytes() == before  # no new creation date, no churn
