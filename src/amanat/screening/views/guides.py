"""The screening guides: the list and one guide's questions and indicators."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from amanat.screening import presenters, services
from amanat.screening.engine import builtin_guides
from amanat.screening.views._shared import ui_language


@login_required
def guide_list(request):
    language = request.GET.get("language") or ui_language()
    guides = [
        {
            "guide": g,
            "title": presenters.label(g.title, language),
            "description": presenters.label(g.description, language),
        }
        for g in builtin_guides().values()
    ]
    return render(request, "screening/guide_list.html", {"guides": guides, "language": language})


@login_required
def guide_detail(request, guide_id):
    guide = presenters.guide_or_none(guide_id)
    if guide is None:
        raise Http404
    language = request.GET.get("language") or ui_language()
    if language not in services.INTERVIEW_LANGUAGES:
        language = ui_language()
    return render(
        request,
        "screening/guide_detail.html",
        {
            "guide": guide,
            "title": presenters.label(guide.title, language),
            "description": presenters.label(guide.description, language),
            "sections": presenters.interview_sections(guide, language),
            "groups": presenters.indicator_groups(guide, language) if guide.indicators else [],
            "language": language,
            "languages": [(c, presenters.language_name(c)) for c in services.INTERVIEW_LANGUAGES],
            "yes_no": presenters.yes_no_choices(language),
        },
    )
