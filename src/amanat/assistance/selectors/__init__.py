"""Reads of assistance data: access-checked through `access.py`; reads that decrypt personal data
are audited (field names only). Selectors never write.

One module per entity; this package only re-exports their public functions.
"""

from amanat.assistance.selectors._common import VisitRow, visit_state
from amanat.assistance.selectors.case_page import (
    CaseAssistance,
    case_assistance,
    case_assistance_summary,
)
from amanat.assistance.selectors.deliveries import services_delivered
from amanat.assistance.selectors.followup import (
    Reminder,
    followup_reminders,
    followup_reminders_for_user,
    followup_reminders_page,
    followup_schedule,
    followup_visits,
    pending_visits,
)
from amanat.assistance.selectors.needs import needs_assessment_read, needs_assessments
from amanat.assistance.selectors.organisations import (
    active_organisations,
    organisations_matching,
    user_id_by_username,
)
from amanat.assistance.selectors.plans import (
    case_referrals,
    open_actions,
    open_needs,
    open_plan,
    support_plan_read,
    support_plans,
)
from amanat.assistance.selectors.reintegration import (
    reintegration_assessment_read,
    reintegration_trajectory,
)

__all__ = [
    "CaseAssistance",
    "Reminder",
    "VisitRow",
    "active_organisations",
    "case_assistance",
    "case_assistance_summary",
    "case_referrals",
    "followup_reminders",
    "followup_reminders_for_user",
    "followup_reminders_page",
    "followup_schedule",
    "followup_visits",
    "needs_assessment_read",
    "needs_assessments",
    "open_actions",
    "open_needs",
    "open_plan",
    "organisations_matching",
    "pending_visits",
    "reintegration_assessment_read",
    "reintegration_trajectory",
    "services_delivered",
    "support_plan_read",
    "support_plans",
    "user_id_by_username",
    "visit_state",
]
