"""The project's form renderer: every `{{ form }}` starts with the error summary (ADR 1603)."""

from __future__ import annotations

from django.forms.renderers import DjangoTemplates


class FormRenderer(DjangoTemplates):
    """Django's form templates and the apps' (`core/templates/includes/form.html`)."""

    form_template_name = "includes/form.html"
