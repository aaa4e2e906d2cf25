"""Statistics over the platform's own cases: the CTDC families plus case-only variables.

The input is `ctdc.from_cases.cases_to_ctdc(...)`: CTDC v6 columns (so every CTDC family applies
unchanged) and the case-only columns (country and region of identification, trafficking status,
ISIC industry, recruitment methods and channels). Same rules: suppressed small cells, CTDC's
multi-select denominators, every table explaining itself.
"""

from __future__ import annotations

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
from amanat.insights.i18n import bilingual, pgettext_lazy
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


def by_country_of_identification(df: pl.DataFrame, **options) -> StatTable:
    return count_by(
        df,
        IDENTIFICATION,
        statistic="country",
        title=bilingual(pgettext_lazy("statistics", "Country of identification")),
        labeller=country_label,
        **options,
    )


def by_region(df: pl.DataFrame, **options) -> StatTable:
    return count_by(
        df,
        REGION,
        statistic="region",
        title=bilingual(pgettext_lazy("statistics", "Region of identification")),
        labeller=region_label,
        **options,
    )


def by_trafficking_status(df: pl.DataFrame, **options) -> StatTable:
    return count_by(
        df,
        TRAFFICKING_STATUS,
        statistic="trafficking_status",
        title=bilingual(pgettext_lazy("statistics", "Trafficking status")),
        labeller=lambda code: vocabulary_label("trafficking_status", code),
        order=vocabulary_order("trafficking_status"),
        **options,
    )


def by_labour_industry(df: pl.DataFrame, **options) -> StatTable:
    return count_by(
        df,
        LABOUR_INDUSTRY,
        statistic="labour_industry",
        title=bilingual(pgettext_lazy("statistics", "Industry of forced labour (ISIC Rev.4)")),
        labeller=lambda code: vocabulary_label("labour_industry", code),
        order=vocabulary_order("labour_industry"),
        **options,
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
