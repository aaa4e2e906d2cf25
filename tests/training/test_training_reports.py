"""Interim and final reports of the demo training, in English and Russian, and the tables."""

from __future__ import annotations

import io

import pytest
from docx import Document
from openpyxl import load_workbook

from amanat.training import reports, selectors, services
from amanat.training.models import Participant


def _text(blob: bytes) -> str:
    document = Document(io.BytesIO(blob))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


def _images(blob: bytes) -> int:
    document = Document(io.BytesIO(blob))
    return sum(1 for r in document.part.rels.values() if "image" in r.reltype)


HEADINGS = {
    "en": [
        "Final report",
        "1. Summary",
        "2. Agenda",
        "3. Participation",
        "4. Test results",
        "5. Evaluation",
        "6. Group work: recommendations and action points",
        "7. Trainer's analysis",
        "8. Note on method",
        "Results by role in the NRM",
    ],
    "ru": [
        "Итоговый отчёт",
        "1. Резюме",
        "2. Программа",
        "3. Участие",
        "4. Результаты тестов",
        "5. Оценка",
        "6. Работа в группах: рекомендации и план действий",
        "7. Анализ тренера",
        "8. Методика",
        "Результаты по роли в НМП",
    ],
}


@pytest.mark.parametrize("language", ["en", "ru"])
def test_final_report_in_both_languages(demo_event, language, settings):
    # About the layout (four figures): the default threshold of 10 would hide every role of the
    # demo and with them Figure 2; suppression is tested in test_training_report_suppression.
    settings.AMANAT_STATS_THRESHOLD = 2
    event, trainer = demo_event
    blob = reports.build_docx(selectors.report_data(trainer, event.pk, kind="final"), language)
    text = _text(blob)
    for heading in HEADINGS[language]:
        assert heading in text, heading
    assert "Симуляция: первичное интервью с потенциальной жертвой" in text  # the agenda
    assert "Утвердить единую форму перенаправления для всех участников НМП" in text  # groups
    assert "Больше времени на ролевые игры" in text or "Длиннее перерывы" in text  # open answers
    assert _images(blob) == 4  # scores, by role, items, evaluations
    names = [p.full_name for p in Participant.objects.filter(event=event)]
    assert names and not any(name in text for name in names)  # codes only, never names
    assert "P08" in text  # left early: named by code among those without a post-test
    if language == "ru":
        assert "p = < 0,001" in text  # Russian decimal comma
    # No final analysis yet: a space to write it in.
    assert ("[Space for the trainer's analysis" in text) == (language == "en")


def test_interim_report_shows_the_baseline_and_the_trainers_text(demo_event):
    event, trainer = demo_event
    text = _text(reports.build_docx(selectors.report_data(trainer, event.pk, kind="interim"), "ru"))
    assert "Промежуточный отчёт" in text
    assert "Входной тест показал хорошее знание определений" in text
    assert "Парный t-критерий" not in text  # no pre/post comparison before the end


def test_the_trainers_final_analysis_goes_into_the_report(demo_event):
    event, trainer = demo_event
    services.event_analysis_save(
        user=trainer,
        event_id=event.pk,
        kind="final",
        text="Group gained most on referral.\n\nRepeat module 3.",
    )
    text = _text(reports.build_docx(selectors.report_data(trainer, event.pk, kind="final"), "en"))
    assert "Group gained most on referral." in text and "Repeat module 3." in text
    assert "[Space for the trainer's analysis" not in text


def test_tables_workbook_has_every_table_and_no_names(demo_event):
    event, trainer = demo_event
    blob = reports.build_xlsx(selectors.report_data(trainer, event.pk, kind="final"), "en")
    workbook = load_workbook(io.BytesIO(blob))
    assert workbook.sheetnames == [
        "Agenda",
        "Participation",
        "Attendance",
        "Scores",
        "Summary",
        "By group",
        "Items",
        "Evaluation",
        "Open answers",
        "Group work",
    ]
    scores = list(workbook["Scores"].iter_rows(values_only=True))
    assert scores[0][:2] == ("Participant", "Role in the NRM")
    assert len(scores) == 26 and {row[0] for row in scores[1:]} == {
        f"P{n:02d}" for n in range(1, 26)
    }
    everything = " ".join(
        str(c)
        for ws in workbook
        for row in ws.iter_rows(values_only=True)
        for c in row
        if c is not None
    )
    assert not any(p.full_name in everything for p in Participant.objects.filter(event=event))
    ru = load_workbook(
        io.BytesIO(reports.build_xlsx(selectors.report_data(trainer, event.pk, kind="final"), "ru"))
    )
    assert ru.sheetnames[0] == "Программа"
