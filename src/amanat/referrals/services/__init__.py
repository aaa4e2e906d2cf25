"""Every write of the referral app: directory, needs, referrals, notes, expiry, notifications.

Keyword-only, atomic, audited (field names, never values), with a case timeline event when it
concerns a case. Access: `amanat.referrals.access`. State moves: `state_machine.transition`,
called before anything is written, so an illegal move changes nothing (409). One module per
entity; this package only re-exports them.
"""

from amanat.referrals.services._common import MAX_REASON, MIN_JUSTIFICATION
from amanat.referrals.services.directory import (
    directory_availability_update,
    directory_export_audit,
    directory_service_delete,
    directory_service_save,
    organisation_profile_update,
)
from amanat.referrals.services.directory_import import ImportResult, directory_import
from amanat.referrals.services.expiry import referral_expire_if_due, referrals_expire_due
from amanat.referrals.services.moves import (
    ACTIONS,
    referral_accept,
    referral_close_without_service,
    referral_complete,
    referral_decline,
    referral_revoke,
    referral_start,
)
from amanat.referrals.services.needs import (
    SuggestionResult,
    need_record,
    need_update,
    needs_suggest_from,
)
from amanat.referrals.services.notes import referral_note_add
from amanat.referrals.services.notifications import notifications_mark_read
from amanat.referrals.services.referrals import referral_create, snapshot
from amanat.referrals.services.sending import ConsentRequired, referral_send

__all__ = [
    "ACTIONS",
    "MAX_REASON",
    "MIN_JUSTIFICATION",
    "ConsentRequired",
    "ImportResult",
    "SuggestionResult",
    "directory_availability_update",
    "directory_export_audit",
    "directory_import",
    "directory_service_delete",
    "directory_service_save",
    "need_record",
    "need_update",
    "needs_suggest_from",
    "notifications_mark_read",
    "organisation_profile_update",
    "referral_accept",
    "referral_close_without_service",
    "referral_complete",
    "referral_create",
    "referral_decline",
    "referral_expire_if_due",
    "referral_note_add",
    "referral_revoke",
    "referral_send",
    "referral_start",
    "referrals_expire_due",
    "snapshot",
]
