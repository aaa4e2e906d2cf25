from __future__ import annotations

from django import template

from amanat.core import geography
from amanat.training import reports, vocab

register = template.Library()


@register.filter
def tvocab(code, name):
    """The label of a code from a training or core vocabulary, in the active language."""
    return vocab.label(name, code) if code else ""


@register.filter
def country_name(code):
    return geography.country_name(code) if code else ""


@register.filter
def language_name(code):
    return geography.language_name(code) if code else ""


@register.filter
def num(value, digits=1):
    return reports.num(value, int(digits))


@register.filter
def pvalue(value):
    return reports.pvalue(value)


@register.filter
def get(mapping, key):
    return mapping.get(key) if mapping else None
