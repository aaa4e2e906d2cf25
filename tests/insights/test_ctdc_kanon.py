import polars as pl
import pycountry
import pytest

from amanat.errors import ValidationError
from amanat.insights.ctdc.hierarchy import load_hierarchies, m49_maps
from amanat.insights.ctdc.kanon import k_anonymise
from amanat.insights.ctdc.reader import read_ctdc
from tests.insights.ctdc_independent import SHARED_CTDC, is_k_anonymous, to_pandas

DEFAULT_QIS = [
    "gender",
    "ageBroad",
    "majorityStatus",
    "citizenship",
    "CountryOfExploitation",
    "yearOfRegistration",
    "Datasource",
]


@pytest.fixture(scope="module")
def df() -> pl.DataFrame:
    return read_ctdc(SHARED_CTDC)[0]


@pytest.fixture(scope="module")
def sample(df) -> pl.DataFrame:
    return df.sample(3000, seed=7)


def test_defaults_come_from_the_data_file():
    book = load_hierarchies()
    assert book.default_k == 11
    assert list(book.default_quasi_identifiers) == DEFAULT_QIS


def test_shared_file_default_quasi_identifiers_k11(df):
    assert not is_k_anonymous(to_pandas(df), DEFAULT_QIS, 11)  # 100 records in rare groups
    result, report = k_anonymise(df)
    assert is_k_anonymous(to_pandas(result), DEFAULT_QIS, 11)
    assert report.records_in_small_groups_before == 100
    assert report.steps == []  # within the 5 % budget: suppression only
    assert (report.rows_locally_suppressed, report.cells_suppressed) == (100, 700)
    assert (report.rows_in, report.rows_out, report.rows_dropped) == (47102, 47102, 0)
    assert report.smallest_group >= 11
    # Local suppression keeps the records' other columns as they were.
    assert result["isForcedLabour"].sum() == df["isForcedLabour"].sum()


@pytest.mark.parametrize(
    ("quasi_identifiers", "k"),
    [
        (["gender", "ageBroad", "citizenship", "yearOfRegistration"], 11),
        (["citizenship", "CountryOfExploitation", "isForcedLabour", "isSexualExploit"], 11),
        (DEFAULT_QIS, 50),
        (DEFAULT_QIS + ["isForcedLabour", "RecruiterRelationship"], 11),
    ],
)
def test_shared_file_other_quasi_identifier_lists(df, quasi_identifiers, k):
    result, report = k_anonymise(df, quasi_identifiers, k)
    assert is_k_anonymous(to_pandas(result), quasi_identifiers, k)
    assert report.rows_out == result.height == report.rows_in - report.rows_dropped
    assert report.smallest_group >= k


def test_a_small_sample_is_generalised_before_suppression(sample):
    assert not is_k_anonymous(to_pandas(sample), DEFAULT_QIS, 11)
    result, report = k_anonymise(sample, DEFAULT_QIS, 11)
    assert is_k_anonymous(to_pandas(result), DEFAULT_QIS, 11)
    assert report.steps, "generalisation expected on 3,000 records"
    suppressed_share = (report.rows_locally_suppressed + report.rows_dropped) / report.rows_in
    assert suppressed_share <= 0.05
    assert report.steps[0].column == "ageBroad"
    assert set(result["ageBroad"].drop_nulls().unique()) <= {"0--17", "18+", "Unknown", "*"}
    assert report.levels["ageBroad"] == 2
    assert report.level_names["ageBroad"]["ru"].startswith("Несовершеннолетний")


def test_no_suppression_budget_generalises_until_nothing_is_suppressed(sample):
    result, report = k_anonymise(sample, DEFAULT_QIS, 11, max_suppressed_fraction=0)
    assert is_k_anonymous(to_pandas(result), DEFAULT_QIS, 11)
    assert (report.rows_locally_suppressed, report.rows_dropped) == (0, 0)


def test_years_and_countries_generalise_to_periods_and_m49_regions():
    frame = pl.DataFrame(
        {
            "yearOfRegistration": [2010] * 6 + [2011] * 6,
            "citizenship": ["KZ", "KG", "TJ", "UZ", "TM", "KZ"] * 2,
        },
        schema={"yearOfRegistration": pl.Int16, "citizenship": pl.String},
    )
    result, report = k_anonymise(frame, ["yearOfRegistration", "citizenship"], 12)
    assert result["citizenship"].unique().to_list() == ["Central Asia"]
    assert result["yearOfRegistration"].unique().to_list() == ["2010--2011"]
    assert [(s.column, s.level) for s in report.steps] == [
        ("yearOfRegistration", 1),
        ("citizenship", 1),
    ]
    names = report.level_names["citizenship"]
    assert (names["en"], names["ru"]) == ("UN M49 sub-region", "Субрегион ООН (M49)")


def test_rare_records_are_dropped_when_their_suppressed_group_is_still_too_small():
    frame = pl.DataFrame({"gender": ["Female"] * 20 + ["Male"] * 3})
    result, report = k_anonymise(frame, ["gender"], 11, max_suppressed_fraction=0.2)
    assert result["gender"].to_list() == ["Female"] * 20
    assert (report.rows_dropped, report.rows_locally_suppressed) == (3, 0)
    assert is_k_anonymous(to_pandas(result), ["gender"], 11)


def test_the_independent_checker_counts_missing_values_as_a_combination():
    frame = to_pandas(pl.DataFrame({"gender": ["Female"] * 11 + [None] * 3}))
    assert not is_k_anonymous(frame, ["gender"], 11)


def test_bad_arguments_are_rejected(df):
    with pytest.raises(ValidationError):
        k_anonymise(df, ["gender"], 1)
    with pytest.raises(ValidationError):
        k_anonymise(df, ["gender", "name"], 11)


def test_m49_covers_every_iso_country_but_antarctica():
    mapped = set(m49_maps()["subregion"])
    assert {c.alpha_2 for c in pycountry.countries} - mapped == {"AQ"}
    assert m49_maps()["subregion"]["KG"] == "Central Asia"
    assert m49_maps()["region"]["NO"] == "Europe"
