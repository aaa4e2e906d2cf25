"""Retention hook (see amanat.cases.retention): erase this app's personal data about a case."""

from __future__ import annotations

from amanat.assistance.services import assistance_personal_data_erase


def erase_case_personal_data(case) -> int:
    return sum(assistance_personal_data_erase(case_id=case.pk).values())
