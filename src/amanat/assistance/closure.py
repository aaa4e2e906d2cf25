"""Assistance's say in a case's closure (registered with `amanat.cases.closure_guards`)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from amanat.assistance.models import OPEN_PLAN_STATUSES, SupportPlan
from amanat.cases.models import Case
from amanat.errors import Conflict


def open_plan_refuses_closure(case: Case) -> None:
    """A case with a support plan still open (draft, agreed, in progress) may not be closed."""
    if SupportPlan.objects.filter(case=case, status__in=OPEN_PLAN_STATUSES).exists():
        raise Conflict(
            _("End the open support plan (completed or cancelled) before closing the case."),
            field="plan",
            code="open_plan",
        )
