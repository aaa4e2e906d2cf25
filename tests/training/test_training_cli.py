"""`amanat training analyze` and `amanat training evaluations` through the real CLI entry point."""

import json

import pytest

from amanat.cli import main
from tests.training.training_files import (
    KEY_ROWS,
    RESPONSE_HEADER,
    RESPONSE_ROWS,
    write_csv,
    write_xlsx,
)


@pytest.fixture
def files(tmp_path):
    return {
        "responses": write_xlsx(tmp_path / "responses.xlsx", RESPONSE_ROWS),
        "key": write_csv(tmp_path / "key.csv", KEY_ROWS),
        "people": write_csv(
            tmp_path / "people.csv",
            [
                ("participant", "role"),
                ("p1", "police"),
                ("p2", "ngo"),
                ("p3", "ngo"),
                ("p4", "police"),
            ],
        ),
    }


def test_analyze_json(files, capsys):
    code = main(["training", "analyze", "--responses", str(files["responses"]), "--key", str(files["key"]),
                 "--participants", str(files["people"]), "--group-by", "role", "--format", "json"])  # fmt: skip
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["n"], data["pre_mean"], data["post_mean"], data["mean_gain"], data["normalized_gain"]) == (
        4, 1.0, 2.5, 1.5, 0.5
    )  # fmt: skip
    assert data["wilcoxon_pvalue"] == pytest.approx(0.25)
    assert len(data["items"]) == 3 and len(data["participants"]) == 5
    assert data["excluded"] == [{"participant": "p5", "reason": "took only the pre-test"}]
    assert data["groups"]["role"]["police"]["n"] == 2


def test_analyze_text(files, capsys):
    assert (
        main(
            [
                "training",
                "analyze",
                "--responses",
                str(files["responses"]),
                "--key",
                str(files["key"]),
            ]
        )
        == 0
    )
    assert "mean gain: 1.50" in capsys.readouterr().out


def test_malformed_responses_exit_2_with_row_and_column(tmp_path, capsys):
    bad = write_csv(
        tmp_path / "bad.csv",
        [RESPONSE_HEADER, ("p1", "pre", "Q1", "1"), ("p1", "during", "Q1", "1")],
    )
    assert main(["training", "analyze", "--responses", str(bad)]) == 2
    assert capsys.readouterr().err.strip() == (
        "amanat: error: bad.csv, row 3, column 'phase': unknown phase 'during': expected pre or post"
    )


def test_malformed_key_and_unknown_item_exit_2(files, tmp_path, capsys):
    key = write_csv(tmp_path / "key.csv", [("item", "correct_answer"), ("Q1", "A")])
    assert (
        main(["training", "analyze", "--responses", str(files["responses"]), "--key", str(key)])
        == 2
    )
    assert "column 'max_points': missing column" in capsys.readouterr().err
    short_key = write_csv(tmp_path / "short.csv", KEY_ROWS[:3])
    assert (
        main(
            ["training", "analyze", "--responses", str(files["responses"]), "--key", str(short_key)]
        )
        == 2
    )
    assert (
        "responses.xlsx, row 4, column 'item': item 'Q3' is not in the key"
        in capsys.readouterr().err
    )


def test_group_by_errors_exit_2(files, capsys):
    args = ["training", "analyze", "--responses", str(files["responses"])]
    assert main([*args, "--group-by", "role"]) == 2
    assert "--group-by needs --participants FILE" in capsys.readouterr().err
    assert main([*args, "--participants", str(files["people"]), "--group-by", "gender"]) == 2
    assert "no column 'gender'" in capsys.readouterr().err


def test_evaluations_command(tmp_path, capsys):
    path = write_csv(
        tmp_path / "e.csv",
        [("session", "question", "answer"), ("S1", "Useful", "5"), ("S1", "Useful", "3")],
    )
    assert main(["training", "evaluations", "--responses", str(path), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["sessions"][0]["questions"][0]["likert"]["mean"] == 4.0


def test_results_by_module_from_the_key(files, capsys):
    args = ["training", "analyze", "--responses", str(files["responses"]), "--format", "json"]
    assert main([*args, "--key", str(files["key"]), "--item-group-by", "module"]) == 0
    modules = json.loads(capsys.readouterr().out)["item_groups"]["module"]
    assert (modules["M1"]["max_score"], modules["M1"]["pre_mean"], modules["M1"]["post_mean"]) == (
        2.0,
        0.5,
        1.5,
    )
    assert main([*args, "--item-group-by", "module"]) == 2
    assert "--item-group-by needs --key FILE" in capsys.readouterr().err
