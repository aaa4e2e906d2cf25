"""Readers: CSV and XLSX inputs, and every malformed-file error with its row and column."""

import pytest

from amanat.errors import UsageError
from amanat.training.analysis import (
    TableError,
    analyze,
    read_key,
    read_participants,
    read_responses,
)
from amanat.training.analysis.evaluations import read_evaluations
from tests.training.training_files import (
    KEY_ROWS,
    RESPONSE_HEADER,
    RESPONSE_ROWS,
    write_csv,
    write_xlsx,
)


def responses_file(tmp_path, rows, name="responses.csv"):
    return write_csv(tmp_path / name, [RESPONSE_HEADER, *rows])


def key_file(tmp_path, rows, header=("item", "correct_answer", "max_points")):
    return write_csv(tmp_path / "key.csv", [header, *rows])


def error_of(call, *args):
    with pytest.raises(TableError) as caught:
        call(*args)
    return caught.value


def test_csv_and_xlsx_give_the_same_records(tmp_path):
    from_csv = read_responses(write_csv(tmp_path / "r.csv", RESPONSE_ROWS))
    from_xlsx = read_responses(write_xlsx(tmp_path / "r.xlsx", RESPONSE_ROWS))
    assert [(r.participant, r.phase, r.item, r.answer, r.row) for r in from_csv] == [
        (r.participant, r.phase, r.item, r.answer, r.row) for r in from_xlsx
    ]
    assert from_csv[0].row == 2
    assert read_key(write_csv(tmp_path / "k.csv", KEY_ROWS)) == read_key(
        write_xlsx(tmp_path / "k.xlsx", KEY_ROWS)
    )


def test_xlsx_numbers_and_booleans_become_answers(tmp_path):
    rows = [
        RESPONSE_HEADER,
        ("p1", "pre", "Q1", True),
        ("p1", "pre", "Q2", 2.0),
        (101, "post", "Q1", 0),
    ]
    records = read_responses(write_xlsx(tmp_path / "r.xlsx", rows))
    assert [(r.participant, r.answer) for r in records] == [
        ("p1", "true"),
        ("p1", "2"),
        ("101", "0"),
    ]


def test_semicolon_csv_with_bom_and_header_case_and_blank_rows(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text(
        '\ufeffParticipant; PHASE ;Item;Answer;comment\np1;pre;Q1;"A;C";x\n;;;;\np1;post;Q1;B;\n',
        encoding="utf-8",
    )
    records = read_responses(path)
    assert [(r.participant, r.phase, r.answer, r.row) for r in records] == [
        ("p1", "pre", "A;C", 2),
        ("p1", "post", "B", 4),
    ]


def test_xlsx_row_numbers_count_blank_rows(tmp_path):
    rows = [
        RESPONSE_HEADER,
        ("p1", "pre", "Q1", "A"),
        (None, None, None, None),
        ("p1", "middle", "Q1", "A"),
    ]
    error = error_of(read_responses, write_xlsx(tmp_path / "r.xlsx", rows))
    assert (error.row, error.column) == (4, "phase")


def test_missing_column(tmp_path):
    path = write_csv(tmp_path / "r.csv", [("participant", "phase", "answer"), ("p1", "pre", "A")])
    error = error_of(read_responses, path)
    assert (
        error.message
        == "r.csv, row 1, column 'item': missing column (found: participant, phase, answer)"
    )
    assert isinstance(error, UsageError)


def test_duplicate_header_column(tmp_path):
    path = write_csv(
        tmp_path / "r.csv", [(*RESPONSE_HEADER, "Item"), ("p1", "pre", "Q1", "A", "Q2")]
    )
    assert (
        error_of(read_responses, path).message
        == "r.csv, row 1, column 'item': this column appears twice in the header"
    )


def test_unknown_phase(tmp_path):
    path = responses_file(tmp_path, [("p1", "pre", "Q1", "A"), ("p1", "mid", "Q1", "A")])
    error = error_of(read_responses, path)
    assert (
        error.message
        == "responses.csv, row 3, column 'phase': unknown phase 'mid': expected pre or post"
    )


def test_empty_participant_and_item(tmp_path):
    error = error_of(read_responses, responses_file(tmp_path, [("", "pre", "Q1", "A")]))
    assert (error.row, error.column, error.problem) == (2, "participant", "empty value")
    error = error_of(read_responses, responses_file(tmp_path, [("p1", "pre", "", "A")]))
    assert (error.row, error.column) == (2, "item")


def test_duplicate_answer_for_same_participant_phase_item(tmp_path):
    path = responses_file(
        tmp_path, [("p1", "pre", "Q1", "A"), ("p1", "post", "Q1", "A"), ("p1", "PRE", "Q1", "B")]
    )
    assert error_of(read_responses, path).message == (
        "responses.csv, row 4, column 'item': duplicate answer: participant 'p1', pre-test, item 'Q1'"
        " already answered on row 2"
    )


def test_header_only_and_empty_files(tmp_path):
    assert "no responses" in error_of(read_responses, responses_file(tmp_path, [])).message
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    assert error_of(read_responses, empty).message.startswith(
        "empty.csv, row 1: the header row is empty"
    )


def test_unsupported_missing_and_unreadable_files(tmp_path):
    assert error_of(read_responses, tmp_path / "nope.csv").message == "nope.csv: file not found"
    ods = tmp_path / "r.ods"
    ods.write_text("x", encoding="utf-8")
    assert (
        error_of(read_responses, ods).message
        == "r.ods: unsupported file type '.ods': use .csv or .xlsx"
    )
    fake = tmp_path / "r.xlsx"
    fake.write_text("not a zip", encoding="utf-8")
    assert error_of(read_responses, fake).message.startswith("r.xlsx: not a readable XLSX workbook")
    cp1251 = tmp_path / "r1251.csv"
    cp1251.write_bytes("participant,phase,item,answer\nп1,pre,Q1,да\n".encode("cp1251"))
    assert "not UTF-8 text" in error_of(read_responses, cp1251).message


def test_key_non_numeric_and_non_positive_max_points(tmp_path):
    error = error_of(read_key, key_file(tmp_path, [("Q1", "A", 1), ("Q2", "B", "two")]))
    assert (
        error.message
        == "key.csv, row 3, column 'max_points': max_points must be a number greater than 0, not 'two'"
    )
    assert error_of(read_key, key_file(tmp_path, [("Q1", "A", 0)])).column == "max_points"


def test_key_duplicate_item_and_bad_answers(tmp_path):
    error = error_of(read_key, key_file(tmp_path, [("Q1", "A", 1), ("Q1", "B", 1)]))
    assert (
        error.message == "key.csv, row 3, column 'item': item 'Q1' is already in the key on row 2"
    )
    header = ("item", "correct_answer", "max_points", "type", "scoring")
    cases = [
        (("Q1", "A", 1, "essay", ""), "type", "unknown type 'essay'"),
        (("Q1", "A;B", 1, "multiple", "most"), "scoring", "unknown scoring 'most'"),
        (
            ("Q1", "maybe", 1, "true_false", ""),
            "correct_answer",
            "'maybe' is not a true/false answer",
        ),
        (("Q1", "A;B", 1, "single", ""), "correct_answer", "exactly one correct option"),
        (("Q1", "A", 1, "score", ""), "correct_answer", "a score item has no correct answer"),
        (("Q1", "", 1, "single", ""), "correct_answer", "empty correct answer"),
    ]
    for row, column, problem in cases:
        error = error_of(read_key, key_file(tmp_path, [row], header=header))
        assert (error.row, error.column) == (2, column)
        assert problem in error.problem


def test_key_types_are_inferred_and_extra_columns_kept(tmp_path):
    key = read_key(
        key_file(
            tmp_path,
            [
                ("Q1", "B", 1, "M1"),
                ("Q2", "Да", 1, "M1"),
                ("Q3", "A;C", 2, "M2"),
                ("Q4", "", "2,5", ""),
                ("Q5", "1", 1, ""),
            ],
            header=("item", "correct_answer", "max_points", "module"),
        )
    )
    assert [k.item_type for k in key.values()] == [
        "single",
        "true_false",
        "multiple",
        "score",
        "single",
    ]
    assert key["Q4"].max_points == 2.5
    assert key["Q1"].attributes == {"module": "M1"}
    assert key["Q4"].attributes == {}


def test_item_not_in_key_and_unscorable_answers_name_row_and_column(tmp_path):
    key = read_key(write_csv(tmp_path / "k.csv", KEY_ROWS))
    responses = read_responses(
        responses_file(tmp_path, [("p1", "pre", "Q1", "A"), ("p1", "pre", "Q9", "A")])
    )
    error = error_of(analyze, responses, key)
    assert error.message == "responses.csv, row 3, column 'item': item 'Q9' is not in the key"
    responses = read_responses(responses_file(tmp_path, [("p1", "pre", "Q2", "может быть")]))
    error = error_of(analyze, responses, key)
    assert (error.row, error.column) == (2, "answer")
    assert "'может быть' is not a true/false answer" in error.message


def test_without_key_answers_must_be_numbers(tmp_path):
    responses = read_responses(
        responses_file(tmp_path, [("p1", "pre", "Q1", "1"), ("p1", "pre", "Q2", "B")])
    )
    error = error_of(analyze, responses, None)
    assert error.message == "responses.csv, row 3, column 'answer': 'B' is not a number of points"
    responses = read_responses(responses_file(tmp_path, [("p1", "pre", "Q1", "-1")]))
    assert "outside the allowed range 0 or more" in error_of(analyze, responses, None).message


def test_participants_table(tmp_path):
    path = write_csv(
        tmp_path / "people.csv",
        [("participant", "role", "gender"), ("p1", "police", "f"), ("p2", "ngo", "")],
    )
    assert read_participants(path) == {
        "p1": {"role": "police", "gender": "f"},
        "p2": {"role": "ngo", "gender": ""},
    }
    duplicate = write_csv(tmp_path / "dup.csv", [("participant", "role"), ("p1", "a"), ("p1", "b")])
    assert error_of(read_participants, duplicate).message == (
        "dup.csv, row 3, column 'participant': participant 'p1' is already listed on row 2"
    )


def test_evaluation_errors(tmp_path):
    header = ("session", "question", "answer")
    out_of_scale = write_csv(
        tmp_path / "e.csv", [header, ("S1", "Useful", "4"), ("S1", "Useful", "7")]
    )
    error = error_of(read_evaluations, out_of_scale)
    assert error.message == "e.csv, row 3, column 'answer': '7' is not a level of the 1-5 scale"
    typed = write_csv(tmp_path / "t.csv", [(*header, "type"), ("S1", "Useful", "good", "likert")])
    assert error_of(read_evaluations, typed).row == 2
    bad_type = write_csv(tmp_path / "b.csv", [(*header, "type"), ("S1", "Useful", "4", "scale")])
    assert error_of(read_evaluations, bad_type).column == "type"
