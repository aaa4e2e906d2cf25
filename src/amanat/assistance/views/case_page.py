"""The assistance page of a case and its trajectory chart."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from amanat.accounts.roles import Perm
from amanat.assistance import selectors
from amanat.assistance.forms import ActionProgressForm, PlanEndForm
from amanat.assistance.views._common import instrument_disclaimer, trajectory_chart
from amanat.cases import lifecycle


@login_required
def case_page(request, case_id):
    data = selectors.case_assistance(request.user, case_id)
    actions = [
        {
            "action": a,
            "form": ActionProgressForm(
                initial={"status": a.status, "progress": a.progress}, prefix=f"a{a.pk}"
            ),
        }
        for a in data.actions
    ]
    return render(
        request,
        "assistance/case.html",
        {
            "case": data.case,
            "data": data,
            "actions": actions,
            "chart": trajectory_chart(data.scores),
            "can_update": request.user.can(Perm.CASE_UPDATE),
            "closed": data.case.status in lifecycle.CLOSED_STATUSES,
            "end_form": PlanEndForm(initial={"outcome": "completed"}),
            "disclaimer": instrument_disclaimer(),
        },
    )


@login_required
def trajectory_svg_view(request, case_id):
    scores = selectors.reintegration_trajectory(request.user, case_id)
    response = HttpResponse(
        trajectory_chart(scores) or "<svg xmlns='http://www.w3.org/2000/svg'/>",
        content_type="image/svg+xml",
    )
    response["Cache-Control"] = "no-store"
    return response
