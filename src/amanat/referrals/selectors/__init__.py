"""Reads of the referral app that need access rules; reads of personal data are audited.

Selectors never write (docs/decisions/0446): a referral past its deadline is expired by the
scheduled `amanat referrals expire` and, before anything shows referrals, by the page or
endpoint calling `services.referrals_expire_due` / `services.referral_expire_if_due`. One
module per entity; this package only re-exports them.
"""

from amanat.referrals.selectors.coordinator import coordinator_stats
from amanat.referrals.selectors.directory import (
    directory_organisation,
    directory_search,
    directory_services_for_export,
    referral_recipients,
    region_summary,
)
from amanat.referrals.selectors.inbox import (
    PAGE_SIZE,
    STATES,
    Flags,
    ReferralPage,
    flags_for,
    overdue_q,
    referral_inbox,
)
from amanat.referrals.selectors.matching import (
    CaseMatches,
    _index_cache,
    _medians_cache,
    case_matches,
    case_profile,
    service_index,
)
from amanat.referrals.selectors.needs import needs_for_case
from amanat.referrals.selectors.notifications import notifications_for, unread_count
from amanat.referrals.selectors.referrals import (
    referral_case_view,
    referral_detail,
    referrals_for_case,
    sharing_in_force,
)

__all__ = [
    "PAGE_SIZE",
    "STATES",
    "CaseMatches",
    "Flags",
    "ReferralPage",
    "_index_cache",  # the matcher's caches, cleared by tests between cases
    "_medians_cache",
    "case_matches",
    "case_profile",
    "coordinator_stats",
    "directory_organisation",
    "directory_search",
    "directory_services_for_export",
    "flags_for",
    "needs_for_case",
    "notifications_for",
    "overdue_q",
    "referral_case_view",
    "referral_detail",
    "referral_inbox",
    "referral_recipients",
    "referrals_for_case",
    "region_summary",
    "service_index",
    "sharing_in_force",
    "unread_count",
]
