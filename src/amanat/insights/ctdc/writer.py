"""Write a DataFrame in CTDC v6 columns to CSV (missing values as empty cells, as CTDC publishes)."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from amanat.insights.ctdc.codebook import load_codebook


def write_ctdc_csv(df: pl.DataFrame, path: str | Path) -> None:
    order = [c for c in load_codebook().column_names if c in df.columns]
    extra = [c for c in df.columns if c not in order]
    df.select(order + extra).write_csv(path, null_value="")
