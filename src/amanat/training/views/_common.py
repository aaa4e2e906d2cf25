"""Decorators and helpers shared by the training pages."""

from __future__ import annotations

import base64
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _

from amanat.core.web import form_call
from amanat.errors import NotFound, UsageError
from amanat.training import access
from amanat.training.analysis.errors import TableError
from amanat.training.imports import MAX_UPLOAD_BYTES


def trainer_required(view):
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not access.is_trainer(request.user):
            raise NotFound()
        return view(request, *args, **kwargs)

    return wrapper


def import_call(form, service, /, **kwargs):
    """`form_call` for a file import. A file's error (TableError) names a column of the file,
    not a field of the form, so it goes above the form even where a form field has that name."""

    def call(**arguments):
        try:
            return service(**arguments)
        except TableError as error:
            raise UsageError(error.message, code=error.code) from error

    return form_call(form, call, **kwargs)


def _upload(form) -> tuple[str, bytes]:
    uploaded = form.cleaned_data["file"]
    # One byte over the limit is enough for the import to refuse the file as too large.
    return uploaded.name, uploaded.read(MAX_UPLOAD_BYTES + 1)


def _svg_data_uri(svg: bytes | None) -> str:
    if not svg:
        return ""
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


def _render_event(request, template: str, event, tab: str, context: dict):
    return render(request, template, {"event": event, "tab": tab, **context})


def _questions(items, given: dict) -> list[dict]:
    questions = []
    for number, item in enumerate(items, start=1):
        chosen = set((given.get(item.code) or "").split(";"))
        if item.item_type == "true_false":
            options = [{"key": "true", "text": _("True")}, {"key": "false", "text": _("False")}]
        else:
            options = item.options
        questions.append(
            {
                "number": number,
                "item": item,
                "name": f"i{item.pk}",
                "multiple": item.item_type == "multiple",
                "options": [{**o, "checked": o["key"] in chosen} for o in options],
            }
        )
    return questions
