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


@register.inclusion_tag("includes/error_summary.html")
def error_summary(*forms):
    """Every problem of the forms shown together, at the top, each linking to its field (ADR
    1603). Every form gets it through the form renderer (`core.forms.FormRenderer`); pages that
    lay out fields by hand put `{% error_summary form1 form2 %}` above them."""
    items = []
    for form in forms:
        if form is None or not form.is_bound:
            continue
        for error in form.non_field_errors():
            items.append({"anchor": "", "label": "", "message": error})
        for field in form:
            for error in field.errors:
                items.append({"anchor": field.auto_id, "label": field.label, "message": error})
    return {"items": items}
