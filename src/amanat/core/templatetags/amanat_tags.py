from __future__ import annotations

from django import template

from amanat.core import vocabularies
from amanat.privacy.models import ConsentPurpose

register = template.Library()


@register.filter
def vocab(code, name):
    """The label of a code from a vocabulary, in the active language."""
    if not code:
        return ""
    return vocabularies.label(name, code)


@register.filter
def consent_purpose(code):
    try:
        return ConsentPurpose(code).label
    except ValueError:
        return code


@register.filter
def autonym(code):
    """A language's name in that language (Қазақша, Oʻzbekcha): for choosing a document's language."""
    from amanat.config.languages import NATIVE_NAMES

    return NATIVE_NAMES.get(code, code)
