"""The assistance section of the case page (registered in AppConfig.ready)."""

from __future__ import annotations

from amanat.assistance.selectors import case_assistance_summary


def assistance_section(request, case) -> dict | None:
    return case_assistance_summary(request.user, case)
