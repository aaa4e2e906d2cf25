"""Paper imports (participants, tests, evaluations): all or nothing, every error names its row and
column, through the services, the API (4xx JSON) and the pages (a message, never a 500)."""

from __future__ import annotations

import io
import json

import pytest
from django.test import Client
from openpyxl import Workbook

from amanat.errors import AmanatError
from amanat.training import services
from amanat.training.analysis.errors import TableError
from amanat.training.models import EvaluationResponse, Participant, TestSubmission
from tests.fixtures import PASSWORD, api_client


def csv_bytes(rows, delimiter=",") -> bytes:
    return "\n".join(delimiter.join(str(c) for c in row) for row in rows).encode("utf-8")


def xlsx_bytes(rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def people(trainer, event):
    for code in ("P01", "P02", "P03"):
        services.participant_add(
            user=trainer, event_id=event.pk, data={"full_name": f"Name {code}", "code": code}
        )
    return event


def _error(callable_, **kwargs) -> TableError:
    with pytest.raises(TableError) as caught:
        callable_(**kwargs)
    return caught.value


# --- participants -----------------------------------------------------------------------------


def test_participants_import_with_russian_headers_and_labels(trainer, event):
    rows = [
        ("ФИО", "Организация", "Тип организации", "Роль", "Пол", "Страна"),
        (
            "Айгуль Садыкова",
            "НПО Шанс",
            "Неправительственная организация",
            "Кейс-менеджер / социальный работник",
            "Женский",
            "KZ",
        ),
        (
            "Bakhtiyor Rakhimov",
            "Police",
            "LawEnforcement",
            "law_enforcement",
            "Masculine",
            "Uzbekistan",
        ),
    ]
    created = services.participants_import(
        user=trainer, event_id=event.pk, file_name="list.xlsx", content=xlsx_bytes(rows)
    )
    assert [
        (p.code, p.full_name, p.organisation_type, p.nrm_role, p.gender, p.country) for p in created
    ] == [
        ("P01", "Айгуль Садыкова", "NGO", "case_manager", "Feminine", "KZ"),
        ("P02", "Bakhtiyor Rakhimov", "LawEnforcement", "law_enforcement", "Masculine", "UZ"),
    ]
    assert all(p.token for p in Participant.objects.filter(event=event))


@pytest.mark.parametrize(
    ("rows", "row", "column", "message"),
    [
        (
            [("name", "gender"), ("A", "Female"), ("B", "Robot")],
            3,
            "gender",
            "not an allowed value",
        ),
        ([("name", "country"), ("A", "Narnia")], 2, "country", "is not a country"),
        ([("name", "code"), ("A", "P09"), ("B", "P09")], 3, "code", "already on row 2"),
        ([("name", "code"), ("A", "P 9")], 2, "code", "without spaces"),
        ([("name", "email"), ("A", "not-an-address")], 2, "email", "valid e-mail"),
        ([("name", "role"), ("A", "")], None, None, None),
        ([("organisation",), ("NGO",)], 1, "name", "missing column"),
        ([("name", "organisation"), ("", "NGO")], 2, "name", "empty value"),
    ],
)
def test_participant_import_errors_name_row_and_column(trainer, event, rows, row, column, message):
    if message is None:  # a valid file: an empty role is simply not recorded
        assert (
            len(
                services.participants_import(
                    user=trainer, event_id=event.pk, file_name="l.csv", content=csv_bytes(rows)
                )
            )
            == 1
        )
        return
    error = _error(
        services.participants_import,
        user=trainer,
        event_id=event.pk,
        file_name="l.csv",
        content=csv_bytes(rows),
    )
    assert (error.row, error.column) == (row, column)
    assert message in error.message
    assert error.message.startswith(f"l.csv, row {row}, column '{column}'")
    assert Participant.objects.filter(event=event).count() == 0  # nothing was imported


def test_participant_import_rejects_a_code_already_in_the_event(trainer, people):
    error = _error(
        services.participants_import,
        user=trainer,
        event_id=people.pk,
        file_name="l.csv",
        content=csv_bytes([("code", "name"), ("P02", "X")]),
    )
    assert (error.row, error.column) == (2, "code")
    assert Participant.objects.filter(event=people).count() == 3


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("list.pdf", b"%PDF", "unsupported file type"),
        ("list.csv", b"", "the file is empty"),
        ("list.csv", "name\nАйгуль\n".encode("cp1251"), "not UTF-8"),
        ("list.xlsx", b"PK\x03\x04 not really a workbook", "not a readable XLSX"),
        ("list.csv", b"name\n", "no participants"),
        ("list.csv", b"x" * (5 * 1024 * 1024 + 1), "larger than 5 MB"),
    ],
)
def test_unreadable_files_are_refused(trainer, event, name, content, message):
    error = _error(
        services.participants_import,
        user=trainer,
        event_id=event.pk,
        file_name=name,
        content=content,
    )
    assert message in error.message


# --- tests on paper ---------------------------------------------------------------------------


def test_long_layout_in_csv_with_semicolons(trainer, people):
    rows = [
        ("participant", "phase", "item", "answer"),
        ("P01", "pre", "Q1", "b"),
        ("P01", "pre", "Q3", "c, a"),
        ("P02", "до", "q2", "нет"),
        ("P01", "post", "Q1", "B"),
    ]
    count = services.test_responses_import(
        user=trainer,
        event_id=people.pk,
        file_name="answers.csv",
        content=csv_bytes(rows, delimiter=";"),
    )
    assert count == 3
    sheets = {
        (s.participant.code, s.phase): s.answers
        for s in TestSubmission.objects.filter(event=people).select_related("participant")
    }
    assert sheets == {
        ("P01", "pre"): {"Q1": "B", "Q2": "", "Q3": "A;C"},
        ("P02", "pre"): {"Q1": "", "Q2": "false", "Q3": ""},
        ("P01", "post"): {"Q1": "B", "Q2": "", "Q3": ""},
    }
    assert {s.source for s in TestSubmission.objects.filter(event=people)} == {"paper"}


def test_wide_layout_in_xlsx_with_the_phase_chosen_on_import(trainer, people):
    rows = [
        ("participant", "name", "Q1", "Q2", "Q3", "total"),
        ("P01", "ignored", "B", "да", "A;C", 3),
        ("P03", "", "A", None, "C", 0),
    ]
    assert (
        services.test_responses_import(
            user=trainer,
            event_id=people.pk,
            file_name="pre.xlsx",
            content=xlsx_bytes(rows),
            phase="pre",
        )
        == 2
    )
    answers = {
        s.participant.code: s.answers
        for s in TestSubmission.objects.filter(event=people, phase="pre").select_related(
            "participant"
        )
    }
    assert answers == {
        "P01": {"Q1": "B", "Q2": "true", "Q3": "A;C"},
        "P03": {"Q1": "A", "Q2": "", "Q3": "C"},
    }


TEST_ERRORS = [
    (
        [
            ("participant", "phase", "item", "answer"),
            ("P01", "pre", "Q1", "B"),
            ("P99", "pre", "Q1", "B"),
        ],
        3,
        "participant",
        "not a participant code",
    ),
    (
        [("participant", "phase", "item", "answer"), ("P01", "middle", "Q1", "B")],
        2,
        "phase",
        "unknown phase",
    ),
    (
        [("participant", "phase", "item", "answer"), ("P01", "pre", "Q9", "B")],
        2,
        "item",
        "not an item of this test",
    ),
    (
        [("participant", "phase", "item", "answer"), ("P01", "pre", "Q1", "Z")],
        2,
        "answer",
        "'Z' is not an option of item Q1",
    ),
    (
        [("participant", "phase", "item", "answer"), ("P01", "pre", "Q2", "maybe")],
        2,
        "answer",
        "is not true or false",
    ),
    (
        [
            ("participant", "phase", "item", "answer"),
            ("P01", "pre", "Q1", "B"),
            ("P01", "pre", "Q1", "A"),
        ],
        3,
        "item",
        "already given on row 2",
    ),
    (
        [
            ("participant", "phase", "q1", "q2", "q3"),
            ("P01", "pre", "B", "да", "A"),
            ("P02", "pre", "B", "нет", "A;X"),
        ],
        3,
        "q3",
        "'X' is not an option",
    ),
    (
        [("participant", "phase", "Q1", "Q7"), ("P01", "pre", "B", "A")],
        1,
        "q7",
        "not an item of this test",
    ),
    (
        [("participant", "phase", "Q1"), ("P01", "pre", "B"), ("P01", "pre", "A")],
        3,
        "participant",
        "has a pre-test on row 2",
    ),
    ([("participant", "item", "answer"), ("P01", "Q1", "B")], 1, "phase", "missing column"),
    ([("phase", "item", "answer"), ("pre", "Q1", "B")], 1, "participant", "missing column"),
    (
        [("participant", "phase", "item", "answer"), ("", "pre", "Q1", "B")],
        2,
        "participant",
        "empty value",
    ),
]


@pytest.mark.parametrize(("rows", "row", "column", "message"), TEST_ERRORS)
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_test_import_errors_name_row_and_column_and_import_nothing(
    trainer, people, rows, row, column, message, fmt
):
    content = csv_bytes(rows) if fmt == "csv" else xlsx_bytes(rows)
    error = _error(
        services.test_responses_import,
        user=trainer,
        event_id=people.pk,
        file_name=f"sheet.{fmt}",
        content=content,
    )
    assert (error.row, error.column) == (row, column), error.message
    assert message in error.message
    assert TestSubmission.objects.filter(event=people).count() == 0


def test_existing_sheets_are_kept_unless_replace_is_asked(trainer, people):
    p1 = Participant.objects.get(event=people, code="P01")
    services.test_submission_record(
        user=trainer, event_id=people.pk, participant_id=p1.pk, phase="pre", answers={"Q1": "A"}
    )
    rows = [
        ("participant", "phase", "item", "answer"),
        ("P02", "pre", "Q1", "B"),
        ("P01", "pre", "Q1", "B"),
    ]
    error = _error(
        services.test_responses_import,
        user=trainer,
        event_id=people.pk,
        file_name="a.csv",
        content=csv_bytes(rows),
    )
    assert (error.row, error.column) == (3, "participant")
    assert "replace" in error.message
    assert TestSubmission.objects.filter(event=people).count() == 1  # P02 was not imported
    assert (
        services.test_responses_import(
            user=trainer,
            event_id=people.pk,
            file_name="a.csv",
            content=csv_bytes(rows),
            replace=True,
        )
        == 2
    )
    assert TestSubmission.objects.get(participant=p1, phase="pre").answers["Q1"] == "B"


def test_a_row_phase_that_contradicts_the_chosen_phase_is_an_error(trainer, people):
    rows = [("participant", "phase", "Q1"), ("P01", "post", "B")]
    error = _error(
        services.test_responses_import,
        user=trainer,
        event_id=people.pk,
        file_name="a.csv",
        content=csv_bytes(rows),
        phase="pre",
    )
    assert (error.row, error.column) == (2, "phase")


# --- evaluations on paper ---------------------------------------------------------------------


@pytest.fixture
def agenda_event(trainer, people):
    services.agenda_item_add(
        user=trainer,
        event_id=people.pk,
        data={"day": 1, "title": "Indicators", "method": "lecture"},
    )
    services.agenda_item_add(
        user=trainer, event_id=people.pk, data={"day": 1, "title": "Coffee", "method": "other"}
    )
    return people


def test_evaluation_import(trainer, agenda_event):
    rows = [
        ("respondent", "session", "question", "answer"),
        ("1", "1.1", "1", "5"),
        ("1", "", "2", "4"),
        ("1", "overall", "Improve?", "More"),
        ("P02", "Indicators", "Useful", "3"),
        ("P02", "общее", "2", ""),
    ]
    assert (
        services.evaluations_import(
            user=trainer, event_id=agenda_event.pk, file_name="eval.csv", content=csv_bytes(rows)
        )
        == 2
    )
    sheets = list(EvaluationResponse.objects.filter(event=agenda_event).order_by("id"))
    assert [
        (s.participant.code if s.participant else None, s.respondent, len(s.answers))
        for s in sheets
    ] == [(None, "1", 3), ("P02", "", 1)]


EVALUATION_ERRORS = [
    (
        [("respondent", "session", "question", "answer"), ("1", "1.1", "1", "7")],
        2,
        "answer",
        "not a rating from 1 to 5",
    ),
    (
        [("respondent", "session", "question", "answer"), ("1", "9.9", "1", "4")],
        2,
        "session",
        "not a session of the agenda",
    ),
    (
        [("respondent", "session", "question", "answer"), ("1", "1.2", "1", "4")],
        2,
        "session",
        "not a session of the agenda",
    ),  # the coffee break is not evaluated
    (
        [("respondent", "session", "question", "answer"), ("1", "1.1", "42", "4")],
        2,
        "question",
        "not a question of the evaluation form",
    ),
    (
        [("respondent", "session", "question", "answer"), ("1", "", "1", "4")],
        2,
        "session",
        "asked per session",
    ),
    (
        [("respondent", "session", "question", "answer"), ("1", "1.1", "2", "4")],
        2,
        "session",
        "not asked for this session",
    ),
    (
        [
            ("respondent", "session", "question", "answer"),
            ("1", "1.1", "1", "4"),
            ("1", "1.1", "Useful", "5"),
        ],
        3,
        "question",
        "already given on row 2",
    ),
    ([("session", "question", "answer"), ("1.1", "1", "4")], 1, "respondent", "missing column"),
]


@pytest.mark.parametrize(("rows", "row", "column", "message"), EVALUATION_ERRORS)
def test_evaluation_import_errors(trainer, agenda_event, rows, row, column, message):
    error = _error(
        services.evaluations_import,
        user=trainer,
        event_id=agenda_event.pk,
        file_name="eval.csv",
        content=csv_bytes(rows),
    )
    assert (error.row, error.column) == (row, column), error.message
    assert message in error.message
    assert EvaluationResponse.objects.count() == 0


def test_a_participant_cannot_evaluate_twice_by_import(trainer, agenda_event):
    services.event_update(user=trainer, event_id=agenda_event.pk, changes={"evaluation_open": True})
    p2 = Participant.objects.get(event=agenda_event, code="P02")
    services.public_evaluation_submit(token=p2.token, answers=[])
    rows = [("respondent", "session", "question", "answer"), ("P02", "1.1", "1", "4")]
    error = _error(
        services.evaluations_import,
        user=trainer,
        event_id=agenda_event.pk,
        file_name="eval.csv",
        content=csv_bytes(rows),
    )
    assert (error.row, error.column) == (2, "respondent")


# --- through the API and the pages ------------------------------------------------------------


def test_api_import_errors_are_4xx_json_with_the_cell(trainer, people):
    client = api_client(trainer)
    bad = io.BytesIO(
        csv_bytes([("participant", "phase", "item", "answer"), ("P01", "pre", "Q1", "Z")])
    )
    bad.name = "answers.csv"
    response = client.post(f"/api/training/events/{people.pk}/tests/import", {"file": bad})
    assert response.status_code == 400
    assert response.json() == {
        "detail": "answers.csv, row 2, column 'answer': 'Z' is not an option of item Q1 "
        "(options: A, B, C)",
        "code": "malformed_file",
        "field": "answer",
    }
    good = io.BytesIO(
        csv_bytes([("participant", "phase", "item", "answer"), ("P01", "pre", "Q1", "B")])
    )
    good.name = "answers.csv"
    response = client.post(
        f"/api/training/events/{people.pk}/tests/import", {"file": good, "phase": "pre"}
    )
    assert response.status_code == 201 and response.json() == {"sheets": 1}
    assert client.post(f"/api/training/events/{people.pk}/tests/import", {}).status_code == 422


def test_the_page_shows_the_row_and_column_and_saves_nothing(trainer, people):
    client = Client()
    client.login(username=trainer.username, password=PASSWORD)
    upload = io.BytesIO(
        xlsx_bytes(
            [
                ("participant", "phase", "item", "answer"),
                ("P01", "pre", "Q1", "B"),
                ("P02", "pre", "Q2", "perhaps"),
            ]
        )
    )
    upload.name = "paper.xlsx"
    response = client.post(f"/training/events/{people.pk}/tests/", {"file": upload})
    assert response.status_code == 200
    assert "paper.xlsx, row 3, column &#x27;answer&#x27;" in response.content.decode()
    assert TestSubmission.objects.count() == 0


MALFORMED = [
    ("post", "/participants", "not json"),
    ("post", "/participants", json.dumps({"full_name": {"x": 1}})),
    ("post", "/participants", json.dumps({"full_name": "A", "unknown": 1})),
    ("post", "/participants", json.dumps({"full_name": "A", "gender": "Robot"})),
    ("post", "/participants", json.dumps({"full_name": "A", "email": "no"})),
    ("post", "/participants", json.dumps({"full_name": "A" * 500})),
    ("post", "/participants", json.dumps({"full_name": "A\x00B"})),
    ("patch", "/participants/abc", json.dumps({"position": "x"})),
    ("patch", "/participants/99999999999999999999", json.dumps({"position": "x"})),
    ("put", "/attendance", json.dumps({"marks": [{"participant": 1, "day": 9, "present": True}]})),
    ("put", "/attendance", json.dumps({"marks": "all"})),
    ("post", "/tests/middle/submissions", json.dumps({"participant": 1, "answers": {}})),
    ("post", "/tests/pre/submissions", json.dumps({"participant": "{p}", "answers": {"Q9": "A"}})),
    ("post", "/tests/pre/submissions", json.dumps({"participant": "{p}", "answers": {"Q1": "Z"}})),
    ("post", "/tests/pre/submissions", json.dumps({"participant": "{p}", "answers": {"Q1": [1]}})),
    ("post", "/tests/pre/submissions", json.dumps({"participant": "{p}", "answers": []})),
    ("post", "/evaluations", json.dumps({"answers": [{"question": 999999, "answer": "5"}]})),
    ("post", "/agenda", json.dumps({"day": 0, "title": "x"})),
    ("post", "/agenda", json.dumps({"day": 1, "title": "x", "start_time": "25:99"})),
    ("post", "/agenda/build", json.dumps({"day_minutes": 360})),
    ("post", "/stations", json.dumps({"day": "one", "name": "x"})),
    ("patch", "", json.dumps({"end_date": "2020-01-01"})),
    ("patch", "", json.dumps({"start_date": "yesterday"})),
    ("patch", "", json.dumps({"title": None})),
    ("patch", "", json.dumps({"pre_test_open": "yes"})),
    ("patch", "", json.dumps({"test_form": 99999})),
    ("get", "/reports/weekly", None),
    ("get", "/reports/final?language=fr", None),
    ("put", "/analysis-text", json.dumps({"kind": "weekly", "text": "x"})),
]


@pytest.mark.parametrize(("method", "suffix", "body"), MALFORMED)
def test_malformed_api_input_is_a_clear_4xx(trainer, people, method, suffix, body):
    participant = Participant.objects.get(event=people, code="P01")
    path = f"/api/training/events/{people.pk}{suffix}"
    body = body.replace('"{p}"', str(participant.pk)) if body else body
    client = api_client(trainer)
    kwargs = {"data": body, "content_type": "application/json"} if body is not None else {}
    response = getattr(client, method)(path, **kwargs)
    assert 400 <= response.status_code < 500, (suffix, body, response.content[:200])
    payload = response.json()
    assert payload["detail"] and "code" in payload
    assert TestSubmission.objects.count() == 0


def test_service_errors_carry_the_field(trainer, event):
    with pytest.raises(AmanatError) as caught:
        services.participant_add(user=trainer, event_id=event.pk, data={"full_name": ""})
    assert caught.value.field == "full_name"
