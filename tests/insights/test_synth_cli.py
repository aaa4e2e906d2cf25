import argparse
import json
from pathlib import Path

import polars as pl
import pytest

from amanat.errors import UsageError
from amanat.insights.synth.cli import register

SHARED_CTDC = (
    Path(__file__).resolve().parents[3] / "shared" / "data" / "ctdc" / "ctdc_global_kanon_2018.csv"
)
CTDC_COLUMNS = "gender,ageBroad,citizenship,isForcedLabour,yearOfRegistration"


def run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="amanat")
    register(parser.add_subparsers())
    args = parser.parse_args(["synth", *argv])
    return args.func(args)


def write_input(path: Path) -> Path:
    lines = ["X,gender,ageBroad,citizenship"]
    for i in range(600):
        gender = ("Female", "Male")[i % 2]
        age = ("18--20", "30--38", "-99")[i % 3]
        lines.append(f"{i},{gender},{age},{('KZ', 'KG')[i % 4 == 0]}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_synth_writes_the_chosen_columns_and_a_json_report(tmp_path, capsys):
    source = write_input(tmp_path / "in.csv")
    out = tmp_path / "out.csv"
    code = run(["--input", str(source), "--epsilon", "4", "--out", str(out),
                "--columns", "gender,ageBroad", "--reporting-length", "2", "--seed", "1",
                "--format", "json"])  # fmt: skip
    assert code == 0
    report = json.loads(capsys.readouterr().out)
    synthetic = pl.read_csv(out, infer_schema=False)
    assert synthetic.columns == ["gender", "ageBroad"]
    assert set(synthetic["ageBroad"].drop_nulls()) <= {"18--20", "30--38"}  # -99 is missing
    assert report["records"]["synthetic"] == synthetic.height
    assert report["privacy"]["epsilon"] == pytest.approx(4.0)
    assert [c["component"] for c in report["privacy"]["components"]] == [
        "record count", "percentile selection", "marginal counts"]  # fmt: skip
    assert [u["way"] for u in report["utility"]] == [1, 2]


def test_synth_text_report_names_budget_and_utility(tmp_path, capsys):
    source = write_input(tmp_path / "in.csv")
    run(["--input", str(source), "--epsilon", "2", "--out", str(tmp_path / "o.csv"),
         "--columns", "gender,ageBroad,citizenship", "--seed", "2"])  # fmt: skip
    text = capsys.readouterr().out
    assert "Privacy budget spent: epsilon 2" in text
    assert "percentile selection" in text
    assert "Utility kept" in text


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--epsilon", "0"], "--epsilon must be greater than 0"),
        (["--epsilon", "-1"], "--epsilon must be greater than 0"),
        (["--epsilon", "four"], "--epsilon must be a number, got 'four'"),
        (["--epsilon", "inf"], "--epsilon must be a finite number"),
        (["--epsilon", "1", "--delta", "2"], "--delta must be between 0 and 1"),
        (["--epsilon", "1", "--columns", "gender,nosuch"], "column(s) not in in.csv: nosuch"),
        (["--epsilon", "1", "--reporting-length", "4"], "--reporting-length 4 is longer than"),
        (["--epsilon", "1", "--reporting-length", "x"], "whole numbers"),
    ],
)
def test_bad_arguments_are_usage_errors(tmp_path, extra, message):
    source = write_input(tmp_path / "in.csv")
    out = tmp_path / "out.csv"
    with pytest.raises(UsageError) as caught:
        run(["--input", str(source), "--out", str(out), "--columns", "gender,ageBroad,citizenship"][:4]
            + (extra if "--columns" in extra else [*extra, "--columns", "gender,ageBroad,citizenship"]))  # fmt: skip
    assert message in caught.value.message
    assert not out.exists()


def test_malformed_input_is_a_usage_error(tmp_path):
    out = str(tmp_path / "out.csv")
    missing = tmp_path / "missing.csv"
    with pytest.raises(UsageError, match="no such file"):
        run(["--input", str(missing), "--epsilon", "1", "--out", out])
    empty = tmp_path / "empty.csv"
    empty.write_text("gender,ageBroad\n", encoding="utf-8")
    with pytest.raises(UsageError, match="no records"):
        run(["--input", str(empty), "--epsilon", "1", "--out", out, "--columns", "gender"])
    ragged = tmp_path / "ragged.csv"
    ragged.write_text("gender,ageBroad\nFemale,18--20\nMale,30--38,extra,cells\n", encoding="utf-8")
    with pytest.raises(UsageError, match="not a readable CSV"):
        run(["--input", str(ragged), "--epsilon", "1", "--out", out, "--columns", "gender"])
    other = tmp_path / "other.csv"
    other.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(UsageError, match="name the attribute columns with --columns"):
        run(["--input", str(other), "--epsilon", "1", "--out", out])


@pytest.mark.skipif(not SHARED_CTDC.is_file(), reason="shared CTDC file not present")
def test_shared_ctdc_file_at_epsilon_4(tmp_path, capsys):
    out = tmp_path / "ctdc_synth.csv"
    run(["--input", str(SHARED_CTDC), "--epsilon", "4", "--out", str(out),
         "--columns", CTDC_COLUMNS, "--seed", "4", "--format", "json"])  # fmt: skip
    report = json.loads(capsys.readouterr().out)
    assert report["privacy"]["epsilon"] == pytest.approx(4.0)
    assert 0 < report["privacy"]["delta"] < 1e-5
    assert report["records"]["input"] == 47106
    assert abs(report["records"]["synthetic"] - 47106) < 0.15 * 47106
    utility = {u["way"]: u for u in report["utility"]}
    assert sorted(utility) == [1, 2, 3]
    assert utility[1]["marginals"] == 5 and utility[2]["marginals"] == 10
    assert utility[3]["marginals"] == 10
    for way, error in utility.items():
        # The bulk of the data is kept: cells of 100+ people within a few percent on average.
        assert error["mean_relative_error_large_cells"] < 0.15, way
        assert error["mean_absolute_error"] < 60, way
        assert error["max_absolute_error"] < 2500, way
    assert utility[1]["cells_fabricated"] == 0
    synthetic = pl.read_csv(out, infer_schema=False)
    assert synthetic.columns == CTDC_COLUMNS.split(",")
