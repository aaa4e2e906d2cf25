"""`amanat translations status|export|import`: coverage, the translator's workbook, and an import
that is validated completely and writes nothing unless every row is right (ADR 1403)."""

from __future__ import annotations

import json

import polib
import pytest
from openpyxl import load_workbook

from amanat.cli import main
from amanat.privacy.models import AuditEvent
from tests.i18n.tree import make_tree, use_tree

pytestmark = pytest.mark.django_db

TRANSLATIONS = {
    "Hello %(name)s": "Салам, %(name)s",
    "Save": "Сактоо",
    "Open": "Ачуу",
    "%(count)d cases": "%(count)d иш",
    "Red <b>now</b>": "Кызыл <b>азыр</b>",
    "Blue for {name}": "{name} үчүн көк",
}


@pytest.fixture
def tree(tmp_path, monkeypatch):
    package = make_tree(tmp_path / "src")
    use_tree(monkeypatch, package)
    return package


def _export(tmp_path, language="ky"):
    out = tmp_path / f"{language}.xlsx"
    assert main(["translations", "export", "--lang", language, "--out", str(out)]) == 0
    return out


def _fill(path, edit):
    """Open the workbook, let `edit(sheet, rows_by_source)` change cells, save it back."""
    workbook = load_workbook(path)
    sheet = workbook.worksheets[0]
    header = [c.value for c in sheet[1]]
    rows = {row[header.index("source English")].value: row for row in sheet.iter_rows(min_row=2)}
    edit(sheet, header, rows)
    workbook.save(path)


def _translate_all(sheet, header, rows):
    for source, row in rows.items():
        row[header.index("current translation")].value = TRANSLATIONS[source]


def _files(tree):
    return sorted(p.relative_to(tree).as_posix() for p in tree.rglob("*") if p.is_file())


def test_status_counts_every_text_untranslated_at_first(tree, capsys):
    assert main(["translations", "status", "--lang", "ky", "--format", "json"]) == 0
    status = json.loads(capsys.readouterr().out)["languages"][0]
    assert status["language"] == "ky"
    assert (status["interface"]["total"], status["interface"]["translated"]) == (4, 0)
    assert (status["content"]["total"], status["content"]["translated"]) == (2, 0)
    assert [f["file"] for f in status["files"]] == [
        "locale/ky/LC_MESSAGES/django.po",
        "core/locale/ky/content/vocabularies/colours.po",
    ]


def test_export_lists_every_text_with_its_references(tree, tmp_path):
    sheet = load_workbook(_export(tmp_path)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (
        "kind", "file", "context/key", "plural form", "source English", "Russian reference",
        "current translation", "status", "reviewer", "where it appears / comments", "max length",
    )  # fmt: skip
    assert len(rows) == 1 + 6  # ky has one plural form
    save = next(r for r in rows if r[4] == "Save")
    assert (save[5], save[6], save[7], save[10]) == ("Сохранить", None, "draft", 12)
    red = next(r for r in rows if r[4] == "Red <b>now</b>")
    assert red[:3] == ("content", "core/locale/ky/content/vocabularies/colours.po", "items/red")
    assert AuditEvent.objects.filter(action="translations.export", object_id="ky").count() == 1


def test_round_trip_writes_drafts_compiles_and_keeps_review(tree, tmp_path, capsys):
    path = _export(tmp_path)

    def edit(sheet, header, rows):
        _translate_all(sheet, header, rows)
        rows["Save"][header.index("status")].value = "reviewed"
        rows["Save"][header.index("reviewer")].value = "Aida Bekova"

    _fill(path, edit)
    assert main(["translations", "import", str(path)]) == 0
    assert "changed 6 texts (1 reviewed) in 2 files" in capsys.readouterr().out
    catalogue = polib.pofile(str(tree / "locale/ky/LC_MESSAGES/django.po"))
    assert catalogue.metadata["Language"] == "ky"
    assert catalogue.metadata["X-Amanat-Review"] == "draft"
    assert catalogue.find("Hello %(name)s").msgstr == "Салам, %(name)s"
    assert catalogue.find("Open", msgctxt="door").msgstr == "Ачуу"
    assert catalogue.find("%(count)d case").msgstr_plural == {0: "%(count)d иш"}
    assert "reviewed: Aida Bekova " in catalogue.find("Save").tcomment
    assert "reviewed:" not in (catalogue.find("Hello %(name)s").tcomment or "")
    compiled = {
        e.msgid: e.msgstr for e in polib.mofile(str(tree / "locale/ky/LC_MESSAGES/django.mo"))
    }
    assert compiled["Save"] == "Сактоо"
    overlay = polib.pofile(str(tree / "core/locale/ky/content/vocabularies/colours.po"))
    assert overlay.find("Red <b>now</b>", msgctxt="items/red").msgstr == "Кызыл <b>азыр</b>"
    assert AuditEvent.objects.filter(action="translations.import", object_id="ky").count() == 1
    # Status now: all translated, one reviewed; a second import of the same workbook changes nothing.
    main(["translations", "status", "--lang", "ky", "--format", "json"])
    status = json.loads(capsys.readouterr().out)["languages"][0]
    assert status["interface"] | {"percent": 0} == {
        "total": 4, "translated": 4, "reviewed": 1, "draft": 3, "outdated": 0, "percent": 0,
    }  # fmt: skip
    assert main(["translations", "import", str(path)]) == 0
    assert "changed 0 texts" in capsys.readouterr().out


def _refused(tree, tmp_path, capsys, edit, *expected, lang=None):
    path = _export(tmp_path)
    _fill(path, edit)
    before = {p: (tree / p).read_bytes() for p in _files(tree)}
    argv = ["translations", "import", str(path)] + (["--lang", lang] if lang else [])
    assert main(argv) == 2
    err = capsys.readouterr().err
    for text in expected:
        assert text in err, err
    assert "nothing imported" in err
    assert {p: (tree / p).read_bytes() for p in _files(tree)} == before  # nothing written
    assert not AuditEvent.objects.filter(action="translations.import").exists()
    return err


def test_a_bad_placeholder_refuses_the_whole_workbook(tree, tmp_path, capsys):
    def edit(sheet, header, rows):
        _translate_all(sheet, header, rows)
        rows["Hello %(name)s"][header.index("current translation")].value = "Салам, %(nam)s"
        rows["Blue for {name}"][header.index("current translation")].value = "көк"

    _refused(
        tree, tmp_path, capsys, edit,
        "row 2, column G (current translation): placeholders differ from the English source:"
        " missing %(name)s; not in the source %(nam)s",
        "row 7, column G (current translation): placeholders differ from the English source:"
        " missing {name}",
    )  # fmt: skip


def test_unbalanced_or_different_html_is_refused(tree, tmp_path, capsys):
    def edit(sheet, header, rows):
        rows["Red <b>now</b>"][header.index("current translation")].value = "Кызыл <b>азыр"

    _refused(
        tree,
        tmp_path,
        capsys,
        edit,
        "row 6, column G (current translation): HTML tags are not balanced: <b> is not closed",
    )

    def edit2(sheet, header, rows):
        rows["Red <b>now</b>"][header.index("current translation")].value = "Кызыл <i>азыр</i>"

    _refused(tree, tmp_path, capsys, edit2, "HTML tags differ from the English source")


def test_length_limit_status_and_reviewer_are_checked(tree, tmp_path, capsys):
    def edit(sheet, header, rows):
        rows["Save"][header.index("current translation")].value = "Сактоо жана чыгуу"
        rows["Open"][header.index("current translation")].value = "Ачуу"
        rows["Open"][header.index("status")].value = "reviewed"
        rows["Hello %(name)s"][header.index("status")].value = "approved"

    _refused(
        tree, tmp_path, capsys, edit,
        "row 3, column G (current translation): longer than the limit of 12 characters (17)",
        "row 4, column I (reviewer): a reviewed text needs the reviewer's name",
        "row 2, column H (status): 'approved' is neither draft nor reviewed",
    )  # fmt: skip


def test_wrong_language_and_changed_source_are_refused(tree, tmp_path, capsys):
    _refused(
        tree, tmp_path, capsys, _translate_all, "the workbook is for 'ky', not for 'kk'", lang="kk"
    )

    def edit(sheet, header, rows):
        rows["Save"][header.index("source English")].value = "Save now"
        rows["Open"][header.index("file")].value = "locale/kk/LC_MESSAGES/django.po"

    _refused(
        tree, tmp_path, capsys, edit,
        "row 3, column E (source English): no such text in this file (changed since the export?)",
        "row 4, column B (file): not a file of language 'ky'",
    )  # fmt: skip


def test_missing_columns_empty_and_foreign_files_are_refused(tree, tmp_path, capsys):
    def edit(sheet, header, rows):
        sheet.delete_cols(header.index("status") + 1)

    _refused(tree, tmp_path, capsys, edit, "row 1, column 'status': missing column")
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    assert main(["translations", "import", str(empty)]) == 2
    assert "the file is empty" in capsys.readouterr().err
    text = tmp_path / "notes.xlsx"
    text.write_text("kind;file\n", encoding="cp1251")
    assert main(["translations", "import", str(text)]) == 2
    assert "not a readable XLSX workbook" in capsys.readouterr().err
    assert main(["translations", "import", str(tmp_path / "missing.xlsx")]) == 2
    assert main(["translations", "export", "--lang", "de", "--out", str(tmp_path / "x.xlsx")]) == 2
    assert "--lang: 'de' is not one of kk, ky, tg, uz" in capsys.readouterr().err


def test_a_plural_message_needs_every_form(tree, tmp_path, capsys, monkeypatch):
    # Russian-like plural rules (three forms) for this test's catalogue of Kazakh.
    from amanat.platform.translations import inventory

    monkeypatch.setattr(inventory, "django_plural_forms", lambda language: "nplurals=3; plural=0;")
    path = _export(tmp_path, "kk")

    def edit(sheet, header, rows):
        form = header.index("plural form")
        for row in sheet.iter_rows(min_row=2):
            if row[form].value == 0:
                row[header.index("current translation")].value = "%(count)d іс"

    _fill(path, edit)
    assert main(["translations", "import", str(path)]) == 2
    err = capsys.readouterr().err
    assert "plural form 1 of '%(count)d case' is empty while other forms are filled" in err
    assert not (tree / "locale/kk").exists()


def test_a_read_only_installation_refuses_cleanly(tree, tmp_path, capsys, monkeypatch):
    from amanat.platform.translations import apply

    path = _export(tmp_path)
    _fill(path, _translate_all)

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(apply, "_stage", refuse)
    assert main(["translations", "import", str(path)]) == 2
    assert "cannot write the translation files (Permission denied); nothing imported" in (
        capsys.readouterr().err
    )
    assert [p for p in tree.rglob("*") if p.is_file() and "/ky/" in str(p)] == []
    assert not AuditEvent.objects.filter(action="translations.import").exists()
