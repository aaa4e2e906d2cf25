"""Labels for the assistance app's codes, in the active language."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

from amanat.assistance import codes, config
from amanat.assistance.models import ActionStatus, PlanStatus, VisitMode
from amanat.cases.models import LifecycleKind

register = template.Library()


@register.filter
def service_type(code):
    return codes.service_type_label(code) if code else ""


@register.filter
def urgency(code):
    return codes.urgency_label(code) if code else ""


@register.filter
def spl_type(code):
    return codes.label("support_plan_type", code) if code else ""


@register.filter
def closure_reason(code):
    return codes.label("closure_reason", code) if code else ""


@register.filter
def need_category(code):
    from amanat.core.language import active

    category = config.needs_guide().categories.get(code)
    return category.label.get(active()) if category else code


@register.filter
def visit_status(code):
    labels = {
        "upcoming": _("Upcoming"),
        "due": _("Due"),
        "overdue": _("Overdue"),
        "done": _("Done"),
    }
    return labels.get(str(code), code)


@register.filter
def plan_status(code):
    try:
        return PlanStatus(code).label
    except ValueError:
        return code


@register.filter
def action_status(code):
    try:
        return ActionStatus(code).label
    except ValueError:
        return code


@register.filter
def visit_mode(code):
    try:
        return VisitMode(code).label
    except ValueError:
        return code


@register.filter
def lifecycle_kind(code):
    try:
        return LifecycleKind(code).label
    except ValueError:
        return code


@register.filter
def score(value):
    return "—" if value is None else f"{value:.2f}"
