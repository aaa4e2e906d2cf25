"""Assistance pages. Thin: parse the form, call one service or selector, render.

One module per entity; this package only re-exports the views `urls.py` names. Domain errors
map to answers through `amanat.core.web` (NotFound is the 404 page, others land on the form).
"""

from amanat.assistance.views.case_page import case_page, trajectory_svg_view
from amanat.assistance.views.deliveries import referral_service, service_new
from amanat.assistance.views.fieldwork import needs_xlsform
from amanat.assistance.views.followup import schedule, score_detail, visit_new
from amanat.assistance.views.lifecycle import close, reopen, transfer
from amanat.assistance.views.needs import assessment_detail, assessment_new
from amanat.assistance.views.overview import reminders, statistics
from amanat.assistance.views.plans import (
    action_new,
    action_update,
    plan_edit,
    plan_end,
    plan_new,
)

__all__ = [
    "action_new",
    "action_update",
    "assessment_detail",
    "assessment_new",
    "case_page",
    "close",
    "needs_xlsform",
    "plan_edit",
    "plan_end",
    "plan_new",
    "referral_service",
    "reopen",
    "reminders",
    "schedule",
    "score_detail",
    "service_new",
    "statistics",
    "transfer",
    "trajectory_svg_view",
    "visit_new",
]
