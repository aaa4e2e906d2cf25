import datetime as dt

import polars as pl
import pytest

from amanat.insights.ctdc.codebook import load_codebook
from amanat.insights.ctdc.reader import CtdcRejected, RowProblem, ctdc_schema, read_ctdc
from tests.insights.ctdc_independent import SHARED_CTDC, write_rows

TODAY = dt.date(2025, 6, 1)
HEADER = ["X"] + [c.name for c in load_codebook().columns if c.required]


def good_row(**overrides: str) -> dict[str, str]:
    row = {
        "yearOfRegistration": "2016",
        "Datasource": "Case Management",
        "gender": "Female",
        "ageBroad": "18--20",
        "majorityStatus": "Adult",
        "citizenship": "KG",
        "CountryOfExploitation": "KZ",
        "isForcedLabour": "1",
        "isSexualExploit": "0",
        "RecruiterRelationship": "Friend; Other",
        "recruiterRelationUnknown": "0",
    }
    row.update(overrides)
    return row


@pytest.fixture(scope="module")
def shared():
    return read_ctdc(SHARED_CTDC, today=TODAY)


def test_shared_file_reads_with_its_four_bad_trailing_records_reported(shared):
    df, problems = shared
    assert df.height == 47102
    assert df.schema == pl.Schema(ctdc_schema())
    assert problems == [
        RowProblem(47104, "", None, "empty record: no value in any CTDC column"),
        RowProblem(47105, "", None, "empty record: no value in any CTDC column"),
        RowProblem(
            47106, "yearOfRegistration", "1667367", "impossible year: in the future (after 2025)"
        ),
        RowProblem(
            47107, "yearOfRegistration", "139912", "impossible year: in the future (after 2025)"
        ),
    ]


def test_shared_file_values_are_typed_and_missing_codes_are_null(shared):
    df, _ = shared
    assert df["yearOfRegistration"].min() == 2002
    assert df["yearOfRegistration"].max() == 2017
    assert df["citizenship"].null_count() == 206  # 'Missing' in the file
    assert (df["citizenship"] == "Unknown").sum() == 7484  # an answer, kept
    assert set(df["isForcedLabour"].drop_nulls().unique()) == {0, 1}


def test_strict_mode_rejects_the_shared_file_listing_every_problem():
    with pytest.raises(CtdcRejected) as caught:
        read_ctdc(SHARED_CTDC, mode="strict", today=TODAY)
    assert [p.row for p in caught.value.problems] == [47104, 47105, 47106, 47107]
    assert "4 problem(s)" in caught.value.message


def test_bad_values_are_reported_row_by_row_and_dropped_in_lenient_mode(tmp_path):
    rows = [
        good_row(),  # row 2
        good_row(yearOfRegistration="1850"),  # row 3
        good_row(yearOfRegistration="2031"),  # row 4
        good_row(yearOfRegistration="20x5"),  # row 5
        good_row(gender="Femme"),  # row 6
        good_row(citizenship="XX"),  # row 7
        good_row(CountryOfExploitation="Kazakhstan"),  # row 8
        good_row(isForcedLabour="2"),  # row 9
        good_row(RecruiterRelationship="Friend; Boss"),  # row 10
        good_row(ageBroad="18-20", majorityStatus="Grown-up"),  # row 11: two problems
    ]
    path = write_rows(tmp_path / "bad.csv", HEADER, rows)
    df, problems = read_ctdc(path, today=TODAY)
    assert df.height == 1
    assert [(p.row, p.column, p.value) for p in problems] == [
        (3, "yearOfRegistration", "1850"),
        (4, "yearOfRegistration", "2031"),
        (5, "yearOfRegistration", "20x5"),
        (6, "gender", "Femme"),
        (7, "citizenship", "XX"),
        (8, "CountryOfExploitation", "Kazakhstan"),
        (9, "isForcedLabour", "2"),
        (10, "RecruiterRelationship", "Friend; Boss"),
        (11, "ageBroad", "18-20"),
        (11, "majorityStatus", "Grown-up"),
    ]
    reasons = {p.row: p.reason for p in problems}
    assert reasons[3] == "impossible year: before 1990"
    assert reasons[4] == "impossible year: in the future (after 2025)"
    assert reasons[5] == "not a whole number"
    assert reasons[7].startswith("not an ISO 3166-1 alpha-2 country code")
    assert reasons[9] == "binary column must be 0 or 1"


def test_strict_mode_rejects_a_file_with_one_bad_value(tmp_path):
    path = write_rows(tmp_path / "one.csv", HEADER, [good_row(), good_row(citizenship="XX")])
    with pytest.raises(CtdcRejected) as caught:
        read_ctdc(path, mode="strict", today=TODAY)
    assert caught.value.problems == [
        RowProblem(
            3,
            "citizenship",
            "XX",
            "not an ISO 3166-1 alpha-2 country code (or ZZ/00/Unknown for unknown)",
        )
    ]


def test_missing_and_unknown_codes_and_codebook_spellings_are_accepted(tmp_path):
    rows = [
        good_row(gender="-99", citizenship="ZZ", CountryOfExploitation="Missing"),
        good_row(citizenship="00", Datasource="Case management"),
        good_row(
            citizenship="Unknown", RecruiterRelationship="Friend/Acquaintance;Family/Relative"
        ),
    ]
    path = write_rows(tmp_path / "codes.csv", HEADER, rows)
    df, problems = read_ctdc(path, mode="strict", today=TODAY)
    assert problems == []
    assert df["gender"].to_list() == [None, "Female", "Female"]
    assert df["citizenship"].to_list() == ["ZZ", "00", "Unknown"]
    assert df["CountryOfExploitation"].to_list() == [None, "KZ", "KZ"]
    assert df["Datasource"].to_list() == ["Case Management"] * 3
    assert df["RecruiterRelationship"][2] == "Friend; Family/Relative"


def test_a_missing_required_column_rejects_the_file_in_both_modes(tmp_path):
    header = [c for c in HEADER if c != "gender"]
    path = write_rows(tmp_path / "nogender.csv", header, [good_row()])
    for mode in ("strict", "lenient"):
        with pytest.raises(CtdcRejected) as caught:
            read_ctdc(path, mode=mode, today=TODAY)
        assert caught.value.problems == [
            RowProblem(1, "gender", None, "required CTDC codebook v6 column is missing")
        ]


def test_an_unknown_column_is_reported_and_dropped_in_lenient_mode(tmp_path):
    path = write_rows(tmp_path / "extra.csv", [*HEADER, "victimName"], [good_row()])
    df, problems = read_ctdc(path, today=TODAY)
    assert problems == [
        RowProblem(1, "victimName", "victimName", "column is not a CTDC codebook v6 variable")
    ]
    assert "victimName" not in df.columns
    assert df.height == 1
    with pytest.raises(CtdcRejected):
        read_ctdc(path, mode="strict", today=TODAY)


def test_a_file_that_is_not_csv_is_rejected(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_text("")
    with pytest.raises(CtdcRejected):
        read_ctdc(path)
