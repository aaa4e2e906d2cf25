"""Every write of the assistance app: keyword-only, atomic, audited, with a timeline event.

Access: the organisation holding the case (see `access.py`); services delivered also by an
organisation an active referral allows. Writes that collect personal data about the person
(assessments, plans, visits, scores) need the person's consent to assistance in force.

One module per entity; this package only re-exports their public functions.
"""

from amanat.assistance.services._common import respondent_group_for, write_blocker
from amanat.assistance.services.actions import plan_action_add, plan_action_update
from amanat.assistance.services.deliveries import service_delivery_record
from amanat.assistance.services.erasure import ERASABLE, assistance_personal_data_erase
from amanat.assistance.services.followup import followup_schedule_set, followup_visit_record
from amanat.assistance.services.needs import needs_assessment_record
from amanat.assistance.services.plans import (
    PLAN_FIELDS,
    support_plan_create,
    support_plan_end,
    support_plan_update,
)
from amanat.assistance.services.reintegration import reintegration_assessment_record

__all__ = [
    "ERASABLE",
    "PLAN_FIELDS",
    "assistance_personal_data_erase",
    "followup_schedule_set",
    "followup_visit_record",
    "needs_assessment_record",
    "plan_action_add",
    "plan_action_update",
    "reintegration_assessment_record",
    "respondent_group_for",
    "service_delivery_record",
    "support_plan_create",
    "support_plan_end",
    "support_plan_update",
    "write_blocker",
]
