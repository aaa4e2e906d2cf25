"""Pages across cases: follow-up reminders and assistance statistics."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from amanat.assistance import selectors
from amanat.assistance.stats import assistance_statistics


@login_required
def reminders(request):
    mine = request.GET.get("mine") == "1"
    page = selectors.followup_reminders_page(
        request.user,
        mine=mine,
        cursor=request.GET.get("cursor", ""),
        page=request.GET.get("page", 1),
    )
    return render(
        request,
        "assistance/reminders.html",
        {"rows": page.items, "page": page, "mine": mine, "today": timezone.localdate()},
    )


@login_required
def statistics(request):
    def _day(name):
        try:
            return dt.date.fromisoformat(request.GET.get(name, ""))
        except ValueError:
            return None

    stats = assistance_statistics(request.user, date_from=_day("from"), date_to=_day("to"))
    return render(request, "assistance/statistics.html", {"stats": stats})
