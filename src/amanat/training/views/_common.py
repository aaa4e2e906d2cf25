"""Decorators and helpers shared by the training pages."""

from __future__ import annotations

import base64
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from amanat.core.web import attach_error
from amanat.errors import AmanatError, NotFound
from amanat.training import access
from amanat.training.analysis.errors import TableError


def trainer_required(view):
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not access.is_trainer(request.user):
            raise NotFound()
        return view(request, *args, **kwargs)

    return wrapper


def _fail(form, error: AmanatError) -> None:
    """Show a service's error next to its field, or above the form. A file's error names a
    column of the file, not a field of the form, so it always goes above the form."""
    if isinstance(error, TableError):
        form.add_error(None, error.message)
    else:
        attach_error(form, error)


def _upload(form) -> tuple[str, bytes]:
    uploaded = form.cleaned_data["file"]
    return uploaded.name, uploaded.read(forms_max_bytes() + 1)


def forms_max_bytes() -> int:
    from amanat.training.imports import MAX_UPLOAD_BYTES

    return MAX_UPLOAD_BYTES


def _svg_data_uri(svg: bytes | None) -> str:
    if not svg:
        return ""
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


def _render_event(request, template: str, event, tab: str, context: dict):
    return render(request, template, {"event": event, "tab": tab, **context})
