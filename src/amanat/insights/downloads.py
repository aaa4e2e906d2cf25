"""A produced export file as a download, the same for the web pages and the API."""

from __future__ import annotations

from django.http import HttpResponse


def attachment(result) -> HttpResponse:
    """`result` has `content`, `content_type` and `filename` (HTCDS and CTDC exports)."""
    content_type = result.content_type
    if content_type.startswith("text/") or content_type == "application/json":
        content_type += "; charset=utf-8"
    response = HttpResponse(result.content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{result.filename}"'
    return response
