"""Helpers the screening views share: the page language and the assessment page URLs."""

from __future__ import annotations

from django.urls import reverse

from amanat.core.language import active
from amanat.screening.models import Assessment


def ui_language() -> str:
    """The user's page language as a bare code (`ru`, not `ru-RU`)."""
    return active()


def assessment_url(name: str, assessment: Assessment, **query) -> str:
    """The URL of one of an assessment's pages (`screening:<name>`), with an optional query."""
    url = reverse(
        f"screening:{name}", kwargs={"case_id": assessment.case_id, "assessment_id": assessment.pk}
    )
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return url
