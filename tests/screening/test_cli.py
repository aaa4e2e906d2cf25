"""`amanat guides` and `amanat screen`: output shape and exit codes (no database needed)."""

import json

from amanat.cli import main

STRONG_CASE = {
    "present": [
        "d1.nature_of_job",
        "d1.wages",
        "d4.excessive_hours",
        "d4.low_or_no_salary",
        "d5.debt_bondage",
        "d5.isolation",
    ]
}


def run(capsys, *argv):
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_guides_list(capsys):
    code, out, _ = run(capsys, "guides", "list", "--format", "json")
    assert code == 0
    assert [g["id"] for g in json.loads(out)] == [
        "ilo-delphi-labour-adult", "ilo-delphi-labour-child", "ilo-forced-labour", "iom-vulnerability",
        "identification-interview",
    ]  # fmt: skip


def test_guides_show_json_gives_dimension_grade_and_labels(capsys):
    code, out, _ = run(capsys, "guides", "show", "ilo-delphi-labour-adult", "--format", "json")
    assert code == 0
    data = json.loads(out)
    first = data["indicators"][0]
    assert first["id"] == "d1.nature_of_job"
    assert first["dimension"] == 1
    assert first["grade"] == "strong"
    assert (first["label"]["en"], first["label"]["ru"]) == (
        "Deceived about the nature of the job, location or employer",
        "Обман относительно характера работы, места работы или работодателя",
    )
    assert len(data["indicators"]) == 67
    assert {i["dimension"] for i in data["indicators"]} == {1, 2, 3, 4, 5, 6}


def test_guides_show_interview_has_questions(capsys):
    code, out, _ = run(capsys, "guides", "show", "identification-interview", "--format", "json")
    data = json.loads(out)
    assert code == 0
    assert data["sections"][0]["id"] == "consent"
    assert data["sections"][1]["show_if"] == {"question": "consent_interview", "equals": "yes"}


def test_unknown_guide_exits_2(capsys):
    code, _, err = run(capsys, "guides", "show", "nope")
    assert code == 2
    assert "unknown guide 'nope'" in err


def test_screen_one_answer_set(tmp_path, capsys):
    path = tmp_path / "one.json"
    path.write_text(json.dumps(STRONG_CASE), encoding="utf-8")
    code, out, _ = run(
        capsys,
        "screen",
        "--guide",
        "ilo-delphi-labour-adult",
        "--answers",
        str(path),
        "--format",
        "json",
    )
    assert code == 0
    data = json.loads(out)
    assert data["conclusion"]["presumed_victim"] is True
    assert [d["id"] for d in data["dimensions"] if d["positive"]] == [1, 4, 5]


def test_screen_array_keeps_order(tmp_path, capsys):
    path = tmp_path / "many.json"
    path.write_text(json.dumps([STRONG_CASE, {}, {"present": ["d5.violence"]}]), encoding="utf-8")
    code, out, _ = run(
        capsys,
        "screen",
        "--guide",
        "ilo-delphi-labour-adult",
        "--answers",
        str(path),
        "--format",
        "json",
    )
    assert code == 0
    assert [r["conclusion"]["presumed_victim"] for r in json.loads(out)] == [True, False, False]


def test_screen_russian_output_is_not_escaped(tmp_path, capsys):
    path = tmp_path / "one.json"
    path.write_text(json.dumps(STRONG_CASE), encoding="utf-8")
    _, out, _ = run(capsys, "screen", "--guide", "ilo-delphi-labour-adult", "--answers", str(path),
                    "--format", "json", "--language", "ru")  # fmt: skip
    assert "Обманная вербовка" in out


def test_unknown_indicator_exits_2_naming_it(tmp_path, capsys):
    path = tmp_path / "bad.json"
    path.write_text(
        json.dumps([STRONG_CASE, {"present": ["d1.wages", "d7.nope"]}]), encoding="utf-8"
    )
    code, out, err = run(
        capsys, "screen", "--guide", "ilo-delphi-labour-adult", "--answers", str(path)
    )
    assert code == 2
    assert out == ""
    assert "answer set [1].present: unknown indicator id(s) d7.nope" in err


def test_malformed_file_exits_2(tmp_path, capsys):
    path = tmp_path / "broken.json"
    path.write_text("{not json", encoding="utf-8")
    code, _, err = run(
        capsys, "screen", "--guide", "ilo-delphi-labour-adult", "--answers", str(path)
    )
    assert code == 2
    assert "not valid JSON" in err


def test_answer_set_of_wrong_shape_exits_2(tmp_path, capsys):
    path = tmp_path / "shape.json"
    path.write_text(json.dumps([["d1.wages"]]), encoding="utf-8")
    code, _, err = run(
        capsys, "screen", "--guide", "ilo-delphi-labour-adult", "--answers", str(path)
    )
    assert code == 2
    assert "answer set [0]: expected an object" in err


def test_missing_file_exits_2(tmp_path, capsys):
    code, _, err = run(
        capsys, "screen", "--guide", "ilo-forced-labour", "--answers", str(tmp_path / "none.json")
    )
    assert code == 2
    assert "cannot read the file" in err
