"""The referral app's case-timeline event kinds, declared once (typed, labels translatable).

Services record them with `events.X.record(case=, actor=, data=)`; the codes are the ones the
timeline has always stored, so old rows keep their labels.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from amanat.cases.timeline import EventKind, event_kind
from amanat.referrals.state_machine import State

# Declared in the order the timeline has always listed them.
NEED_RECORDED = event_kind("need.recorded", _("Need recorded"))
NEED_UPDATED = event_kind("need.updated", _("Need updated"))
# Never recorded today ("referral.created" marks a new draft); kept so any such row keeps its label.
REFERRAL_DRAFT = event_kind("referral.draft", _("Referral drafted"))
REFERRAL_CREATED = event_kind("referral.created", _("Referral drafted"))
REFERRAL_SENT = event_kind("referral.sent", _("Referral sent"))
REFERRAL_ACCEPTED = event_kind("referral.accepted", _("Referral accepted"))
REFERRAL_DECLINED = event_kind("referral.declined", _("Referral declined"))
REFERRAL_IN_PROGRESS = event_kind("referral.in_progress", _("Referral service started"))
REFERRAL_COMPLETED = event_kind("referral.completed", _("Referral completed"))
REFERRAL_CLOSED_WITHOUT_SERVICE = event_kind(
    "referral.closed_without_service", _("Referral closed without service")
)
REFERRAL_REVOKED = event_kind("referral.revoked", _("Referral revoked"))
REFERRAL_EXPIRED = event_kind("referral.expired", _("Referral expired without an answer"))
REFERRAL_CONSENT_OVERRIDE = event_kind(
    "referral.consent_override", _("Referral sent without consent (override)")
)

# The event of a move, by the state it reaches.
REFERRAL_STATE: dict[State, EventKind] = {
    State.DRAFT: REFERRAL_DRAFT,
    State.SENT: REFERRAL_SENT,
    State.ACCEPTED: REFERRAL_ACCEPTED,
    State.DECLINED: REFERRAL_DECLINED,
    State.IN_PROGRESS: REFERRAL_IN_PROGRESS,
    State.COMPLETED: REFERRAL_COMPLETED,
    State.CLOSED_WITHOUT_SERVICE: REFERRAL_CLOSED_WITHOUT_SERVICE,
    State.REVOKED: REFERRAL_REVOKED,
    State.EXPIRED: REFERRAL_EXPIRED,
}
