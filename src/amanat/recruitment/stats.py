"""Flagged advertisements (rated medium or high) by platform, destination and month, across
organisations, with the platform's one small-cell suppression (amanat.privacy.suppression,
ADR 0666): counts from 1 to threshold-1 are hidden, and a further count where one hidden count
could be recovered by subtraction from the total.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.utils.translation import gettext as _

from amanat.core import geography, vocabularies
from amanat.privacy.suppression import describe, suppress, suppress_rows
from amanat.privacy.suppression_config import stats_threshold
from amanat.recruitment.access import require_stats
from amanat.recruitment.models import MonitoredAd

FLAGGED = ("medium", "high")
NONE = ""


@dataclass(frozen=True)
class Cell:
    key: str
    label: str
    count: int | None  # None: suppressed


def _platform_label(code: str) -> str:
    return vocabularies.label("websites_apps", code) if code else _("Not recorded")


def _country_label(code: str) -> str:
    return geography.country_name(code) if code else _("None named")


def _table(counts: Counter, total: int, label, threshold: int, *, adds_up: bool) -> list[Cell]:
    keys = sorted(counts, key=lambda key: (key == NONE, key))
    values = [counts[key] for key in keys]
    if adds_up:  # the rows add up to the total, which is published: one line with it
        status = suppress([*values, total], [list(range(len(values) + 1))], threshold)[:-1]
    else:  # an advertisement may name several destinations: no total to subtract from
        status = suppress_rows(values, threshold)
    return [
        Cell(key, label(key), None if hidden else value)
        for key, value, hidden in zip(keys, values, status, strict=True)
    ]


def ad_statistics(user, *, threshold: int | None = None) -> dict:
    """The suppressed tables; NotFound unless the user may see statistics."""
    require_stats(user)
    threshold = threshold or stats_threshold()
    rows = list(
        MonitoredAd.objects.filter(level__in=FLAGGED).values_list(
            "platform", "destinations", "found_on"
        )
    )
    total = len(rows)
    platforms = Counter(platform for platform, _d, _f in rows)
    months = Counter(found_on.strftime("%Y-%m") for _p, _d, found_on in rows)
    destinations: Counter = Counter()
    for _p, codes, _f in rows:
        destinations.update(codes or [NONE])
    total_status = suppress([total], [], threshold)[0]
    return {
        "threshold": threshold,
        "rule": describe(threshold),
        "total": None if total_status else total,
        "by_platform": _table(platforms, total, _platform_label, threshold, adds_up=True),
        "by_destination": _table(destinations, total, _country_label, threshold, adds_up=False),
        "by_month": _table(months, total, str, threshold, adds_up=True),
    }
