"""National figures on the coordinator's overview (core.landing, ADR 1620): counts of the
coordinator's country this year from the shared case facts (no personal data), small counts
suppressed as in every statistic (ADR 0601)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from amanat.accounts.roles import Perm
from amanat.core.landing import register_panel
from amanat.insights.models import CaseFact
from amanat.privacy.suppression_config import stats_threshold


def _suppressed(count: int) -> int | str:
    threshold = stats_threshold()
    return f"<{threshold}" if 0 < count < threshold else count


def _this_year(user, **conditions) -> int | str | None:
    organisation = getattr(user, "organisation", None)
    if organisation is None:
        return None
    start = f"{timezone.localdate().year}-01-01"
    rows = CaseFact.objects.filter(
        deleted=False, country=organisation.country, identified_on__gte=start, **conditions
    )
    return _suppressed(rows.count())


def register() -> None:
    dashboard = lambda user: reverse("insights:dashboard")  # noqa: E731
    register_panel(
        "identified_this_year",
        order=1,
        label=_("Cases identified this year in the country"),
        count=lambda user: _this_year(user),
        url=dashboard,
        permission=Perm.STATS_VIEW,
        audiences=("coordinator",),
    )
    register_panel(
        "victims_this_year",
        order=2,
        label=_("Identified victims this year in the country"),
        count=lambda user: _this_year(user, trafficking_status="ActualVictimOfTrafficking"),
        url=dashboard,
        permission=Perm.STATS_VIEW,
        audiences=("coordinator",),
    )
