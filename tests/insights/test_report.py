"""`amanat report`: the DOCX research report opened with python-docx (tables, charts as inline
images, Cyrillic text), the XLSX workbook of every table, English and Russian from one dataset."""

from __future__ import annotations

import re

import pytest
from docx import Document
from docx.enum.shape import WD_INLINE_SHAPE
from openpyxl import load_workbook

from amanat.cli import main
from amanat.insights.selectors import evidence
from amanat.insights.services import dataset_import_ctdc
from tests.insights.ctdc_independent import SHARED_CTDC, read_csv_text
from tests.insights.helpers import open_case, world

pytestmark = pytest.mark.django_db
CYRILLIC = re.compile("[а-яА-ЯёЁ]")


@pytest.fixture
def w(db):
    w = world()
    for _ in range(14):
        open_case(
            w["cm_kz"],
            name="Секретное Имя",
            birth="1985-01-01",
            region="KZ-75",
            exploitation_types=["ForcedLabour"],
            labour_industry="F_Construction",
            recruitment_methods=["ThroughFamilyOrFamilyEvents"],
            control_methods=["DebtBondage", "WithholdsDocuments"],
        )
    for _ in range(4):
        open_case(
            w["cm_kg"],
            gender="Feminine",
            citizenship=("KG",),
            region="KG-GB",
            exploitation_types=["SexualExploitation"],
        )
    return w


def text_of(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


def test_russian_docx_has_tables_charts_and_cyrillic(w, tmp_path, capsys):
    out = tmp_path / "report.docx"
    assert (
        main(
            [
                "report",
                "--dataset",
                "cases",
                "--lang",
                "ru",
                "--countries",
                "KZ,KG",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    assert "16 tables, 18 records in scope" in capsys.readouterr().out
    document = Document(out)
    statistics = [t for t in document.tables if t.rows[0].cells[0].text == "Категория"]
    assert len(statistics) == 16  # one per statistic
    # Then the research-analysis chapters (issue 15): needs and recruitment each with their
    # chart; reintegration has no assessment here, so no trajectory chart.
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[-4:-1] == [
        "Потребности пострадавших, получающих помощь",
        "Реинтеграция: закономерности",
        "Вербовка через интернет",
    ]
    pictures = [s for s in document.inline_shapes if s.type == WD_INLINE_SHAPE.PICTURE]
    assert len(pictures) == 16 + 2  # one chart per table, then the needs and recruitment charts
    images = [p for p in document.part.package.parts if p.content_type == "image/png"]
    assert len(images) == 16 + 2
    text = text_of(document)
    assert CYRILLIC.search(text)
    for phrase in (
        "Метод и данные",
        "Выводы",
        "Рекомендации",
        "Мужской",
        "Долговая кабала",
        "Страна выявления",
        "Казахстан",
        "Источник",
    ):
        assert phrase in text, phrase
    assert document.core_properties.language == "ru"
    # The 4 women are a small cell: hidden in the document, like on the dashboard.
    gender = next(t for t in document.tables if t.rows[1].cells[0].text == "Мужской")
    assert [[c.text for c in row.cells] for row in gender.rows] == [
        ["Категория", "Число", "%"],
        ["Мужской", "<10", ""],
        ["Женский", "<10", ""],
        ["Итого (знаменатель)", "18", ""],
    ]
    assert "Секретное" not in text and "Тестов" not in text


def test_english_and_russian_versions_carry_the_same_figures(w, tmp_path):
    result = evidence(w["coordinator"])
    from amanat.insights.report import build_docx

    english = Document(_save(tmp_path / "en.docx", build_docx(result, "en")))
    russian = Document(_save(tmp_path / "ru.docx", build_docx(result, "ru")))
    assert "Method and data" in text_of(english) and not CYRILLIC.search(
        "\n".join(p.text for p in english.paragraphs[:20])
    )

    def numbers(document):
        return [[row.cells[1].text for row in table.rows[1:]] for table in document.tables]

    assert numbers(english) == numbers(russian)


def _save(path, content: bytes):
    path.write_bytes(content)
    return path


def test_xlsx_workbook_has_every_table(w, tmp_path):
    out = tmp_path / "tables.xlsx"
    assert main(["report", "--dataset", "cases", "--lang", "en", "--out", str(out)]) == 0
    workbook = load_workbook(out)
    assert workbook.sheetnames[0] == "About"
    assert len(workbook.sheetnames) == 1 + 16
    tables = {t.title["en"]: t for t in evidence(w["coordinator"]).all_tables}
    for name in workbook.sheetnames[1:]:
        sheet = workbook[name]
        table = tables[sheet["A1"].value]
        rows = list(sheet.iter_rows(min_row=4, max_row=3 + len(table.rows), values_only=True))
        assert [r[0] for r in rows] == [c.key for c in table.rows]
        assert [r[2] for r in rows] == [c.count for c in table.rows]  # hidden = empty
    gender = workbook["Gender"]
    assert [c.value for c in gender[4]] == ["Male", "Male", None, None, "complement"]
    assert [c.value for c in gender[5]] == ["Female", "Female", None, None, "small count"]


def test_report_of_a_research_dataset_cites_its_source(w, tmp_path):
    frame = read_csv_text(SHARED_CTDC)
    frame = frame[frame["citizenship"].isin(["KZ", "KG", "UZ"])].head(400)
    path = tmp_path / "ca.csv"
    frame.to_csv(path, index=False)
    dataset_import_ctdc(actor=None, path=path, name="ca")
    out = tmp_path / "ca.docx"
    assert (
        main(
            [
                "report",
                "--dataset",
                "ca",
                "--lang",
                "ru",
                "--countries",
                "KZ,KG,TJ,UZ,TM",
                "--period",
                "2010-2017",
                "--out",
                str(out),
                "--xlsx",
                str(tmp_path / "ca.xlsx"),
            ]
        )
        == 0
    )
    document = Document(out)
    text = text_of(document)
    assert "Counter-Trafficking Data Collaborative (CTDC)" in text
    assert "Годы 2010-2017" in text
    assert len(document.tables) == 13 and len(document.inline_shapes) == 13


@pytest.mark.parametrize(
    "argv",
    [
        ["--dataset", "cases", "--out", "r.pdf"],
        ["--dataset", "missing", "--out", "r.docx"],
        ["--dataset", "cases", "--countries", "XX", "--out", "r.docx"],
        ["--dataset", "cases", "--match", "shoe", "--out", "r.docx"],
        ["--dataset", "cases", "--threshold", "2", "--out", "r.docx"],
        ["--dataset", "cases", "--out", "r.docx", "--xlsx", "r.csv"],
    ],
)
def test_bad_report_arguments_exit_2(w, tmp_path, monkeypatch, argv):
    monkeypatch.chdir(tmp_path)
    assert main(["report", *argv]) == 2
    assert not (tmp_path / "r.docx").exists()
