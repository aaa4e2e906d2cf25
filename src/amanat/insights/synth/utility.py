"""Utility kept: errors of all 1-, 2- and 3-way marginals of the synthetic data against the input.

A k-way marginal is the count of every combination of values of k columns, over the records that
have all k values (missing values are not a category, as in the aggregates). Cells absent from one
side count 0 there. Relative error = |synthetic - input| / input, over cells present in the input.
These figures compare with the sensitive input: they are for the data controller, not for release.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from itertools import combinations

import polars as pl

# Small cells dominate the relative error (most are suppressed by the thresholds); this separates
# how well the bulk of the data is kept.
LARGE_CELL = 100


@dataclass(frozen=True)
class MarginalError:
    way: int
    marginals: int  # column combinations
    cells: int  # value combinations in the input or the synthetic data
    mean_absolute_error: float
    max_absolute_error: int
    mean_relative_error: float
    max_relative_error: float
    mean_relative_error_large_cells: float  # cells with an input count of at least LARGE_CELL
    cells_fabricated: int  # in the synthetic data, not in the input
    cells_suppressed: int  # in the input, not in the synthetic data

    def as_dict(self) -> dict:
        return asdict(self)


def _cell_counts(frame: pl.DataFrame, columns: list[str]) -> pl.DataFrame:
    return (
        frame.select(columns)
        .drop_nulls()
        .group_by(columns)
        .len()
        .with_columns(pl.col("len").cast(pl.Int64))
    )


def marginal_errors(
    original: pl.DataFrame, synthetic: pl.DataFrame, max_way: int = 3
) -> list[MarginalError]:
    results: list[MarginalError] = []
    for way in range(1, min(max_way, original.width) + 1):
        tables = []
        for chosen in combinations(original.columns, way):
            columns = list(chosen)
            joined = _cell_counts(original, columns).join(
                _cell_counts(synthetic, columns),
                on=columns,
                how="full",
                coalesce=True,
                suffix="_synthetic",
            )
            tables.append(
                joined.select(
                    pl.col("len").fill_null(0).alias("input"),
                    pl.col("len_synthetic").fill_null(0).alias("synthetic"),
                )
            )
        # Sorted so that float sums do not depend on polars' group order: same seed, same report.
        cells = (
            pl.concat(tables)
            .with_columns((pl.col("synthetic") - pl.col("input")).abs().alias("absolute"))
            .sort("input", "synthetic")
        )
        present = cells.filter(pl.col("input") > 0).select(
            "input", (pl.col("absolute") / pl.col("input")).alias("relative")
        )
        large = present.filter(pl.col("input") >= LARGE_CELL)
        results.append(
            MarginalError(
                way=way,
                marginals=len(tables),
                cells=cells.height,
                mean_absolute_error=float(cells["absolute"].mean() or 0.0),
                max_absolute_error=int(cells["absolute"].max() or 0),
                mean_relative_error=float(present["relative"].mean() or 0.0),
                max_relative_error=float(present["relative"].max() or 0.0),
                mean_relative_error_large_cells=float(large["relative"].mean() or 0.0),
                cells_fabricated=cells.filter(
                    (pl.col("input") == 0) & (pl.col("synthetic") > 0)
                ).height,
                cells_suppressed=cells.filter(
                    (pl.col("input") > 0) & (pl.col("synthetic") == 0)
                ).height,
            )
        )
    return results
