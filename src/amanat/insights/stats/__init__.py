"""Aggregate statistics on a polars DataFrame in CTDC v6 columns, with small-cell suppression.

Researchers reach only these tables; the input can be the CTDC file or, later, the platform's own
cases exported to the same columns (see `amanat.insights.ctdc.reader.ctdc_schema`).
"""

from amanat.insights.stats.families import STATISTICS, by_country, count_by, crosstab, multi_select
from amanat.insights.stats.filters import Filters, Period, PlaceFilter, apply_filters
from amanat.insights.stats.tables import Cell, CrossTable, StatTable

__all__ = [
    "STATISTICS",
    "Cell",
    "CrossTable",
    "Filters",
    "Period",
    "PlaceFilter",
    "StatTable",
    "apply_filters",
    "by_country",
    "count_by",
    "crosstab",
    "multi_select",
]
