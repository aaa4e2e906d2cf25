import polars as pl
import pytest

from amanat.insights.ctdc.codebook import load_codebook
from amanat.insights.ctdc.reader import read_ctdc
from amanat.insights.stats import (
    STATISTICS,
    Filters,
    Period,
    PlaceFilter,
    by_country,
    count_by,
    crosstab,
    multi_select,
)
from amanat.insights.stats.families import by_type_of_exploitation
from amanat.insights.stats.suppression import PRIMARY, SECONDARY, suppress
from tests.insights.ctdc_independent import (
    CENTRAL_ASIA,
    EXPLOITATION_TYPES,
    SHARED_CTDC,
    central_asia,
    multi_select_counts,
    shared_pandas,
    value_counts,
)

CA = Filters(place=PlaceFilter.named("central_asia"))
NO_SUPPRESSION = 1


@pytest.fixture(scope="module")
def df() -> pl.DataFrame:
    return read_ctdc(SHARED_CTDC)[0]


@pytest.fixture(scope="module")
def pdf_ca():
    return central_asia(shared_pandas())


def test_central_asia_filter_is_citizenship_or_country_of_exploitation():
    assert PlaceFilter.named("central_asia") == PlaceFilter(tuple(CENTRAL_ASIA), "either")


@pytest.mark.parametrize("column", ["citizenship", "gender", "yearOfRegistration", "ageBroad"])
def test_central_asian_single_select_counts_match_pandas(df, pdf_ca, column):
    table = count_by(df, column, filters=CA, threshold=NO_SUPPRESSION)
    expected = value_counts(pdf_ca, column)
    assert table.counts == expected
    assert table.records_in_scope == len(pdf_ca) == 900
    assert table.denominator == sum(expected.values())
    for cell in table.rows:
        assert cell.percent == round(100 * expected[cell.key] / table.denominator, 1)


def test_central_asian_headline_figures(df):
    citizenship = count_by(df, "citizenship", filters=CA)
    assert citizenship.counts == {
        "KG": 449, "UZ": 253, "TJ": 77, "KZ": 67, "TM": 26, "UA": 17, "BD": 11
    }  # fmt: skip
    assert count_by(df, "gender", filters=CA).counts == {"Male": 514, "Female": 386}
    assert by_country(df).counts == {"KZ": 238, "KG": 449, "TJ": 88, "UZ": 253, "TM": 26}


def test_type_of_exploitation_uses_the_ctdc_denominator_rule(df, pdf_ca):
    table = by_type_of_exploitation(df, filters=CA, threshold=NO_SUPPRESSION)
    denominator, counts = multi_select_counts(pdf_ca, EXPLOITATION_TYPES)
    assert table.denominator == denominator == 327  # people with any answer, not all 900
    assert table.counts == counts
    assert table.percentages["isForcedLabour"] == round(100 * 314 / 327, 1) == 96.0
    assert table.denominator_rule.startswith("CTDC multi-select rule")


@pytest.mark.parametrize("group", ["labour_sector", "means_of_control", "recruiter_relationship"])
def test_other_multi_select_groups_match_pandas(df, pdf_ca, group):
    columns = load_codebook().groups[group].columns
    table = multi_select(df, group, filters=CA, threshold=NO_SUPPRESSION)
    denominator, counts = multi_select_counts(pdf_ca, columns)
    assert (table.denominator, table.counts) == (denominator, counts)


def test_multi_select_percentages_may_exceed_one_hundred_in_total(df):
    table = multi_select(df, "means_of_control", filters=CA, threshold=NO_SUPPRESSION)
    assert sum(p for p in table.percentages.values() if p) > 100


def test_any_recorded_rule_counts_people_with_zeros_too(df, pdf_ca):
    table = multi_select(df, "type_of_exploitation", filters=CA, rule="any_recorded")
    answers = pdf_ca.reindex(columns=EXPLOITATION_TYPES, fill_value="")  # 2018: no isSlavery...
    expected = int((answers != "").any(axis=1).sum())
    assert table.denominator == expected
    assert table.denominator >= 327


def test_period_filter_matches_pandas(df, pdf_ca):
    filters = Filters(period=Period.parse("2010-2017"), place=CA.place)
    table = count_by(df, "gender", filters=filters, threshold=NO_SUPPRESSION)
    year = pdf_ca["yearOfRegistration"].astype(int)
    expected = value_counts(pdf_ca[(year >= 2010) & (year <= 2017)], "gender")
    assert table.counts == expected == {"Male": 503, "Female": 263}
    assert table.filters == (
        "yearOfRegistration 2010-2017 (inclusive)",
        "citizenship or CountryOfExploitation in KZ, KG, TJ, UZ, TM",
    )


@pytest.mark.parametrize(
    ("match", "expected"),
    [("citizenship", 872), ("exploitation", 545), ("both", 517), ("either", 900)],
)
def test_place_match_rules(df, match, expected):
    pdf = shared_pandas()
    by_citizenship = pdf["citizenship"].isin(CENTRAL_ASIA)
    by_exploitation = pdf["CountryOfExploitation"].isin(CENTRAL_ASIA)
    masks = {
        "citizenship": by_citizenship,
        "exploitation": by_exploitation,
        "both": by_citizenship & by_exploitation,
        "either": by_citizenship | by_exploitation,
    }
    filters = Filters(place=PlaceFilter(tuple(CENTRAL_ASIA), match))
    assert count_by(df, "gender", filters=filters).records_in_scope == expected
    assert int(masks[match].sum()) == expected


def test_small_cells_are_suppressed_with_a_complement(df):
    table = multi_select(df, "means_of_control", filters=CA)
    assert table.suppressed["meansOfControlPsychoactiveSubstances"] == PRIMARY
    assert table.suppressed["meansOfControlThreatOfLawEnforcement"] == SECONDARY
    hidden = [c for c in table.rows if c.suppressed]
    assert all(c.count is None and c.percent is None for c in hidden)
    shown = [c.count for c in table.rows if not c.suppressed]
    assert all(n == 0 or n >= 10 for n in shown)


def test_every_statistic_family_runs_and_explains_itself(df):
    for name, statistic in STATISTICS.items():
        table = statistic(df, filters=CA)
        assert table.statistic == name
        assert table.denominator_rule and table.suppression_rule and table.inputs
        assert all(c.count is None or c.count == 0 or c.count >= 10 for c in table.rows)
        assert {"en", "ru"} <= set(table.title)


def test_country_labels_are_bilingual(df):
    table = count_by(df, "citizenship", filters=CA)
    labels = {c.key: c.label for c in table.rows}
    assert labels["KZ"] == {"en": "Kazakhstan", "ru": "Казахстан"}


def test_suppression_one_small_cell_pulls_the_smallest_other_nonzero_cell():
    # cells 5, 0, 20, 30 and their total 55
    status = suppress([5, 0, 20, 30, 55], [[0, 1, 2, 3, 4]], threshold=10)
    assert status == [PRIMARY, None, SECONDARY, None, None]


def test_suppression_two_small_cells_need_no_complement():
    assert suppress([5, 3, 40, 48], [[0, 1, 2, 3]], threshold=10) == [
        PRIMARY,
        PRIMARY,
        None,
        None,
    ]


def test_suppression_threshold_is_configurable_and_zero_is_never_suppressed():
    assert suppress([0, 10, 10], [[0, 1, 2]], threshold=10) == [None, None, None]
    assert suppress([0, 10, 11, 21], [[0, 1, 2, 3]], threshold=11) == [
        None,
        PRIMARY,
        SECONDARY,
        None,
    ]


def test_a_small_denominator_hides_the_whole_table(df):
    # 15 Turkmen citizens registered in 2010, all female: below a threshold of 20
    filters = Filters(period=Period(2010, 2010), place=PlaceFilter(("TM",), "citizenship"))
    assert count_by(df, "gender", filters=filters).counts == {"Female": 15}
    table = count_by(df, "gender", filters=filters, threshold=20)
    assert table.records_in_scope is None and table.denominator is None
    assert all(c.count is None for c in table.rows)


def test_crosstab_matches_pandas_and_leaves_no_line_with_one_hidden_entry(df):
    pdf = shared_pandas()
    table = crosstab(df, "citizenship", "gender")
    present = pdf[(pdf["citizenship"] != "") & (pdf["gender"] != "")]
    expected = present.groupby(["citizenship", "gender"]).size()
    for (row, col), n in expected.items():
        shown = table.count(row, col)
        assert shown is None or shown == n
        if shown is None:
            assert table.suppressed[table.row_keys.index(row)][table.column_keys.index(col)]
    assert table.total == len(present)
    for i, row in enumerate(table.suppressed):
        hidden = sum(s is not None for s in row) + (table.row_totals[i] is None)
        assert hidden != 1
    for j in range(len(table.column_keys)):
        hidden = sum(table.suppressed[i][j] is not None for i in range(len(table.row_keys)))
        hidden += table.column_totals[j] is None
        assert hidden != 1
    assert table.excluded == 206  # citizenship "Missing" in the released file


def test_crosstab_secondary_suppression_on_a_small_table():
    cells = {("Male", "18--20"): 5, ("Male", "21--23"): 30, ("Female", "18--20"): 40}
    cells[("Female", "21--23")] = 50
    rows = [{"gender": g, "ageBroad": a} for (g, a), n in cells.items() for _ in range(n)]
    table = crosstab(pl.DataFrame(rows), "gender", "ageBroad")
    assert table.row_keys == ("Male", "Female")
    assert table.column_keys == ("18--20", "21--23")
    assert table.suppressed == ((PRIMARY, SECONDARY), (SECONDARY, SECONDARY))
    assert table.counts == ((None, None), (None, None))
    assert (table.row_totals, table.column_totals, table.total) == ((35, 90), (45, 80), 125)
