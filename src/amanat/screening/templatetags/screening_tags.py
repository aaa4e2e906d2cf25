from __future__ import annotations

from django import template

from amanat.referrals.codes import service_type_label as _service_type_label
from amanat.referrals.codes import urgency_label as _urgency_label

register = template.Library()


@register.filter
def service_type_label(code: str) -> str:
    return _service_type_label(code)


@register.filter
def urgency_label(code: str) -> str:
    return _urgency_label(code)
