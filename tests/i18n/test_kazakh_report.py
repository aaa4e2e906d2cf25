"""A Kazakh DOCX report with charts: Kazakh text, DejaVu Sans named in the document, and charts
whose labels (read back from each picture's PNG, see amanat.core.fonts) carry Kazakh letters the
font draws (ADR 1401). Needs the Kazakh catalogues (branch tkk)."""

from __future__ import annotations

import io
import warnings

import pytest
from docx import Document
from docx.oxml.ns import qn

from amanat.core import fonts
from amanat.training import reports, selectors

pytestmark = pytest.mark.django_db
KAZAKH = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")


def test_the_final_training_report_in_kazakh(demo_event, settings):
    settings.AMANAT_STATS_THRESHOLD = (
        2  # every chart of the demo is drawn (see test_training_reports)
    )
    event, trainer = demo_event
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=".*missing from font.*")
        blob = reports.build_docx(selectors.report_data(trainer, event.pk, kind="final"), "kk")
    document = Document(io.BytesIO(blob))
    assert document.core_properties.language == "kk"
    fonts_of_normal = document.styles["Normal"].element.rPr.rFonts
    for attribute in ("w:ascii", "w:hAnsi", "w:cs"):
        assert fonts_of_normal.get(qn(attribute)) == "DejaVu Sans"
    assert document.styles["Heading 1"].font.name == "DejaVu Sans"
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert KAZAKH & set("".join(headings)), headings  # the report's own words are Kazakh
    assert "Final report" not in headings and "Итоговый отчёт" not in headings
    charts = fonts.docx_picture_texts(document)
    assert len(charts) == 4
    assert all(charts), "every chart carries its labels"
    labels = "\n".join(charts)
    assert KAZAKH & set(labels), labels
    assert fonts.missing_glyphs(labels) == []
