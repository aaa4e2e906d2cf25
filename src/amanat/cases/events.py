"""The timeline event kinds of persons and cases (the case life cycle and consent included).

Services record an event with `events.CASE_OPENED.record(case=..., actor=..., data=...)`: the kind
is declared once here with its translatable label, never written as a free string.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from amanat.cases.timeline import event_kind

CASE_OPENED = event_kind("case.opened", _("Case opened"))
CASE_UPDATED = event_kind("case.updated", _("Case details updated"))
PERSON_UPDATED = event_kind("person.updated", _("Personal details updated"))
CASE_STATUS_DECIDED = event_kind("case.status_decided", _("Trafficking status decided"))
CONSENT_RECORDED = event_kind("consent.recorded", _("Consent recorded"))
CONSENT_REFUSED = event_kind("consent.refused", _("Consent refused"))
CONSENT_WITHDRAWN = event_kind("consent.withdrawn", _("Consent withdrawn"))
CASE_CLOSED = event_kind("case.closed", _("Case closed"))
CASE_REOPENED = event_kind("case.reopened", _("Case reopened"))
CASE_FOLLOW_UP = event_kind("case.follow_up", _("Case moved to follow-up"))
CASE_TRANSFERRED = event_kind("case.transferred", _("Case transferred to another organisation"))
CASE_RETENTION_APPLIED = event_kind(
    "case.retention_applied", _("Personal data erased after the retention date")
)
APPROVAL_REQUESTED = event_kind("approval.requested", _("Sent for a supervisor's approval"))
APPROVAL_APPROVED = event_kind("approval.approved", _("Approved by a supervisor"))
APPROVAL_RETURNED = event_kind("approval.returned", _("Returned by a supervisor with a comment"))
CASE_FLAG_ADDED = event_kind("case.flag_added", _("Flag added"))
CASE_FLAG_REMOVED = event_kind("case.flag_removed", _("Flag removed"))
