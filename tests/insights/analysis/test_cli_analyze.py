"""`amanat analyze ... --input FILE`: the JSON the issue specifies, equal to SciPy/statsmodels;
a malformed file exits 2 naming the row and column; nothing is written on error."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from scipy.stats.contingency import association
from statsmodels.stats.contingency_tables import cochrans_q
from statsmodels.stats.proportion import proportion_confint

from amanat.cli import main as amanat
from tests.insights.analysis.data import indicator_matrix, needs_frame

pytestmark = pytest.mark.django_db


@pytest.fixture
def needs_csv(tmp_path):
    frame = needs_frame(seed=21, n=300)
    path = tmp_path / "needs.csv"
    frame.to_csv(path, index=False)
    return frame, path


def test_needs_json_from_a_csv_equals_scipy_and_statsmodels(needs_csv, capsys):
    frame, path = needs_csv
    assert amanat(["analyze", "needs", "--input", str(path), "--by", "country,gender"]) == 0
    out = json.loads(capsys.readouterr().out)
    matrix = indicator_matrix(frame)
    n = len(matrix)
    assert out["n_cases"] == n
    needs = [c for c in matrix.columns if c not in ("country", "gender")]
    order = sorted(needs, key=lambda c: (-matrix[c].sum(), c))
    assert [row["need"] for row in out["needs"]] == order
    for row in out["needs"]:
        count = int(matrix[row["need"]].sum())
        low, high = proportion_confint(count, n, method="wilson")
        assert {k: row[k] for k in ("need", "n", "prevalence", "ci_low", "ci_high")} == {
            "need": row["need"],
            "n": count,
            "prevalence": pytest.approx(count / n),
            "ci_low": pytest.approx(low),
            "ci_high": pytest.approx(high),
        }
    q = cochrans_q(matrix[order].to_numpy().astype(int))
    assert out["cochran_q"] == {
        "statistic": pytest.approx(q.statistic),
        "df": q.df,
        "pvalue": pytest.approx(q.pvalue),
    }
    assert list(out["by"]) == ["country", "gender"]
    for variable, rows in out["by"].items():
        for row in rows:
            observed = pd.crosstab(matrix[variable], matrix[row["need"]]).to_numpy()
            chi2, p, _dof, expected = stats.chi2_contingency(observed, correction=False)
            assert not (observed.shape == (2, 2) and (expected < 5).any())
            assert (row["test"], row["statistic"], row["pvalue"], row["cramers_v"]) == (
                "chi2",
                pytest.approx(chi2),
                pytest.approx(p),
                pytest.approx(association(observed, method="cramer", correction=False)),
            )


def test_a_case_without_need_has_one_row_with_an_empty_need(tmp_path, capsys):
    rows = ["case_id,country,gender,need"]
    rows += [f"a{i},KZ,Male,shelter" for i in range(15)]
    rows += [f"b{i},KZ,Female," for i in range(15)]
    path = tmp_path / "needs.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert amanat(["analyze", "needs", "--input", str(path), "--by", "gender"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["n_cases"], out["needs"][0]["n"], out["needs"][0]["prevalence"]) == (30, 15, 0.5)
    odds, p = stats.fisher_exact([[0, 15], [15, 0]])
    row = out["by"]["gender"][0]
    chi2, p_chi, _dof, _e = stats.chi2_contingency(np.array([[0, 15], [15, 0]]), correction=False)
    assert (row["test"], row["statistic"], row["pvalue"]) == ("chi2", chi2, pytest.approx(p_chi))


def test_needs_from_xlsx(tmp_path, capsys, needs_csv):
    frame, _path = needs_csv
    path = tmp_path / "needs.xlsx"
    frame.to_excel(path, index=False)
    assert amanat(["analyze", "needs", "--input", str(path), "--by", "country"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["n_cases"] == frame.case_id.nunique()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("case_id,country,gender\nc1,KZ,Male\n", "row 1, column 'need': missing column"),
        ("", "row 1: the header row is empty"),
        ("case_id,country,gender,need\n", "row 2: no data row"),
        (
            "case_id,country,gender,need\nc1,KZ,Male,shelter\nc2,XX,Male,\n",
            "row 3, column 'country'",
        ),
        (
            "case_id,country,gender,need\nc1,KZ,Male,shelter\nc1,KZ,Female,legal_aid\n",
            "row 3, column 'gender': case 'c1' has 'Male' on an earlier row and 'Female' here",
        ),
        ("case_id,country,gender,need\n,KZ,Male,shelter\n", "row 2, column 'case_id': empty"),
    ],
)
def test_a_malformed_needs_file_exits_2_naming_row_and_column(tmp_path, capsys, content, message):
    path = tmp_path / "needs.csv"
    path.write_text(content, encoding="utf-8")
    out_file = tmp_path / "out.json"
    assert amanat(["analyze", "needs", "--input", str(path), "--out", str(out_file)]) == 2
    assert message in capsys.readouterr().err
    assert not out_file.exists()


def test_wrong_encoding_and_file_type_exit_2(tmp_path, capsys):
    path = tmp_path / "needs.csv"
    path.write_bytes("case_id,country,gender,need\nc1,KZ,Мужской,\n".encode("cp1251"))
    assert amanat(["analyze", "needs", "--input", str(path)]) == 2
    assert "needs.csv" in capsys.readouterr().err
    other = tmp_path / "needs.txt"
    other.write_text("x", encoding="utf-8")
    assert amanat(["analyze", "needs", "--input", str(other)]) == 2
    assert "unsupported file type" in capsys.readouterr().err
    assert amanat(["analyze", "needs", "--input", str(tmp_path / "missing.csv")]) == 2
    assert "no such file" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--by", "region"], "--by: Unknown comparison variable region"),
        (["--by", "age_band"], "has no column age_band"),
        (["--format", "docx"], "--out is required for --format docx"),
        (["--format", "xlsx", "--out", "x.docx"], "--out must end in .xlsx"),
        (["--threshold", "1"], "cannot be below 10"),
        (["--threshold", "ten"], "--threshold 'ten': expected a whole number"),
        (["--lang", "fr", "--format", "docx", "--out", "x.docx"], "--lang 'fr'"),
        (["--user", "nobody"], "--user: no active user 'nobody'"),
    ],
)
def test_bad_options_exit_2(needs_csv, capsys, argv, message):
    _frame, path = needs_csv
    assert amanat(["analyze", "needs", "--input", str(path), *argv]) == 2
    assert message in capsys.readouterr().err


@pytest.mark.parametrize(
    ("kind", "content", "message"),
    [
        (
            "reintegration",
            "case_id,assessed_on,composite\nc1,2025-13-01,0.5\n",
            "row 2, column 'assessed_on': '2025-13-01' is not a date",
        ),
        (
            "reintegration",
            "case_id,assessed_on,composite\nc1,2025-01-01,1.5\n",
            "row 2, column 'composite': '1.5' is not between 0 and 1",
        ),
        (
            "reintegration",
            "case_id,assessed_on,composite,visit\nc1,2025-01-01,0.5,first\n",
            "row 2, column 'visit': 'first' is not a whole number",
        ),
        (
            "recruitment",
            "case_id,year,gender,channel\nc1,2016,Male,radio\n",
            "row 2, column 'channel'",
        ),
        (
            "recruitment",
            "case_id,year,gender,channel\nc1,2016,Male,online\nc1,2017,Male,online\n",
            "row 3, column 'case_id': case 'c1' appears twice",
        ),
        (
            "recruitment",
            "case_id,year,gender,channel\nc1,16th,Male,online\n",
            "row 2, column 'year'",
        ),
    ],
)
def test_malformed_reintegration_and_recruitment_files(tmp_path, capsys, kind, content, message):
    path = tmp_path / f"{kind}.csv"
    path.write_text(content, encoding="utf-8")
    assert amanat(["analyze", kind, "--input", str(path)]) == 2
    assert message in capsys.readouterr().err


def test_recruitment_and_reintegration_files_give_json(tmp_path, capsys):
    rows = ["case_id,year,gender,channel,websites"]
    rows += [f"o{i},{2015 + i % 2},Male,online,VKontakte;Telegram" for i in range(24)]
    rows += [f"p{i},{2015 + i % 2},Female,personal," for i in range(40)]
    path = tmp_path / "recruitment.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert amanat(["analyze", "recruitment", "--input", str(path)]) == 0
    out = json.loads(capsys.readouterr().out)
    low, high = proportion_confint(24, 64, method="wilson")
    assert (out["share_online"]["online"], out["share_online"]["recorded"]) == (24, 64)
    assert (out["share_online"]["ci_low"], out["share_online"]["ci_high"]) == (
        pytest.approx(low),
        pytest.approx(high),
    )
    assert [(w["website"], w["cases"]) for w in out["websites"]] == [
        ("Telegram", 24),
        ("VKontakte", 24),
    ]
    rows = ["case_id,assessed_on,composite,country"]
    rows += [f"k{i},2025-0{1 + i % 3}-01,0.{40 + i},KZ" for i in range(12)]
    rows += [f"g{i},2025-02-01,0.{60 + i},KG" for i in range(12)]
    path = tmp_path / "reintegration.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert amanat(["analyze", "reintegration", "--input", str(path), "--by", "country"]) == 0
    out = json.loads(capsys.readouterr().out)
    test = out["by"]["country"]["tests"][0]
    u, p = stats.mannwhitneyu(
        [0.6 + i / 100 for i in range(12)], [0.4 + i / 100 for i in range(12)]
    )
    assert (test["test"], test["statistic"], test["pvalue"]) == (
        "mann_whitney",
        pytest.approx(u),
        pytest.approx(p),
    )


@pytest.mark.parametrize(
    ("kind", "header", "row", "by"),
    [
        ("reintegration", "case_id,assessed_on,composite", "c1,2025-01-01,0.5", "ethnicity"),
        ("reintegration", "case_id,assessed_on,composite", "c1,2025-01-01,0.5", "country"),
        ("recruitment", "case_id,year,gender,channel", "c1,2016,Male,online", "country"),
        ("needs", "case_id,country,gender,need", "c1,KZ,Male,shelter", "disability"),
    ],
)
def test_a_by_variable_the_file_lacks_exits_2_naming_it(tmp_path, capsys, kind, header, row, by):
    path = tmp_path / f"{kind}.csv"
    path.write_text(f"{header}\n{row}\n", encoding="utf-8")
    assert amanat(["analyze", kind, "--input", str(path), "--by", by]) == 2
    assert f"--by: {kind}.csv has no column {by} to compare by." in capsys.readouterr().err


def test_profile_columns_of_a_needs_file_are_compared(tmp_path, capsys):
    rows = ["case_id,country,gender,need,urban_rural"]
    rows += [f"u{i},KZ,Male,{'shelter' if i < 20 else ''},urban" for i in range(30)]
    rows += [f"r{i},KZ,Male,{'shelter' if i < 10 else ''},rural" for i in range(30)]
    path = tmp_path / "needs.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert amanat(["analyze", "needs", "--input", str(path), "--by", "urban_rural"]) == 0
    row = json.loads(capsys.readouterr().out)["by"]["urban_rural"][0]
    chi2, p, _dof, _e = stats.chi2_contingency(np.array([[10, 20], [20, 10]]), correction=False)
    assert (row["test"], row["statistic"], row["pvalue"]) == (
        "chi2",
        pytest.approx(chi2),
        pytest.approx(p),
    )
