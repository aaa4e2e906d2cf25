"""Coordinator statistics on assistance: services delivered, plans, follow-up, reintegration.

Non-identifying aggregates over the cases identified in the user's country (Case.country), for
holders of `stats.view` (NRM coordinators, researchers). Nothing is decrypted. A row whose number
of distinct cases is between 1 and threshold-1 is suppressed (its figures hidden), and where a
table has exactly one such row its smallest other non-empty row is hidden too (secondary
suppression), by the platform's one rule and setting (amanat.privacy.suppression,
AMANAT_STATS_THRESHOLD; docs/decisions/0601, 0666).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Avg, Count, F, Q, Sum
from django.utils import timezone

from amanat.accounts.roles import Perm
from amanat.assistance import codes
from amanat.assistance.models import (
    FollowUpVisit,
    PlanAction,
    ReintegrationAssessment,
    ServiceDelivery,
    SupportPlan,
)
from amanat.cases.lifecycle import CLOSED_STATUSES
from amanat.cases.models import CaseStatusChange, LifecycleKind
from amanat.errors import NotFound
from amanat.privacy.audit import audit_record
from amanat.privacy.suppression import suppress_rows
from amanat.privacy.suppression_config import stats_threshold


@dataclass
class Row:
    key: str
    label: str
    cases: int
    figures: dict = field(default_factory=dict)
    suppressed: bool = False


@dataclass
class Statistics:
    country: str
    threshold: int
    services_by_type: list[Row]
    services_by_organisation: list[Row]
    plans_by_status: list[Row]
    actions_by_status: list[Row]
    visits: list[Row]
    reintegration_by_visit: list[Row]
    closures_by_reason: list[Row]


def _suppress(rows: list[Row], threshold: int) -> list[Row]:
    """Hide the rows the platform's rule suppresses (primary and secondary): the rows of a table
    are one line, since their total can be recovered from another table's figures."""
    status = suppress_rows([row.cases for row in rows], threshold)
    for row, hidden in zip(rows, status, strict=True):
        if hidden is not None:
            row.suppressed = True
            row.figures = {}
            row.cases = 0
    return rows


def assistance_statistics(
    user,
    *,
    today: dt.date | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> Statistics:
    if not user.can(Perm.STATS_VIEW) or user.organisation_id is None:
        raise NotFound()
    today = today or timezone.localdate()
    country = user.organisation.country
    threshold = stats_threshold()
    in_country = Q(case__country=country)

    services = ServiceDelivery.objects.filter(in_country)
    if date_from:
        services = services.filter(delivered_on__gte=date_from)
    if date_to:
        services = services.filter(delivered_on__lte=date_to)
    costs: dict[str, dict[str, str]] = defaultdict(dict)
    for row in (
        services.exclude(currency="").values("service_type", "currency").annotate(total=Sum("cost"))
    ):
        costs[row["service_type"]][row["currency"]] = f"{row['total']:.2f}"
    by_type = [
        Row(
            row["service_type"],
            codes.service_type_label(row["service_type"]),
            row["cases"],
            {"services": row["services"], "cost": dict(sorted(costs[row["service_type"]].items()))},
        )
        for row in services.values("service_type")
        .annotate(cases=Count("case", distinct=True), services=Count("id"))
        .order_by("service_type")
    ]
    by_org = [
        Row(
            str(row["organisation_id"]),
            row["organisation__name"],
            row["cases"],
            {"services": row["services"]},
        )
        for row in services.values("organisation_id", "organisation__name")
        .annotate(cases=Count("case", distinct=True), services=Count("id"))
        .order_by("organisation__name")
    ]
    plans = _by_status(SupportPlan.objects.filter(in_country), "plans")
    actions = _by_status(PlanAction.objects.filter(in_country), "actions")
    visits_qs = FollowUpVisit.objects.filter(in_country, number__isnull=False)
    pending = visits_qs.filter(visited_on__isnull=True).exclude(case__status__in=CLOSED_STATUSES)
    visit_groups = {
        "held_on_time": visits_qs.filter(
            visited_on__isnull=False, visited_on__lte=F("overdue_after")
        ),
        "held_late": visits_qs.filter(visited_on__isnull=False, visited_on__gt=F("overdue_after")),
        "due": pending.filter(remind_from__lte=today, overdue_after__gte=today),
        "overdue": pending.filter(overdue_after__lt=today),
    }
    visits = []
    for key, queryset in visit_groups.items():
        agg = queryset.aggregate(cases=Count("case", distinct=True), visits=Count("id"))
        visits.append(Row(key, key, agg["cases"], {"visits": agg["visits"]}))
    reintegration = [
        Row(
            f"{row['visit__number']}:{row['instrument_version']}",
            str(row["visit__number"]),
            row["cases"],
            {
                "instrument_version": row["instrument_version"],
                "composite_mean": None if row["composite"] is None else round(row["composite"], 3),
                "economic_mean": None if row["economic"] is None else round(row["economic"], 3),
                "social_mean": None if row["social"] is None else round(row["social"], 3),
                "psychosocial_mean": None
                if row["psychosocial"] is None
                else round(row["psychosocial"], 3),
            },
        )
        for row in ReintegrationAssessment.objects.filter(in_country, visit__number__isnull=False)
        .values("visit__number", "instrument_version")
        .annotate(
            cases=Count("case", distinct=True),
            composite=Avg("composite"),
            economic=Avg("economic"),
            social=Avg("social"),
            psychosocial=Avg("psychosocial"),
        )
        .order_by("visit__number", "instrument_version")
    ]
    closures = [
        Row(
            row["reason"],
            codes.label("closure_reason", row["reason"]),
            row["cases"],
            {"closures": row["closures"]},
        )
        for row in CaseStatusChange.objects.filter(in_country, kind=LifecycleKind.CLOSED)
        .values("reason")
        .annotate(cases=Count("case", distinct=True), closures=Count("id"))
        .order_by("reason")
    ]
    result = Statistics(
        country=country,
        threshold=threshold,
        services_by_type=_suppress(by_type, threshold),
        services_by_organisation=_suppress(by_org, threshold),
        plans_by_status=_suppress(plans, threshold),
        actions_by_status=_suppress(actions, threshold),
        visits=_suppress(visits, threshold),
        reintegration_by_visit=_suppress(reintegration, threshold),
        closures_by_reason=_suppress(closures, threshold),
    )
    audit_record(
        actor=user,
        action="assistance.statistics",
        object_type="statistics",
        purpose="statistics",
        extra={"country": country, "threshold": threshold},
    )
    return result


def statistics_as_dict(stats: Statistics) -> dict:
    def rows(items: list[Row]) -> list[dict]:
        return [
            {
                "key": r.key,
                "label": r.label,
                "cases": None if r.suppressed else r.cases,
                "suppressed": r.suppressed,
                **({} if r.suppressed else r.figures),
            }
            for r in items
        ]

    return {
        "country": stats.country,
        "suppression": (
            f"rows with 1 to {stats.threshold - 1} distinct cases are hidden; where a table has "
            "exactly one such row, its smallest other row is hidden too"
        ),
        "services_by_type": rows(stats.services_by_type),
        "services_by_organisation": rows(stats.services_by_organisation),
        "plans_by_status": rows(stats.plans_by_status),
        "actions_by_status": rows(stats.actions_by_status),
        "visits": rows(stats.visits),
        "reintegration_by_visit": rows(stats.reintegration_by_visit),
        "closures_by_reason": rows(stats.closures_by_reason),
    }


def _by_status(queryset, counted: str) -> list[Row]:
    """One row per status: the cases concerned and how many rows (`counted`) they hold."""
    return [
        Row(row["status"], row["status"], row["cases"], {counted: row[counted]})
        for row in queryset.values("status")
        .annotate(cases=Count("case", distinct=True), **{counted: Count("id")})
        .order_by("status")
    ]
