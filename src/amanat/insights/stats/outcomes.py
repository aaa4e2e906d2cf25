"""Referral and service outcomes over the platform's cases (pure polars, no Django).

Inputs are frames the insights app reads from the referrals and assistance apps when they hold
data (`amanat.insights.sources`): referrals (`caseId`, `state`, `services` list) and services
delivered (`caseId`, `serviceType`). The period and place filters apply to the cases, and through
them to their referrals and services. Same suppression rules as every other table.
"""

from __future__ import annotations

from dataclasses import replace

import polars as pl

from amanat.insights.ctdc.codebook import GroupMember, MultiSelectGroup
from amanat.insights.ctdc.from_cases import CASE_ID
from amanat.insights.i18n import Msg, bilingual, pgettext_lazy, same_in_all
from amanat.insights.stats import suppression
from amanat.insights.stats.families import _build, multi_select
from amanat.insights.stats.filters import Filters, apply_filters
from amanat.insights.stats.labels import service_type_label, service_type_order
from amanat.insights.stats.tables import StatTable

REFERRAL_STATES: dict[str, Msg] = {
    "sent": pgettext_lazy("referral outcome", "Sent, awaiting an answer"),
    "accepted": pgettext_lazy("referral outcome", "Accepted"),
    "in_progress": pgettext_lazy("referral outcome", "In progress"),
    "completed": pgettext_lazy("referral outcome", "Completed"),
    "closed_without_service": pgettext_lazy("referral outcome", "Closed without service"),
    "declined": pgettext_lazy("referral outcome", "Declined"),
    "expired": pgettext_lazy("referral outcome", "Expired without an answer"),
    "revoked": pgettext_lazy("referral outcome", "Revoked by the sender"),
}
# Referrals that did not lead to the service: the "referral failures" of the gap analysis.
FAILED_STATES = ("declined", "expired", "closed_without_service")
NOT_SENT = ("draft",)


def scoped_case_ids(cases: pl.DataFrame, filters: Filters | None) -> pl.DataFrame:
    return apply_filters(cases, filters, [CASE_ID])


def referral_outcomes(
    cases: pl.DataFrame,
    referrals: pl.DataFrame,
    *,
    filters: Filters | None = None,
    threshold: int = suppression.DEFAULT_THRESHOLD,
) -> StatTable:
    """Referrals sent for cases in scope, by their current state (one referral counts once)."""
    ids = scoped_case_ids(cases, filters)
    sent = referrals.join(ids, on=CASE_ID, how="semi").filter(~pl.col("state").is_in(NOT_SENT))
    grouped = sent.group_by("state").len()
    counts = {str(k): int(n) for k, n in zip(grouped["state"], grouped["len"], strict=True)}
    keys = [s for s in REFERRAL_STATES if s in counts] + sorted(
        s for s in counts if s not in REFERRAL_STATES
    )
    return _build(
        statistic="referral_outcome",
        title=bilingual(pgettext_lazy("statistics", "Referrals by outcome")),
        kind="single",
        keys=keys,
        labels=[
            bilingual(REFERRAL_STATES[k]) if k in REFERRAL_STATES else same_in_all(k) for k in keys
        ],
        counts=[counts[k] for k in keys],
        records_in_scope=sent.height,
        denominator=sent.height,
        denominator_rule=(
            "unit = referral (a person may have several); denominator = referrals sent for cases "
            "in scope (drafts not counted); the state is the referral's current state"
        ),
        threshold=threshold,
        filters=filters,
        inputs=["referrals.state"],
    )


def _type_group(name: str, title: dict[str, str], codes: list[str], prefix: str):
    order = list(service_type_order())
    ordered = [c for c in order if c in codes] + sorted(c for c in codes if c not in order)
    return MultiSelectGroup(
        name=name,
        label=title,
        members=tuple(GroupMember(prefix + c, service_type_label(c)) for c in ordered),
        not_specified=(),
    )


def people_by_service_type(
    cases: pl.DataFrame,
    events: pl.DataFrame,
    *,
    statistic: str,
    title: dict[str, str],
    filters: Filters | None = None,
    threshold: int = suppression.DEFAULT_THRESHOLD,
) -> StatTable:
    """People in scope with at least one event (`caseId`, `serviceType`) of each service type.

    CTDC's multi-select rule: the denominator is the people with any event, so a person who got
    two types counts in both rows and percentages may sum to more than 100.
    """
    prefix = f"{statistic}:"
    pairs = events.select(CASE_ID, "serviceType").unique()
    codes = sorted(pairs["serviceType"].unique().to_list())
    if codes:
        wide = pairs.with_columns(pl.lit(1, dtype=pl.Int8).alias("_one")).pivot(
            on="serviceType", index=CASE_ID, values="_one"
        )
        wide = wide.rename({c: prefix + c for c in codes})
    # The cases in scope as one column: a join with the whole frame would copy every column.
    scoped = scoped_case_ids(cases, filters)
    joined = scoped.join(wide, on=CASE_ID, how="left") if codes else scoped
    group = _type_group(statistic, title, codes, prefix)
    table = multi_select(joined, group, filters=None, threshold=threshold)
    # Keys are the service-type codes, not the helper columns they were counted from.
    rows = tuple(replace(cell, key=cell.key.removeprefix(prefix)) for cell in table.rows)
    inputs = (f"{statistic} events by service type",)
    described = tuple((filters or Filters()).describe())
    return replace(table, rows=rows, inputs=inputs, filters=described)


def service_outcomes(
    cases: pl.DataFrame,
    services: pl.DataFrame,
    *,
    filters: Filters | None = None,
    threshold: int = suppression.DEFAULT_THRESHOLD,
) -> StatTable:
    return people_by_service_type(
        cases,
        services,
        statistic="service_outcome",
        title=bilingual(
            pgettext_lazy("statistics", "People who received services, by type of service")
        ),
        filters=filters,
        threshold=threshold,
    )


def referrals_by_service_type(
    cases: pl.DataFrame,
    referrals: pl.DataFrame,
    *,
    filters: Filters | None = None,
    threshold: int = suppression.DEFAULT_THRESHOLD,
) -> StatTable:
    sent = referrals.filter(~pl.col("state").is_in(NOT_SENT))
    events = sent.select(CASE_ID, pl.col("services").alias("serviceType")).explode("serviceType")
    events = events.filter(pl.col("serviceType").is_not_null())
    return people_by_service_type(
        cases,
        events,
        statistic="referral_service",
        title=bilingual(pgettext_lazy("statistics", "People referred, by type of service")),
        filters=filters,
        threshold=threshold,
    )
