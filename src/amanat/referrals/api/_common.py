"""Shared by the referral API modules: the tags the endpoints had before the split."""

from __future__ import annotations

DIRECTORY_TAGS = ["referrals: directory"]
NEEDS_TAGS = ["referrals: needs and matching"]  # also the case's referral list and drafting
REFERRAL_TAGS = ["referrals"]
