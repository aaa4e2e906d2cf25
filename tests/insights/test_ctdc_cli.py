import argparse
import json

import pytest

from amanat.errors import UsageError
from amanat.insights import cli
from amanat.insights.ctdc.reader import read_ctdc
from tests.insights.ctdc_independent import SHARED_CTDC, is_k_anonymous, read_csv_text, write_rows


def run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="amanat")
    cli.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(argv)
    return args.func(args)


def test_check_reports_the_shared_files_bad_rows(capsys):
    assert run(["ctdc", "check", str(SHARED_CTDC)]) == 1
    out = json.loads(capsys.readouterr().out)
    assert (out["records"], out["records_accepted"], out["records_rejected"]) == (47106, 47102, 4)
    assert [p["row"] for p in out["problems"]] == [47104, 47105, 47106, 47107]


def test_check_of_a_clean_file_exits_zero(tmp_path, capsys):
    source = read_csv_text(SHARED_CTDC).head(50)
    path = tmp_path / "clean.csv"
    source.to_csv(path, index=False)
    assert run(["ctdc", "check", str(path)]) == 0
    assert json.loads(capsys.readouterr().out)["problems"] == []


def test_stats_for_central_asia_in_json_with_russian_labels(capsys):
    argv = ["ctdc", "stats", str(SHARED_CTDC), "--countries", "KZ,KG,TJ,UZ,TM"]
    assert run([*argv, "--period", "2010-2017", "--by", "gender,type_of_exploitation"]) == 0
    text = capsys.readouterr().out
    assert "Мужской" in text  # ensure_ascii=False
    tables = json.loads(text)["tables"]
    assert [t["statistic"] for t in tables] == ["gender", "type_of_exploitation"]
    assert {r["key"]: r["count"] for r in tables[0]["rows"]} == {"Male": 503, "Female": 263}
    assert tables[1]["denominator"] == 316


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--countries", "KZ,XY"], "'XY' is not an ISO 3166-1 alpha-2 code"),
        (["--period", "2017-2010"], "--period '2017-2010'"),
        (["--by", "gender,shoe_size"], "unknown statistic 'shoe_size'"),
        (["--strict"], "row 47104"),
    ],
)
def test_stats_bad_input_is_a_usage_error_naming_the_item(extra, message):
    with pytest.raises(UsageError) as caught:
        run(["ctdc", "stats", str(SHARED_CTDC), *extra])
    assert message in caught.value.message


def test_missing_file_is_a_usage_error(tmp_path):
    with pytest.raises(UsageError, match="no such file"):
        run(["ctdc", "check", str(tmp_path / "nope.csv")])


def test_anonymise_writes_a_k_anonymous_ctdc_file(tmp_path, capsys):
    source = read_csv_text(SHARED_CTDC).sample(2000, random_state=3)
    path = tmp_path / "sample.csv"
    source.to_csv(path, index=False)
    out = tmp_path / "anon.csv"
    qis = "gender,ageBroad,citizenship,yearOfRegistration"
    argv = ["ctdc", "anonymise", str(path), "--out", str(out), "--quasi-identifiers", qis]
    assert run(argv) == 0
    report = json.loads(capsys.readouterr().out)["report"]
    written = read_csv_text(out)
    assert len(written) == report["rows_out"]
    assert is_k_anonymous(written, qis.split(","), 11)
    assert list(written.columns)[:3] == ["yearOfRegistration", "Datasource", "gender"]


def test_anonymise_rejects_unknown_quasi_identifiers(tmp_path):
    path = write_rows(tmp_path / "x.csv", ["yearOfRegistration"], [])
    with pytest.raises(UsageError):
        run(["ctdc", "anonymise", str(path), "--out", str(tmp_path / "o.csv")])
    df, _ = read_ctdc(SHARED_CTDC)
    assert df.height == 47102
