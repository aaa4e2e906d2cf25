"""Retention hook (see amanat.cases.retention): erase interview answers and results."""

from __future__ import annotations

from amanat.screening.services import assessments_erase_for_retention


def erase_case_personal_data(case) -> int:
    return assessments_erase_for_retention(case=case)
