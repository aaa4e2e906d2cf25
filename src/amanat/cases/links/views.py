"""The coordinator's "possibly the same person" page: list, confirm, reject, unlink (POST + CSRF).

Anyone without `persons.link` gets the 404 page (the selectors raise NotFound), exactly as for
an address that does not exist.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from amanat.cases.links import selectors, services
from amanat.cases.links.models import MatchStatus
from amanat.core.ids import try_parse_id
from amanat.core.web import message_call


def _page_number(request) -> int:
    return try_parse_id(request.GET.get("page", "1")) or 1


@login_required
def queue(request):
    status = request.GET.get("status", MatchStatus.OPEN)
    if status not in MatchStatus.values:
        status = MatchStatus.OPEN
    page = selectors.match_queue(request.user, status=status, page=_page_number(request))
    return render(
        request,
        "cases/links/queue.html",
        {"page": page, "status": status, "statuses": MatchStatus.choices},
    )


@login_required
def links(request):
    page = selectors.link_list(request.user, page=_page_number(request))
    return render(request, "cases/links/links.html", {"page": page})


@login_required
@require_POST
def confirm(request, match_id: int):
    message_call(
        request,
        services.confirm_match,
        actor=request.user,
        match_id=match_id,
        success=_("Linked: the two records are counted as one person."),
    )
    return redirect("cases:person_matches")


@login_required
@require_POST
def reject(request, match_id: int):
    message_call(
        request,
        services.reject_match,
        actor=request.user,
        match_id=match_id,
        success=_("Marked as different persons."),
    )
    return redirect("cases:person_matches")


@login_required
@require_POST
def unlink(request, link_id: int):
    message_call(
        request,
        services.unlink_persons,
        actor=request.user,
        link_id=link_id,
        success=_("Link undone: the two records are counted as two persons again."),
    )
    return redirect("cases:person_links")
