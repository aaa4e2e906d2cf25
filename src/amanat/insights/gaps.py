"""Gap analysis: needs recorded in cases against services in the directory, by region and type.

Pure polars (no Django). Inputs (read by `amanat.insights.sources` when the referrals and
assistance apps hold data):
- cases: the case frame (`caseId`, `countryOfIdentification`, `regionOfIdentification`, ...),
  which also carries the period and place filters;
- needs: `caseId`, `serviceType`, `status` (open | met | cancelled);
- directory: `serviceType`, `country`, `regions` (list; empty = the whole country), `accepting`,
  `available` (places now; null = not stated);
- referrals (optional): `caseId`, `services` (list), `state`;
- services delivered (optional): `caseId`, `serviceType`.

A need is unmet when it is still open and no service of its type was delivered to the person.
The region of a need is the case's region of identification; where it is missing, the country's
services are counted (the row says "region not recorded"). Counts of people are suppressed
like every statistic; counts of directory services are about organisations and are shown as is.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import polars as pl

from amanat.insights.ctdc.from_cases import CASE_ID, IDENTIFICATION, REGION
from amanat.insights.i18n import Msg, bilingual, pgettext_lazy
from amanat.insights.stats import suppression
from amanat.insights.stats.filters import Filters, apply_filters
from amanat.insights.stats.labels import country_label, region_label, service_type_label
from amanat.insights.stats.outcomes import FAILED_STATES

NO_REGION = ""
FLAGS: dict[str, Msg] = {
    "no_service": pgettext_lazy(
        "service gap", "No service of this type in the directory for this region"
    ),
    "no_service_in_country": pgettext_lazy(
        "service gap",
        "Region not recorded: no service of this type in the directory anywhere in the country",
    ),
    "no_capacity": pgettext_lazy(
        "service gap", "Services listed, but none accepting referrals with places available"
    ),
    "unmet": pgettext_lazy(
        "service gap", "Half or more of the people with this need have it unmet"
    ),
    "referral_failures": pgettext_lazy(
        "service gap", "Referrals for this service declined, expired or closed without service"
    ),
}


@dataclass(frozen=True)
class GapRow:
    country: str
    region: str  # "" when the cases have no region recorded
    service_type: str
    labels: dict[str, dict[str, str]]  # country, region, service_type -> {'en', 'ru'}
    people_with_need: int | None  # None when suppressed
    people_unmet: int | None
    referrals_failed: int | None
    services_listed: int
    services_accepting: int  # accepting referrals and not known to be full
    places_available: int | None  # sum of stated places; None when no service states them
    flags: tuple[str, ...]
    suppressed: dict[str, str | None] = field(default_factory=dict)


@dataclass(frozen=True)
class GapAnalysis:
    rows: tuple[GapRow, ...]
    threshold: int
    filters: tuple[str, ...]
    rule: str
    suppression_rule: str
    flag_labels: dict[str, dict[str, str]]

    def as_dict(self) -> dict:
        return asdict(self)

    @property
    def flagged(self) -> list[GapRow]:
        return [row for row in self.rows if row.flags]


def _supply(directory: pl.DataFrame, places: pl.DataFrame) -> pl.DataFrame:
    """For each (country, region, serviceType) of `places`, the directory services covering it."""
    if directory.height == 0:
        return places.with_columns(
            pl.lit(0).alias("services_listed"),
            pl.lit(0).alias("services_accepting"),
            pl.lit(None, dtype=pl.Int64).alias("places_available"),
        )
    services = directory.with_row_index("_service").with_columns(
        pl.col("regions").fill_null([]),
        (pl.col("accepting").fill_null(True) & (pl.col("available").fill_null(1) > 0)).alias(
            "_open"
        ),
    )
    candidates = places.join(
        services,
        left_on=["country", "serviceType"],
        right_on=["country", "serviceType"],
        how="inner",
    )
    # A case without a region falls back to its country: any service of the type in the country
    # may serve it (issue 15); otherwise every such case was flagged "no service".
    covering = candidates.filter(
        (pl.col("region") == NO_REGION)
        | (pl.col("regions").list.len() == 0)
        | pl.col("regions").list.contains(pl.col("region"))
    )
    summary = covering.group_by("country", "region", "serviceType").agg(
        pl.len().alias("services_listed"),
        pl.col("_open").sum().alias("services_accepting"),
        pl.when(pl.col("available").is_not_null().any())
        .then(pl.col("available").sum())
        .otherwise(None)
        .alias("places_available"),
    )
    return places.join(summary, on=["country", "region", "serviceType"], how="left").with_columns(
        pl.col("services_listed").fill_null(0),
        pl.col("services_accepting").fill_null(0),
    )


def gap_analysis(
    cases: pl.DataFrame,
    needs: pl.DataFrame,
    directory: pl.DataFrame,
    *,
    referrals: pl.DataFrame | None = None,
    services: pl.DataFrame | None = None,
    filters: Filters | None = None,
    threshold: int = suppression.DEFAULT_THRESHOLD,
) -> GapAnalysis:
    scoped = apply_filters(cases, filters, [CASE_ID, IDENTIFICATION, REGION]).select(
        CASE_ID,
        # As text: the platform's frame holds them as Categorical, the directory as String.
        pl.col(IDENTIFICATION).cast(pl.String).alias("country"),
        pl.col(REGION).cast(pl.String).fill_null(NO_REGION).alias("region"),
    )
    in_scope = needs.filter(pl.col("status") != "cancelled").join(scoped, on=CASE_ID, how="inner")
    delivered = (
        services.select(CASE_ID, "serviceType").unique().with_columns(pl.lit(True).alias("_got"))
        if services is not None and services.height
        else pl.DataFrame(schema={CASE_ID: pl.Int64, "serviceType": pl.String, "_got": pl.Boolean})
    )
    per_person = (
        in_scope.group_by(CASE_ID, "country", "region", "serviceType")
        .agg((pl.col("status") == "open").any().alias("_open"))
        .join(delivered, on=[CASE_ID, "serviceType"], how="left")
        .with_columns((pl.col("_open") & pl.col("_got").is_null()).alias("_unmet"))
    )
    demand = per_person.group_by("country", "region", "serviceType").agg(
        pl.len().alias("people_with_need"), pl.col("_unmet").sum().alias("people_unmet")
    )
    if referrals is not None and referrals.height:
        failed = (
            referrals.filter(pl.col("state").is_in(FAILED_STATES))
            .join(scoped, on=CASE_ID, how="inner")
            .select("country", "region", pl.col("services").alias("serviceType"))
            .explode("serviceType")
            .group_by("country", "region", "serviceType")
            .agg(pl.len().alias("referrals_failed"))
        )
        demand = demand.join(
            failed, on=["country", "region", "serviceType"], how="full", coalesce=True
        )
    else:
        demand = demand.with_columns(pl.lit(0).alias("referrals_failed"))
    demand = demand.with_columns(
        pl.col("people_with_need").fill_null(0),
        pl.col("people_unmet").fill_null(0),
        pl.col("referrals_failed").fill_null(0),
    ).sort("country", "region", "serviceType")
    table = _supply(directory, demand.select("country", "region", "serviceType")).join(
        demand, on=["country", "region", "serviceType"], how="left"
    )
    rows = _rows(table.sort("country", "region", "serviceType"), threshold)
    return GapAnalysis(
        rows=tuple(rows),
        threshold=threshold,
        filters=tuple((filters or Filters()).describe()),
        rule=(
            "people with a need = people in scope with a need of the type recorded (open or met, "
            "not cancelled); unmet = still open and no service of that type delivered; region = "
            "the case's region of identification; a directory service covers a region when it "
            "lists that region or no region (the whole country); a case without a region is "
            "covered by any service of the type in its country (region not recorded); "
            "accepting = accepting referrals "
            "and not known to have zero places"
        ),
        suppression_rule=suppression.describe(threshold),
        flag_labels={key: bilingual(msg) for key, msg in FLAGS.items()},
    )


def _rows(table: pl.DataFrame, threshold: int) -> list[GapRow]:
    records = table.to_dicts()
    # Secondary suppression: within one country and service type the regions add up.
    status: dict[tuple[int, str], str | None] = {}
    groups: dict[tuple[str, str], list[int]] = {}
    for i, r in enumerate(records):
        groups.setdefault((r["country"], r["serviceType"]), []).append(i)
    for measure in ("people_with_need", "people_unmet", "referrals_failed"):
        for members in groups.values():
            values = [int(records[i][measure]) for i in members]
            values.append(sum(values))
            lines = [list(range(len(values)))] if len(members) > 1 else []
            marks = suppression.suppress(values, lines, threshold)
            for i, mark in zip(members, marks, strict=False):
                status[(i, measure)] = mark
    rows = []
    for i, r in enumerate(records):
        need, unmet = int(r["people_with_need"]), int(r["people_unmet"])
        flags = []
        if need and r["services_listed"] == 0:
            flags.append("no_service" if r["region"] else "no_service_in_country")
        elif need and r["services_accepting"] == 0:
            flags.append("no_capacity")
        if need and unmet * 2 >= need:
            flags.append("unmet")
        if int(r["referrals_failed"]):
            flags.append("referral_failures")
        shown = {
            m: (None if status[(i, m)] else int(r[m]))
            for m in ("people_with_need", "people_unmet", "referrals_failed")
        }
        rows.append(
            GapRow(
                country=r["country"],
                region=r["region"],
                service_type=r["serviceType"],
                labels={
                    "country": country_label(r["country"]),
                    "region": region_label(r["region"])
                    if r["region"]
                    else bilingual(pgettext_lazy("statistics", "Region not recorded")),
                    "service_type": service_type_label(r["serviceType"]),
                },
                services_listed=int(r["services_listed"]),
                services_accepting=int(r["services_accepting"]),
                places_available=None
                if r["places_available"] is None
                else int(r["places_available"]),
                flags=tuple(flags),
                suppressed={m: status[(i, m)] for m in shown},
                **shown,
            )
        )
    return rows
