"""The assistance app's timeline kinds, declared once (codes are read by statistics and tests).

Services record them with `events.X.record(case=..., actor=..., data=...)`; `data` holds codes and
ids only, never personal values.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from amanat.cases.timeline import event_kind

NEEDS_ASSESSED = event_kind("assistance.needs_assessed", _("Needs assessment recorded"))
PLAN_CREATED = event_kind("assistance.plan_created", _("Support plan created"))
PLAN_AGREED = event_kind("assistance.plan_agreed", _("Support plan agreed with the person"))
PLAN_UPDATED = event_kind("assistance.plan_updated", _("Support plan updated"))
PLAN_COMPLETED = event_kind("assistance.plan_completed", _("Support plan completed"))
PLAN_CANCELLED = event_kind("assistance.plan_cancelled", _("Support plan cancelled"))
ACTION_ADDED = event_kind("assistance.action_added", _("Plan action added"))
ACTION_UPDATED = event_kind("assistance.action_updated", _("Plan action progress"))
SERVICE_DELIVERED = event_kind("assistance.service_delivered", _("Service delivered"))
FOLLOWUP_SCHEDULED = event_kind("assistance.followup_scheduled", _("Follow-up visits scheduled"))
VISIT_RECORDED = event_kind("assistance.visit_recorded", _("Follow-up visit recorded"))
SCORE_RECORDED = event_kind("assistance.score_recorded", _("Reintegration sustainability assessed"))
