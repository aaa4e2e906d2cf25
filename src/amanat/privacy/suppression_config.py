"""The configured small-cell threshold (kept apart so amanat.privacy.suppression stays pure)."""

from __future__ import annotations

from django.conf import settings

from amanat.privacy.suppression import DEFAULT_THRESHOLD, MINIMUM_THRESHOLD


def stats_threshold() -> int:
    """settings.AMANAT_STATS_THRESHOLD (ADR 0601, 0666), never below 2."""
    configured = int(getattr(settings, "AMANAT_STATS_THRESHOLD", DEFAULT_THRESHOLD))
    return max(configured, MINIMUM_THRESHOLD)
