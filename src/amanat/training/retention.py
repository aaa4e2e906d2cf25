"""Retention hook (see amanat.cases.retention): training data is kept per event, not per case."""

from __future__ import annotations

from amanat.training.services import training_retention_apply


def erase_case_personal_data(case) -> int:
    return 0  # training holds no data about cases


def apply_other_retention(*, dry_run: bool) -> dict:
    return training_retention_apply(dry_run=dry_run)
