import random
from itertools import combinations

import numpy as np
import polars as pl
import pytest

from amanat.insights.synth import SynthesisSettings, synthesize
from amanat.insights.synth.aggregates import NoisyAggregates
from amanat.insights.synth.percentile import dp_percentile
from amanat.insights.synth.sampler import row_percentiles, synthesize_records

COLUMNS = ["gender", "ageBroad", "citizenship", "isForcedLabour"]


def crafted_frame() -> pl.DataFrame:
    """1,000 records with strong structure, a rare value and missing values."""
    rows = (
        [("Female", "18--20", "KZ", "0")] * 300
        + [("Female", "21--23", "KG", "1")] * 200
        + [("Male", "30--38", "TJ", "1")] * 250
        + [("Male", None, "UZ", None)] * 150
        + [("Female", "9--17", "KZ", None)] * 97
        + [("Male", "48+", "TM", "1")] * 3  # rare: below any threshold at moderate epsilon
    )
    return pl.DataFrame(rows, schema=COLUMNS, orient="row")


def combination_set(frame: pl.DataFrame, way: int) -> set[tuple]:
    found: set[tuple] = set()
    for chosen in combinations(frame.columns, way):
        for row in frame.select(chosen).drop_nulls().unique().rows():
            found.add(tuple(zip(chosen, row, strict=True)))
    return found


def test_same_seed_same_synthetic_data_and_output_columns():
    first = synthesize(crafted_frame(), SynthesisSettings(epsilon=2.0, seed=7))
    second = synthesize(crafted_frame(), SynthesisSettings(epsilon=2.0, seed=7))
    other = synthesize(crafted_frame(), SynthesisSettings(epsilon=2.0, seed=8))
    assert first.synthetic.columns == COLUMNS
    assert first.synthetic.schema == {c: pl.String for c in COLUMNS}
    assert first.synthetic.equals(second.synthetic)
    assert first.report()["utility"] == second.report()["utility"]
    assert not first.synthetic.equals(other.synthetic)


def test_high_epsilon_keeps_counts_and_fabricates_nothing():
    result = synthesize(crafted_frame(), SynthesisSettings(epsilon=1000.0, seed=1))
    assert [length.fabricated for length in result.lengths] == [0, 0, 0]
    for way in (1, 2, 3):
        assert combination_set(result.synthetic, way) <= combination_set(crafted_frame(), way)
    one_way = result.utility[0]
    assert one_way.way == 1
    assert one_way.cells_fabricated == 0
    assert one_way.mean_relative_error_large_cells < 0.05
    assert abs(result.synthetic_records - 1000) <= 50
    counts = dict(result.synthetic["gender"].value_counts().rows())
    assert counts["Female"] == pytest.approx(597, abs=25)
    assert counts["Male"] == pytest.approx(403, abs=25)


def test_rare_combination_is_not_released_at_moderate_epsilon():
    result = synthesize(crafted_frame(), SynthesisSettings(epsilon=1.0, seed=3))
    assert "TM" not in result.synthetic["citizenship"].to_list()
    assert "48+" not in result.synthetic["ageBroad"].to_list()
    assert result.lengths[0].threshold > 3


def test_noise_grows_as_epsilon_falls():
    stds = []
    errors = []
    for epsilon in (8.0, 2.0, 0.5):
        result = synthesize(crafted_frame(), SynthesisSettings(epsilon=epsilon, delta=1e-6, seed=5))
        stds.append([*result.scales.sigmas, result.lengths[0].noise_std])
        errors.append(result.utility[0].mean_absolute_error)
    for k in range(4):
        assert stds[0][k] < stds[1][k] < stds[2][k]
    assert errors[0] < errors[1] < errors[2]


def test_synthesis_never_builds_a_combination_that_was_not_reported():
    # Aggregates over columns 0 (attrs 0, 1) and 1 (attrs 2, 3): (0, 3) is not reported.
    counts = {(0,): 10, (1,): 10, (2,): 10, (3,): 10, (0, 2): 10, (1, 2): 5, (1, 3): 5}
    aggregates = NoisyAggregates(counts=counts, lengths=(), reporting_length=2)
    records = synthesize_records(
        aggregates,
        [0, 0, 1, 1],
        weight_selection_percentile=95,
        use_synthetic_counts=True,
        rng=random.Random(1),
    )
    pairs = {record for record in records if len(record) == 2}
    assert pairs <= {(0, 2), (1, 2), (1, 3)}
    used = [attribute for record in records for attribute in record]
    assert sorted(used) == [0] * 10 + [1] * 10 + [2] * 10 + [3] * 10


def test_row_percentiles_match_numpy():
    table = np.random.default_rng(0).integers(0, 500, size=(13, 22)).astype(float)
    for q in (0, 50, 95, 100):
        assert np.allclose(row_percentiles(table, q), np.percentile(table, q, axis=1))


def test_dp_percentile_finds_the_percentile_at_high_epsilon_and_stays_in_range():
    values = np.array([3] * 90 + [7] * 10)
    rng = np.random.default_rng(0)
    assert dp_percentile(values, percentile=50, upper=10, epsilon=1e4, rng=rng) == 3
    assert dp_percentile(values, percentile=99, upper=10, epsilon=1e4, rng=rng) == 7
    picks = {
        dp_percentile(values, percentile=99, upper=10, epsilon=1e-6, rng=rng) for _ in range(50)
    }
    assert picks <= set(range(11))
