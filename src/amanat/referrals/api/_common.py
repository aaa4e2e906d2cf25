"""Shared by the referral API modules: tags and operation ids as they were before the split."""

from __future__ import annotations

DIRECTORY_TAGS = ["referrals: directory"]
NEEDS_TAGS = ["referrals: needs and matching"]  # also the case's referral list and drafting
REFERRAL_TAGS = ["referrals"]


def operation_id(name: str) -> str:
    """Ninja derives an operation id from the view's module; the endpoints moved into modules of
    this package, and the published ids (and so generated clients) must not change."""
    return f"amanat_referrals_api_{name}"
