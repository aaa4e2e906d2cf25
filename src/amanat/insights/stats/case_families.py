"""Statistics over the platform's own cases: the CTDC families plus case-only variables.

The input is `ctdc.from_cases.cases_to_ctdc(...)`: CTDC v6 columns (so every CTDC family applies
unchanged) and the case-only columns (country and region of identification, trafficking status,
ISIC industry, recruitment methods and channels). Same rules: suppressed small cells, CTDC's
multi-select denominators, every table explaining itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import polars as pl

from amanat.insights.ctdc.from_cases import (
    IDENTIFICATION,
    LABOUR_INDUSTRY,
    RECRUITMENT_PREFIX,
    REGION,
    TRAFFICKING_STATUS,
    recruitment_channel_group,
    recruitment_method_group,
)
from amanat.insights.i18n import Msg, bilingual, pgettext_lazy
from amanat.insights.stats import families
from amanat.insights.stats.families import count_by, multi_select
from amanat.insights.stats.filters import Filters
from amanat.insights.stats.labels import (
    country_label,
    region_label,
    vocabulary_label,
    vocabulary_order,
)
from amanat.insights.stats.tables import StatTable


def _case_count(
    column: str, statistic: str, title: Msg, labeller: Callable[[str], dict], vocabulary=None
) -> Callable[..., StatTable]:
    """A count over one case-only column. The title, labels and the vocabulary's order are
    looked up at each call, in the catalogue installed by then (not at import)."""

    def statistic_function(df: pl.DataFrame, **options) -> StatTable:
        if vocabulary is not None:
            options["order"] = vocabulary_order(vocabulary)
        return count_by(
            df, column, statistic=statistic, title=bilingual(title), labeller=labeller, **options
        )

    statistic_function.__name__ = f"by_{statistic}"
    return statistic_function


def _vocabulary_count(column: str, vocabulary: str, title: Msg) -> Callable[..., StatTable]:
    """A count over a column coded in one of the platform's vocabularies (its labels, its order)."""
    return _case_count(
        column, vocabulary, title, lambda code: vocabulary_label(vocabulary, code), vocabulary
    )


by_country_of_identification = _case_count(
    IDENTIFICATION,
    "country",
    pgettext_lazy("statistics", "Country of identification"),
    country_label,
)
by_region = _case_count(
    REGION, "region", pgettext_lazy("statistics", "Region of identification"), region_label
)
by_trafficking_status = _vocabulary_count(
    TRAFFICKING_STATUS, "trafficking_status", pgettext_lazy("statistics", "Trafficking status")
)
by_labour_industry = _vocabulary_count(
    LABOUR_INDUSTRY,
    "labour_industry",
    pgettext_lazy("statistics", "Industry of forced labour (ISIC Rev.4)"),
)


def by_recruitment_method(df: pl.DataFrame, **options) -> StatTable:
    table = multi_select(df, recruitment_method_group(), **options)
    rows = tuple(replace(c, key=c.key.removeprefix(RECRUITMENT_PREFIX)) for c in table.rows)
    return replace(table, rows=rows)


def by_recruitment_channel(df: pl.DataFrame, **options) -> StatTable:
    return multi_select(df, recruitment_channel_group(), **options)


# The statistics over cases, in report order: (df, *, filters=..., threshold=...) -> StatTable.
CASE_STATISTICS = {
    "country": by_country_of_identification,
    "region": by_region,
    "year": families.by_year,
    "gender": families.by_gender,
    "age": families.by_age,
    "majority_status": families.by_majority_status,
    "citizenship": families.by_citizenship,
    "country_of_exploitation": families.by_country_of_exploitation,
    "type_of_exploitation": families.by_type_of_exploitation,
    "labour_sector": families.by_labour_sector,
    "labour_industry": by_labour_industry,
    "means_of_control": families.by_means_of_control,
    "recruitment_method": by_recruitment_method,
    "recruitment_channel": by_recruitment_channel,
    "recruiter_relationship": families.by_recruiter_relationship,
    "trafficking_status": by_trafficking_status,
}

# The statistics over a CTDC research dataset, in report order (no region, status or channel).
DATASET_STATISTICS = {
    name: families.STATISTICS[name]
    for name in (
        "country",
        "year",
        "gender",
        "age",
        "majority_status",
        "citizenship",
        "country_of_exploitation",
        "datasource",
        "type_of_exploitation",
        "labour_sector",
        "sexual_exploitation_type",
        "means_of_control",
        "recruiter_relationship",
    )
}


def case_statistics(
    df: pl.DataFrame,
    names: list[str] | None = None,
    *,
    filters: Filters | None = None,
    threshold: int = families.suppression.DEFAULT_THRESHOLD,
) -> list[StatTable]:
    chosen = names or list(CASE_STATISTICS)
    return [CASE_STATISTICS[n](df, filters=filters, threshold=threshold) for n in chosen]
