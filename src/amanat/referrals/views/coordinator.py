"""The coordinator's page: referral figures by state, service type and region (aggregates only)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from amanat.core import geography
from amanat.referrals import codes, selectors, services
from amanat.referrals.models import STATE_CHOICES
from amanat.referrals.views._common import country_choices


@login_required
def coordinator(request):
    country = request.GET.get("country", "").upper()
    if country and country not in geography.country_codes():
        country = ""
    services.referrals_expire_due()  # selectors never write: overdue ones expire here (0446)
    stats = selectors.coordinator_stats(request.user, country=country)
    labels = dict(STATE_CHOICES)
    total = max(stats["total"] or 0, 1)
    by_state = [
        {
            "code": s,
            "label": labels[s],
            "count": n,
            "pct": None if n is None else round(100 * n / total),
        }
        for s, n in stats["by_state"].items()
    ]
    by_type = [
        {
            "label": codes.service_type_label(t),
            "total": stats["by_service_type_total"][t],
            "completed": c.get("completed", 0),
            "declined": c.get("declined", 0),
            "open": _sum(c, ("sent", "accepted", "in_progress")),
        }
        for t, c in stats["by_service_type"].items()
    ]
    by_region = [
        {
            "label": geography.region_name(r) if "-" in r else geography.country_name(r),
            "total": stats["by_region_total"][r],
            "completed": c.get("completed", 0),
        }
        for r, c in stats["by_region"].items()
    ]
    return render(
        request,
        "referrals/coordinator.html",
        {
            "stats": stats,
            "by_state": by_state,
            "by_type": by_type,
            "by_region": by_region,
            "country": country,
            "countries": country_choices(),
            "acceptance_pct": None
            if stats["acceptance_rate"] is None
            else round(100 * stats["acceptance_rate"]),
            "completion_pct": None
            if stats["completion_rate"] is None
            else round(100 * stats["completion_rate"]),
        },
    )


def _sum(cells: dict, states: tuple[str, ...]) -> int | None:
    """A sum of cells; hidden (None) if any of them is hidden, or it would give the hidden one
    back by subtraction (0666)."""
    values = [cells.get(s, 0) for s in states]
    return None if None in values else sum(values)
