"""Referral pages. Thin: parse the form, call one service or selector, render.

Domain errors map through `amanat.core.web` (NotFound is the 404 page, other errors a form or
message error). One module per entity; this package only re-exports the views for urls.py.
"""

from amanat.referrals.views.coordinator import coordinator
from amanat.referrals.views.directory import directory, directory_entry, directory_regions
from amanat.referrals.views.directory_edit import (
    directory_availability,
    directory_profile,
    directory_service_delete,
    directory_service_save,
)
from amanat.referrals.views.directory_files import directory_export, directory_import
from amanat.referrals.views.inbox import inbox, notifications_read
from amanat.referrals.views.matching import matches
from amanat.referrals.views.needs import case_section_context, need_add, need_status
from amanat.referrals.views.referrals import act, detail, note_add, referral_new
from amanat.referrals.views.sharing_preview import sharing_preview

__all__ = [
    "act",
    "case_section_context",
    "coordinator",
    "detail",
    "directory",
    "directory_availability",
    "directory_entry",
    "directory_export",
    "directory_import",
    "directory_profile",
    "directory_regions",
    "directory_service_delete",
    "directory_service_save",
    "inbox",
    "matches",
    "need_add",
    "need_status",
    "note_add",
    "notifications_read",
    "referral_new",
    "sharing_preview",
]
