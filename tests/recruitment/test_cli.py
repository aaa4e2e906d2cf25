"""`amanat ads screen FILE --out FILE`: CSV and XLSX, 0600 output, bad files exit 2 naming the
row and column, and nothing written when the input is refused."""

from __future__ import annotations

import csv
import stat

import pytest
from openpyxl import Workbook, load_workbook

from amanat.cli import main

RISKY = "Срочно! Девушки 18-25 в Дубай, хостес. Паспорт сдаёте на хранение."
PLAIN = "Bishkek Logistics Ltd. is hiring truck drivers; written contract."


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def write_csv(path, rows):
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def test_csv_in_csv_out_private(tmp_path, capsys):
    source = write_csv(tmp_path / "ads.csv", [
        ("ad_id", "text", "language", "url", "platform", "date"),
        ("a1", RISKY, "ru", "https://t.me/x/1", "telegram", "2026-11-02"),
        ("a2", PLAIN, "", "", "", ""),
    ])  # fmt: skip
    out = tmp_path / "out.csv"
    code, stdout, _ = run(capsys, "ads", "screen", source, "--out", out)
    assert code == 0
    assert "2 advertisements screened (high 1, medium 0, low 1)" in stdout
    with out.open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows == [
        ["ad_id", "level", "score", "indicators"],
        ["a1", "high", "10", "passport_retention;urgency;appearance_requirements;hostess_work;risky_destination"],
        ["a2", "low", "0", ""],
    ]  # fmt: skip
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_xlsx_in_xlsx_out(tmp_path, capsys):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["AD_ID", "Text"])
    sheet.append([7, RISKY])
    source = tmp_path / "ads.xlsx"
    workbook.save(source)
    out = tmp_path / "out.xlsx"
    out.write_bytes(b"old")
    out.chmod(0o644)
    code, _, _ = run(capsys, "ads", "screen", source, "--out", out)
    assert code == 0
    rows = list(load_workbook(out).worksheets[0].iter_rows(values_only=True))
    assert rows[0] == ("ad_id", "level", "score", "indicators")
    assert rows[1][:3] == ("7", "high", 10)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([("id", "text"), ("1", "x")], "ads.csv, row 1, column 'ad_id': missing column"),
        ([("ad_id", "body"), ("1", "x")], "ads.csv, row 1, column 'text': missing column"),
        ([("ad_id", "text"), ("1", "x"), ("2", "")], "ads.csv, row 3, column 'text': text is empty"),
        ([("ad_id", "text"), ("", "x")], "ads.csv, row 2, column 'ad_id': ad_id is empty"),
        ([("ad_id", "text"), ("1", "x"), ("1", "y")], "ads.csv, row 3, column 'ad_id': ad_id '1' appears twice"),
        ([("ad_id", "text", "language"), ("1", "x", "fr")], "ads.csv, row 2, column 'language': unknown language 'fr'"),
        ([("ad_id", "text", "date"), ("1", "x", "02/11/2026")], "ads.csv, row 2, column 'date': '02/11/2026' is not a date"),
        ([("ad_id", "text")], "ads.csv: no advertisements below the header"),
    ],
)  # fmt: skip
def test_bad_file_exits_2_naming_row_and_column_and_writes_nothing(tmp_path, capsys, rows, message):
    source = write_csv(tmp_path / "ads.csv", rows)
    out = tmp_path / "out.csv"
    code, stdout, stderr = run(capsys, "ads", "screen", source, "--out", out)
    assert code == 2
    assert message in stderr
    assert "Traceback" not in stderr and stdout == ""
    assert not out.exists()


def test_unsupported_files_exit_2(tmp_path, capsys):
    source = write_csv(tmp_path / "ads.csv", [("ad_id", "text"), ("1", RISKY)])
    code, _, stderr = run(capsys, "ads", "screen", source, "--out", tmp_path / "out.json")
    assert code == 2 and "unsupported output type" in stderr
    assert not (tmp_path / "out.json").exists()
    (tmp_path / "ads.txt").write_text("ad_id,text\n1,x\n")
    code, _, stderr = run(
        capsys, "ads", "screen", tmp_path / "ads.txt", "--out", tmp_path / "o.csv"
    )
    assert code == 2 and "unsupported file type '.txt'" in stderr
    code, _, stderr = run(
        capsys, "ads", "screen", tmp_path / "none.csv", "--out", tmp_path / "o.csv"
    )
    assert code == 2 and "none.csv: file not found" in stderr
    (tmp_path / "bad.xlsx").write_bytes(b"not a workbook")
    code, _, stderr = run(
        capsys, "ads", "screen", tmp_path / "bad.xlsx", "--out", tmp_path / "o.csv"
    )
    assert code == 2 and "not a readable XLSX workbook" in stderr
    assert not (tmp_path / "o.csv").exists()
