from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from amanat.core.landing import landing_for, panels_for


@require_GET
@never_cache
def healthz(request):
    return JsonResponse({"status": "ok"})


def home(request):
    """Each user's own landing page, chosen by the permissions they hold (core.landing)."""
    if request.user.is_authenticated:
        return redirect(landing_for(request.user))
    return redirect("accounts:login")


@login_required
def no_role(request):
    """For a user whom no landing page serves: what to do instead of an empty page."""
    return render(request, "core/no_role.html")


@login_required
def overview(request):
    """The coordinator's landing: the panels registered for the "coordinator" audience."""
    panels = panels_for(request.user, "coordinator")
    if not panels:
        raise Http404
    return render(request, "core/overview.html", {"panels": panels})


def not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # No request data, no traceback: the page must never show personal data.
    return render(request, "500.html", status=500)
