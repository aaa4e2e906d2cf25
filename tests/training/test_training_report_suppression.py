"""Small-cell suppression of the final training report (docs/decisions/0666, training amendment).

Demo event: 25 participants (15 women, 10 men); roles trainer, legal aid and NRM coordinator have
2 participants each (1, 2 and 2 with both tests); countries TJ and UZ have 2 each.
"""

from __future__ import annotations

import io

from django.utils import translation
from docx import Document

from amanat.training import reports, selectors


def _report(demo_event, kind: str, language: str = "en") -> tuple[bytes, Document]:
    event, trainer = demo_event
    blob = reports.build_docx(selectors.report_data(trainer, event.pk, kind=kind), language)
    return blob, Document(io.BytesIO(blob))


def _rows(document, first: str) -> list[list[str]]:
    """Every table row (all tables) whose first cell is `first`."""
    return [
        [cell.text for cell in row.cells]
        for table in document.tables
        for row in table.rows
        if row.cells[0].text == first
    ]


def _paragraphs(document) -> list[str]:
    return [p.text for p in document.paragraphs]


def _images(document) -> int:
    return sum(1 for r in document.part.rels.values() if "image" in r.reltype)


def _role(code: str) -> str:
    with translation.override("en"):
        return reports.label("nrm_role", code)


def test_final_report_hides_small_groups(demo_event, settings):
    settings.AMANAT_STATS_THRESHOLD = 3
    _blob, document = _report(demo_event, "final")
    # participation table (2 trainers) and results by role (1 trainer with both tests)
    assert _rows(document, _role("trainer")) == [
        [_role("trainer"), "<3", "<3"],
        [_role("trainer"), "<3", "<3", "<3", "<3", "<3"],
    ]
    assert _rows(document, _role("legal_aid"))[0] == [_role("legal_aid"), "<3", "<3"]
    # groups at or above the threshold are shown, with their counts
    case_managers = _rows(document, _role("case_manager"))
    assert case_managers[0] == [_role("case_manager"), "6", "24%"]
    assert case_managers[1][:2] == [_role("case_manager"), "6"] and "<3" not in case_managers[1]
    assert _rows(document, "Kazakhstan")[0] == ["Kazakhstan", "17", "68%"]
    assert _rows(document, "Tajikistan")[0] == ["Tajikistan", "<3", "<3"]
    text = "\n".join(_paragraphs(document))
    assert "25 participants registered (15 women, 10 men)" in text  # gender: nothing small
    assert "Groups of fewer than 3 participants are not shown (marked “<3”)" in text
    assert "Roles hidden in the table of results by role" in text  # under Figure 2
    assert _images(document) == 4  # Figure 2 still drawn, without the hidden roles


def test_final_report_hides_the_complement_of_a_lone_small_group(demo_event, settings):
    # 10 men < 11: hidden; 15 women would give it back from 25, so hidden too (secondary).
    settings.AMANAT_STATS_THRESHOLD = 11
    _blob, document = _report(demo_event, "final")
    assert _rows(document, "Female") == [
        ["Female", "<11", "<11"],
        ["Female", "<11", "<11", "<11", "<11", "<11"],
    ]
    assert _rows(document, "Male")[0] == ["Male", "<11", "<11"]
    text = "\n".join(_paragraphs(document))
    assert "25 participants registered (<11 women, <11 men)" in text
    assert "15 women" not in text and "10 men" not in text
    # every role is under 11: Figure 2 is not drawn, and the report says why
    assert _images(document) == 3
    assert "Figure 2. Mean scores by role in the NRM. Roles hidden" in text


def test_interim_report_is_not_suppressed(demo_event, settings):
    # The interim report lists each participant's role: hiding its group tables protects nothing.
    settings.AMANAT_STATS_THRESHOLD = 3
    _blob, document = _report(demo_event, "interim")
    assert _rows(document, _role("trainer"))[0] == [_role("trainer"), "2", "8%"]
    text = "\n".join(_paragraphs(document))
    assert "(15 women, 10 men)" in text and "Groups of fewer than" not in text


def test_final_report_suppression_is_said_in_russian(demo_event, settings):
    settings.AMANAT_STATS_THRESHOLD = 11
    _blob, document = _report(demo_event, "final", "ru")
    text = "\n".join(_paragraphs(document))
    assert "(женщин: <11, мужчин: <11)" in text
    assert "Группы менее чем из 11 участников не показаны (отмечены «<11»)" in text
    assert "Роли, скрытые в таблице результатов по ролям" in text
