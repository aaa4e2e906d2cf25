"""Flagged advertisements by platform, destination and month, suppressed (stats.view)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _

from amanat.recruitment.stats import ad_statistics


@login_required
def statistics(request):
    stats = ad_statistics(request.user)
    tables = [
        (_("By platform"), stats["by_platform"], "platform"),
        (_("By destination named"), stats["by_destination"], "destination"),
        (_("By month found"), stats["by_month"], "month"),
    ]
    return render(request, "recruitment/stats.html", {"stats": stats, "tables": tables})
